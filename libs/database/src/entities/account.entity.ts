import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type AccountKind = 'operator' | 'reseller' | 'customer';
export type AccountStatus = 'active' | 'suspended';
export type RefundPolicy = 'none' | 'undelivered';

/** bigint columns arrive from node-pg as strings; limits and money stay exact as numbers (safe integers). */
const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * A node of the account tree. `path` lists the ids from the root down to and including this account
 * (`/root/reseller/self/`), so "is X a descendant of Y" is one indexed prefix match on `path`.
 */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('accounts_parent_idx')
  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId!: string | null;

  @Column('text')
  path!: string;

  @Column('int')
  depth!: number;

  @Column('text')
  kind!: AccountKind;

  @Column('text')
  name!: string;

  @Column('text')
  status!: AccountStatus;

  @Column('boolean', { name: 'allow_free_text', default: false })
  allowFreeText!: boolean;

  /** Message kinds this account (and so its whole subtree) may send. */
  @Column('text', { name: 'allowed_kinds', array: true })
  allowedKinds!: string[];

  /** Networks the account's keys may call from (canonical CIDRs); empty allows every address. */
  @Column('text', { name: 'ip_allowlist', array: true })
  ipAllowlist!: string[];

  /** Segments per second for the account's whole subtree; null is unlimited. */
  @Column('int', { name: 'tps_limit', nullable: true })
  tpsLimit!: number | null;

  /** Segments per billing day / month for the account's whole subtree; null is unlimited. */
  @Column('bigint', { name: 'daily_quota', nullable: true, transformer: bigintAsNumber })
  dailyQuota!: number | null;

  @Column('bigint', { name: 'monthly_quota', nullable: true, transformer: bigintAsNumber })
  monthlyQuota!: number | null;

  @Column('text', { name: 'refund_policy' })
  refundPolicy!: RefundPolicy;

  /** How far below zero the parent lets the balance go, in 1/10,000 CNY. */
  @Column('bigint', { name: 'credit_limit', transformer: bigintAsNumber })
  creditLimit!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
