import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Maps a carrier's message id (per channel, per segment) back to our message, for delivery receipts. */
@Entity({ name: 'message_carrier_refs' })
export class MessageCarrierRefEntity {
  @PrimaryColumn('text', { name: 'channel_id' })
  channelId!: string;

  @PrimaryColumn('text', { name: 'carrier_message_id' })
  carrierMessageId!: string;

  @Column('uuid', { name: 'message_id' })
  messageId!: string;

  @Column('timestamptz', { name: 'message_created_at' })
  messageCreatedAt!: Date;

  @Column('smallint', { name: 'segment_index' })
  segmentIndex!: number;

  /** Raw carrier state from the status report (DELIVRD, UNDELIV, MK:0001, ...); null until reported. */
  @Column('text', { nullable: true })
  stat!: string | null;

  @Column('boolean', { nullable: true })
  delivered!: boolean | null;

  @Column('text', { name: 'report_error', nullable: true })
  reportError!: string | null;

  @Column('timestamptz', { name: 'reported_at', nullable: true })
  reportedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
