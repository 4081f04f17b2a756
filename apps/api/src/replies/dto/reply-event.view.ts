import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReplyEventView } from '@tongdao/webhooks';

class ReplyActionDto {
  @ApiProperty({ example: '1' }) keyword!: string;
  @ApiProperty({ example: 'claim_sample' }) name!: string;
}

class InReplyToDto {
  @ApiProperty({ format: 'uuid' }) message_id!: string;
  @ApiPropertyOptional({ nullable: true }) client_ref!: string | null;
}

/** One inbound reply, exactly as reply webhooks carry it. */
export class ReplyEventDto implements ReplyEventView {
  @ApiProperty({ description: 'Unique per reply; also a cursor for GET /v1/replies' }) event_id!: string;
  @ApiProperty({ enum: ['reply'] }) type!: 'reply';
  @ApiProperty({ description: 'Aliyun sequence_id' }) reply_id!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) account_id!: string | null;
  @ApiProperty({ example: '+8613800138000' }) phone_number!: string;
  @ApiProperty({ example: 'TD' }) content!: string;
  @ApiProperty({ format: 'date-time' }) send_time!: string;
  @ApiPropertyOptional({ nullable: true, example: '10001', description: 'The extension replied to' })
  dest_code!: string | null;
  @ApiProperty({ example: '106900000110001' }) destination!: string;
  @ApiProperty({ enum: ['extension', 'last_message', 'unmatched'] })
  routed_by!: 'extension' | 'last_message' | 'unmatched';
  @ApiPropertyOptional({ type: InReplyToDto, nullable: true }) in_reply_to!: InReplyToDto | null;
  @ApiProperty({ description: 'An unsubscribe keyword: the number is on the account’s opt-out list' })
  unsubscribe!: boolean;
  @ApiPropertyOptional({ type: ReplyActionDto, nullable: true }) action!: ReplyActionDto | null;
  @ApiProperty({ description: 'false if parts of a long reply never arrived' }) complete!: boolean;
}

export class ReplyPage {
  @ApiProperty({ type: [ReplyEventDto] }) data!: ReplyEventDto[];
  @ApiProperty() next_cursor!: string;
  @ApiProperty() has_more!: boolean;
}

export class UnmatchedReplyDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) received_at!: string;
  @ApiProperty() channel_id!: string;
  @ApiProperty() phone_number!: string;
  @ApiProperty() destination!: string;
  @ApiProperty() content!: string;
  @ApiProperty() unsubscribe!: boolean;
}

export class UnmatchedReplyPage {
  @ApiProperty({ type: [UnmatchedReplyDto] }) data!: UnmatchedReplyDto[];
  @ApiPropertyOptional({ nullable: true }) next_cursor!: string | null;
}
