import { ApiProperty } from '@nestjs/swagger';
import { AccountEntity } from '@tongdao/database/entities';

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) parent_id!: string | null;
  @ApiProperty({ enum: ['operator', 'reseller', 'customer'] }) kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: string;
  @ApiProperty() allow_free_text!: boolean;
  @ApiProperty({ description: 'Levels below the operator' }) depth!: number;
  @ApiProperty({ enum: ['verification', 'notification', 'marketing'], isArray: true })
  allowed_kinds!: string[];
  @ApiProperty({ type: [String], description: 'Networks the keys may call from; empty allows any' })
  ip_allowlist!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Segments per second for the subtree' })
  tps_limit!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Segments per billing day for the subtree' })
  daily_quota!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Segments per billing month for the subtree' })
  monthly_quota!: number | null;
  @ApiProperty({ enum: ['none', 'undelivered'] }) refund_policy!: string;
  @ApiProperty({ description: 'Credit granted by the parent, in 1/10,000 CNY' }) credit_limit!: number;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;

  static of(account: AccountEntity): AccountView {
    return {
      id: account.id,
      parent_id: account.parentId,
      kind: account.kind,
      name: account.name,
      status: account.status,
      allow_free_text: account.allowFreeText,
      depth: account.depth,
      allowed_kinds: account.allowedKinds,
      ip_allowlist: account.ipAllowlist,
      tps_limit: account.tpsLimit,
      daily_quota: account.dailyQuota,
      monthly_quota: account.monthlyQuota,
      refund_policy: account.refundPolicy,
      credit_limit: account.creditLimit,
      created_at: account.createdAt.toISOString(),
      updated_at: account.updatedAt.toISOString(),
    };
  }
}

export class AccountPage {
  @ApiProperty({ type: [AccountView] }) data!: AccountView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
