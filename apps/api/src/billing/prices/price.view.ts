import { ApiProperty } from '@nestjs/swagger';
import { PriceSource } from '@tongdao/billing';
import { PriceEntry } from './price-rules.repository';

export const MONEY_UNIT = '0.0001 CNY';

export class PriceEntryView {
  @ApiProperty({ example: 'CMCC' }) carrier!: string;
  @ApiProperty({ example: 'notification' }) kind!: string;
  @ApiProperty({ type: String, nullable: true, example: '广东' }) province!: string | null;
  @ApiProperty({ example: 350 }) unit_price!: number;

  static of(entry: PriceEntry): PriceEntryView {
    return {
      carrier: entry.carrier,
      kind: entry.kind,
      province: entry.province,
      unit_price: entry.unitPrice,
    };
  }
}

export class PriceListView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ example: MONEY_UNIT }) unit!: string;
  @ApiProperty({ type: [PriceEntryView] }) prices!: PriceEntryView[];
}

export class EffectivePriceView {
  @ApiProperty({ example: 'CMCC' }) carrier!: string;
  @ApiProperty({ example: 'marketing' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) province!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Null when no price is set (sending is refused)',
  })
  unit_price!: number | null;
  @ApiProperty({
    enum: [
      'operator',
      'account_province',
      'account',
      'all_children_province',
      'all_children',
      'inherited',
      'missing',
    ],
  })
  source!: PriceSource | 'missing';
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The parent's own cost for the same messages; shown to the parent and above only",
  })
  parent_cost!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'unit_price - parent_cost: what the parent earns',
  })
  margin!: number | null;
}

export class AccountPricesView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ example: MONEY_UNIT }) unit!: string;
  @ApiProperty({
    type: [EffectivePriceView],
    description: 'What the account pays per segment, after inheritance',
  })
  effective!: EffectivePriceView[];
  @ApiProperty({
    type: [PriceEntryView],
    description: 'The list its parent set for this account specifically',
  })
  prices!: PriceEntryView[];
}
