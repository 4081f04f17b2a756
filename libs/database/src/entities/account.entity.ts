import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type AccountKind = 'operator' | 'reseller' | 'customer';
export type AccountStatus = 'active' | 'suspended';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
