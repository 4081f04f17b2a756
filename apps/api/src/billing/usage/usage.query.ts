import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BILLING_KINDS, PRICE_CARRIERS } from '@tongdao/billing';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class UsageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The caller (default) or one of its descendants' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ example: '2025-11-01', description: 'First billing day (default: today)' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day such as 2025-11-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-11-30', description: 'Last billing day, inclusive (default: from)' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day such as 2025-11-30' })
  to?: string;

  @ApiPropertyOptional({
    enum: ['account', 'subtree'],
    default: 'account',
    description: 'account: the account’s own rows; subtree: a row set for it and for every descendant',
  })
  @IsOptional()
  @IsIn(['account', 'subtree'])
  scope?: 'account' | 'subtree';

  @ApiPropertyOptional({ enum: PRICE_CARRIERS })
  @IsOptional()
  @IsIn(PRICE_CARRIERS)
  carrier?: string;

  @ApiPropertyOptional({ enum: BILLING_KINDS })
  @IsOptional()
  @IsIn(BILLING_KINDS)
  kind?: string;

  @ApiPropertyOptional({ example: '广东' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  province?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Or send Accept: text/csv' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
