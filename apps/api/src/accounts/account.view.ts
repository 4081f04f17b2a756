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
      created_at: account.createdAt.toISOString(),
      updated_at: account.updatedAt.toISOString(),
    };
  }
}

export class AccountPage {
  @ApiProperty({ type: [AccountView] }) data!: AccountView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
