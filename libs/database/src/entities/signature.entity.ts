import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ReviewStatus } from './review-status';

/** A sender signature (the brand shown as 【text】), approved by an ancestor account before use. */
@Entity({ name: 'signatures' })
export class SignatureEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  text!: string;

  @Column('text')
  status!: ReviewStatus;

  @Column('uuid', { name: 'reviewer_account_id', nullable: true })
  reviewerAccountId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
