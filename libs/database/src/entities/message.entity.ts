import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MessageStatus } from './message-status';
import { MessageKind } from './review-status';

/**
 * One message to one recipient. The table is range-partitioned by `created_at` (monthly); `id` is a UUIDv7
 * whose timestamp equals `created_at`, so a lookup by id can be pruned to one partition.
 */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @PrimaryColumn('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('uuid', { name: 'batch_id', nullable: true })
  batchId!: string | null;

  @Column('text')
  phone!: string;

  @Column('text')
  content!: string;

  @Column('text')
  signature!: string;

  @Column('uuid', { name: 'template_id', nullable: true })
  templateId!: string | null;

  @Column('jsonb', { name: 'template_params', nullable: true })
  templateParams!: Record<string, string> | null;

  @Column('text')
  kind!: MessageKind;

  @Column('text')
  encoding!: string;

  @Column('smallint')
  segments!: number;

  @Column('text')
  status!: MessageStatus;

  @Column('text', { nullable: true })
  carrier!: string | null;

  @Column('text', { nullable: true })
  province!: string | null;

  @Column('text', { name: 'channel_id', nullable: true })
  channelId!: string | null;

  @Column('text', { name: 'carrier_message_ids', array: true, nullable: true })
  carrierMessageIds!: string[] | null;

  @Column('text', { name: 'client_ref', nullable: true })
  clientRef!: string | null;

  @Column('text', { name: 'callback_url', nullable: true })
  callbackUrl!: string | null;

  @Column('timestamptz', { name: 'send_at' })
  sendAt!: Date;

  @Column('timestamptz', { name: 'queued_at', nullable: true })
  queuedAt!: Date | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('timestamptz', { name: 'done_at', nullable: true })
  doneAt!: Date | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage!: string | null;

  @Column('smallint', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
