import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from '@tongdao/database/entities';
import { MessageEventRow, MessageRow } from './message.repository';

export class MessageErrorView {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class MessageEventView {
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiProperty() occurred_at!: string;
  @ApiPropertyOptional({ type: Object, nullable: true }) detail!: Record<string, unknown> | null;
}

export class MessageView {
  @ApiProperty({ format: 'uuid', description: 'Time-ordered UUIDv7' }) id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) batch_id!: string | null;
  @ApiProperty({ example: '+8613800138000' }) phone!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: string;
  @ApiProperty({ example: '通道科技' }) signature!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) template_id!: string | null;
  @ApiProperty({ type: Object, nullable: true }) template_params!: Record<string, string> | null;
  @ApiProperty({
    example: '【通道科技】您的验证码为123456，5分钟内有效。',
    description: 'Final text including the signature',
  })
  content!: string;
  @ApiProperty({ enum: ['GSM7', 'UCS2'] }) encoding!: string;
  @ApiProperty({ description: 'Billable segments' }) segments!: number;
  @ApiProperty({ nullable: true, type: String, example: 'CMCC' }) carrier!: string | null;
  @ApiProperty({ nullable: true, type: String }) province!: string | null;
  @ApiProperty({ nullable: true, type: String }) channel_id!: string | null;
  @ApiProperty({ type: [String], description: 'Carrier message id per segment, once submitted' })
  carrier_message_ids!: string[];
  @ApiProperty({ nullable: true, type: String }) client_ref!: string | null;
  @ApiProperty({ nullable: true, type: String }) callback_url!: string | null;
  @ApiProperty() send_at!: string;
  @ApiProperty() created_at!: string;
  @ApiProperty({ nullable: true, type: String }) queued_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) submitted_at!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When a final status was reached' }) done_at!:
    string | null;
  @ApiProperty({ type: MessageErrorView, nullable: true }) error!: MessageErrorView | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() updated_at!: string;
  @ApiPropertyOptional({
    type: [MessageEventView],
    description: 'Status history (single-message lookups only)',
  })
  events?: MessageEventView[];

  static of(row: MessageRow, events?: MessageEventRow[]): MessageView {
    const view: MessageView = {
      id: row.id,
      account_id: row.account_id,
      batch_id: row.batch_id,
      phone: row.phone,
      status: row.status,
      kind: row.kind,
      signature: row.signature,
      template_id: row.template_id,
      template_params: row.template_params,
      content: row.content,
      encoding: row.encoding,
      segments: row.segments,
      carrier: row.carrier,
      province: row.province,
      channel_id: row.channel_id,
      carrier_message_ids: row.carrier_message_ids ?? [],
      client_ref: row.client_ref,
      callback_url: row.callback_url,
      send_at: row.send_at.toISOString(),
      created_at: row.created_at.toISOString(),
      queued_at: iso(row.queued_at),
      submitted_at: iso(row.submitted_at),
      done_at: iso(row.done_at),
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
      attempts: row.attempts,
      updated_at: row.updated_at.toISOString(),
    };
    if (events)
      view.events = events.map((event) => ({
        status: event.status,
        occurred_at: event.occurred_at.toISOString(),
        detail: event.detail,
      }));
    return view;
  }
}

export class MessagePage {
  @ApiProperty({ type: [MessageView] }) data!: MessageView[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as cursor to get the next page; null on the last page',
  })
  next_cursor!: string | null;
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
