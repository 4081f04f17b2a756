import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { MESSAGE_STATUSES, MessageStatus } from '@tongdao/lifecycle';

export class UpdateWebhookSettingsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Change a descendant account’s settings' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({
    nullable: true,
    example: 'https://example.com/sms/reports',
    description: 'Status changes of messages without a callback_url are POSTed here; null turns it off',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  reports_url?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'https://example.com/sms/replies' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  replies_url?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    enum: MESSAGE_STATUSES,
    isArray: true,
    example: ['DELIVERED', 'UNDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED'],
    description: 'Only these status changes are pushed (also to callback_url); null pushes every change',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MESSAGE_STATUSES.length)
  @IsIn(MESSAGE_STATUSES, { each: true })
  report_statuses?: MessageStatus[] | null;

  @ApiPropertyOptional({
    description:
      'Descendant accounts without URLs of their own use these (signed with this account’s secret)',
  })
  @IsOptional()
  @IsBoolean()
  include_descendants?: boolean;
}

export class WebhookSettingsView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiPropertyOptional({ nullable: true }) reports_url!: string | null;
  @ApiPropertyOptional({ nullable: true }) replies_url!: string | null;
  @ApiPropertyOptional({ nullable: true, type: [String] }) report_statuses!: string[] | null;
  @ApiProperty() include_descendants!: boolean;
  @ApiProperty() signing_secret_set!: boolean;
  @ApiPropertyOptional({
    description: 'Shown once, when the secret is created: verify X-Tongdao-Signature with it',
  })
  signing_secret?: string;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    description: 'The previous secret signs until then',
  })
  previous_secret_expires_at!: string | null;
}

export class AccountBodyDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}
