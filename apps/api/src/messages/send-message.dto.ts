import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { MESSAGE_KINDS, MessageKind } from '@tongdao/database/entities';
import { MessageLinkDto } from '../attribution/message-link.dto';

/** Fields shared by single and batch sends: what to send, as whom, and when. */
export class MessageEnvelopeDto {
  @ApiProperty({
    example: '通道科技',
    description: 'Approved signature text (without 【】) of the account or an ancestor',
  })
  @IsString()
  @Length(2, 20)
  signature!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Approved template; give this or content' })
  @IsOptional()
  @IsUUID()
  template_id?: string;

  @ApiPropertyOptional({
    description: 'Free text (accounts with allow_free_text only); give this or template_id',
    maxLength: 1000,
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  content?: string;

  @ApiPropertyOptional({
    enum: MESSAGE_KINDS,
    description: 'Defaults to the template’s kind (or notification for free text)',
  })
  @IsOptional()
  @IsIn(MESSAGE_KINDS)
  kind?: MessageKind;

  @ApiPropertyOptional({
    example: '2026-12-01T09:30:00+08:00',
    description: 'Schedule for later (ISO 8601, at most 90 days ahead)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  send_at?: string;

  @ApiPropertyOptional({
    example: 'https://example.com/sms/status',
    format: 'uri',
    maxLength: 2048,
    description:
      'Status callbacks are POSTed here: http(s) on a public address (WEBHOOK_URL_UNSAFE otherwise, with its reason)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callback_url?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Send on behalf of this descendant account' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  // Issue 8b: per-recipient short links (checked field by field in parseMessageLink)
  @ApiPropertyOptional({
    type: MessageLinkDto,
    description: 'Gives every recipient its own tracked short link where the text says ${link}',
  })
  @IsOptional()
  @IsObject()
  link?: MessageLinkDto;
}

export class SendMessageDto extends MessageEnvelopeDto {
  @ApiProperty({
    example: '13800138000',
    description: 'Mainland 11-digit (with or without +86/0086) or international +CC...',
  })
  @IsString()
  @Length(1, 32)
  phone!: string;

  @ApiPropertyOptional({ example: { code: '123456' }, description: 'Values for the template’s ${variables}' })
  @IsOptional()
  @IsObject()
  template_params?: Record<string, string | number>;

  @ApiPropertyOptional({
    example: 'order-10086',
    description: 'Your reference, echoed in receipts and filterable',
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  client_ref?: string;
}

export class BatchRecipientDto {
  @ApiProperty({ example: '13800138000' }) phone!: string;
  @ApiPropertyOptional({ example: { name: '张三' } }) template_params?: Record<string, string | number>;
  @ApiPropertyOptional({ maxLength: 64 }) client_ref?: string;
}

export class SendBatchDto extends MessageEnvelopeDto {
  @ApiProperty({
    type: [BatchRecipientDto],
    description:
      'Up to 10,000 recipients (configurable), each with its own variables. Checked one by one: bad ones are rejected individually.',
  })
  @IsArray()
  @ArrayNotEmpty()
  recipients!: unknown[];
}
