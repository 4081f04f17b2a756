import { ApiProperty } from '@nestjs/swagger';
import { UsageRow } from '@tongdao/billing-store';
import { MONEY_UNIT } from '../prices/price.view';

export class UsageRowView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty() account_name!: string;
  @ApiProperty({ example: '2025-11-11', description: 'Billing day of acceptance' }) day!: string;
  @ApiProperty({ example: 'CMCC' }) carrier!: string;
  @ApiProperty({ example: 'marketing' }) kind!: string;
  @ApiProperty({ type: String, nullable: true, example: '广东' }) province!: string | null;
  @ApiProperty({ description: 'Messages of the account and its sub-accounts that reached a final status' })
  messages!: number;
  @ApiProperty() segments!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'Final status other than DELIVERED' }) failed!: number;
  @ApiProperty({ description: 'What the account was charged for this traffic, net of refunds' })
  charged!: number;
  @ApiProperty({ description: 'What its sub-accounts were charged by it for their part of the traffic' })
  revenue!: number;
  @ApiProperty({ description: 'The account’s own cost of its sub-accounts’ traffic' }) cost!: number;
  @ApiProperty({ description: 'revenue - cost' }) margin!: number;

  static of(row: UsageRow): UsageRowView {
    return {
      account_id: row.accountId,
      account_name: row.accountName,
      day: row.day,
      carrier: row.carrier,
      kind: row.kind,
      province: row.province,
      messages: row.messages,
      segments: row.segments,
      delivered: row.delivered,
      failed: row.failed,
      charged: row.charged,
      revenue: row.revenue,
      cost: row.cost,
      margin: row.revenue - row.cost,
    };
  }
}

export class UsageTotalsView {
  @ApiProperty() messages!: number;
  @ApiProperty() segments!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() charged!: number;
  @ApiProperty() revenue!: number;
  @ApiProperty() cost!: number;
  @ApiProperty() margin!: number;
}

export class UsageReportView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ enum: ['account', 'subtree'] }) scope!: string;
  @ApiProperty({ example: '2025-11-01' }) from!: string;
  @ApiProperty({ example: '2025-11-30' }) to!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) time_zone!: string;
  @ApiProperty({ example: MONEY_UNIT }) unit!: string;
  @ApiProperty({ type: [UsageRowView] }) data!: UsageRowView[];
  @ApiProperty({
    type: UsageTotalsView,
    description: 'Sums over the account’s own rows (not over descendants’)',
  })
  totals!: UsageTotalsView;
}
