import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MessageStatus } from './message-status';

/** One status transition of a message. Range-partitioned by `occurred_at` (monthly). */
@Entity({ name: 'message_events' })
export class MessageEventEntity {
  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId!: string;

  @PrimaryColumn('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  /** Tie-breaker for events of one message in the same microsecond; from a sequence. */
  @PrimaryColumn('bigint')
  id!: string;

  @Column('timestamptz', { name: 'message_created_at' })
  messageCreatedAt!: Date;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  status!: MessageStatus;

  @Column('jsonb', { nullable: true })
  detail!: Record<string, unknown> | null;
}
