import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MessageKind, TemplateReviewStatus } from './review-status';

/** A message template with `${name}` variables, approved by an ancestor account before use. */
@Entity({ name: 'templates' })
export class TemplateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: MessageKind;

  @Column('text')
  body!: string;

  @Column('text', { array: true })
  variables!: string[];

  /** Issue 9a: declared types of the variables (`{"code": {"type": "code"}}`); null = all `text`. */
  @Column('jsonb', { name: 'variable_types', nullable: true })
  variableTypes!: Record<string, { type: string; max_length?: number; allow_url?: boolean }> | null;

  @Column('text')
  status!: TemplateReviewStatus;

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
