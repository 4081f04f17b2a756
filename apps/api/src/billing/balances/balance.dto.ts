import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  NotEquals,
} from 'class-validator';
import { LEDGER_ENTRY_TYPES, LedgerEntryType } from '@tongdao/billing';

export class TopUpDto {
  @ApiProperty({ example: 10_000_000, minimum: 1, description: 'In 1/10,000 CNY (10,000,000 = 1,000 yuan)' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000_000)
  amount!: number;

  @ApiProperty({
    example: 'alipay-2025111100042',
    description:
      'Your payment reference; the same reference never tops up twice (a repeat returns the first)',
  })
  @IsString()
  @Length(1, 128)
  reference!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class AdjustmentDto {
  @ApiProperty({
    example: -35_000,
    description: 'Signed, in 1/10,000 CNY; a debit cannot exceed what is available',
  })
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000_000_000_000)
  @Max(1_000_000_000_000_000)
  amount!: number;

  @ApiProperty({ example: 'Goodwill credit for the outage of 11 Nov' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class LedgerQuery {
  @ApiPropertyOptional({ enum: LEDGER_ENTRY_TYPES })
  @IsOptional()
  @IsIn(LEDGER_ENTRY_TYPES)
  type?: LedgerEntryType;

  @ApiPropertyOptional({ description: 'A batch id, message id, top-up id or adjustment id' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  cause_id?: string;

  @ApiPropertyOptional({ description: 'At or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor is not one this API returned' })
  cursor?: string;
}
