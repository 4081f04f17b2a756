import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { BILLING_KINDS, BillingKind, PRICE_CARRIERS, PriceCarrier } from '@tongdao/billing';

export class PriceEntryDto {
  @ApiProperty({ enum: PRICE_CARRIERS, description: 'INTL: every number outside the four mainland carriers' })
  @IsIn(PRICE_CARRIERS)
  carrier!: PriceCarrier;

  @ApiProperty({ enum: BILLING_KINDS })
  @IsIn(BILLING_KINDS)
  kind!: BillingKind;

  @ApiPropertyOptional({ example: '广东', description: 'Only for numbers of this province; omit for all' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  province?: string | null;

  @ApiProperty({ example: 350, minimum: 0, description: 'Per segment, in 1/10,000 CNY (350 = 0.035 yuan)' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  unit_price!: number;
}

export class PriceListDto {
  @ApiProperty({ type: [PriceEntryDto], description: 'The whole list; it replaces the previous one' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PriceEntryDto)
  prices!: PriceEntryDto[];
}
