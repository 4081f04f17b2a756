import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export const MAX_TAGS = 20;

export class CreateShortLinkDto {
  @ApiProperty({ example: 'https://shop.example.cn/spring?sku=42', maxLength: 2048 })
  @IsString()
  target_url!: string;

  @ApiPropertyOptional({
    example: 't.brand.cn',
    description:
      'An approved short domain of the account, an ancestor or the platform; default: the platform default',
  })
  @IsOptional()
  @IsString()
  @Length(3, 253)
  domain?: string;

  @ApiPropertyOptional({
    example: 'spring',
    description: '4–8 letters, digits, - or _; default: a random code',
  })
  @IsOptional()
  @IsString()
  code?: string;

  @ApiPropertyOptional({ type: [String], example: ['spring-sale'], maxItems: MAX_TAGS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ example: '2026-12-31T16:00:00Z', description: 'After this the link answers 410' })
  @IsOptional()
  @IsDateString({ strict: true })
  expires_at?: string;

  @ApiPropertyOptional({ example: 1, description: 'Human clicks allowed; further clicks answer 410' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  click_cap?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Create for this descendant instead of the caller' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}

export class UpdateShortLinkDto {
  @ApiPropertyOptional({ example: 'https://shop.example.cn/summer' })
  @IsOptional()
  @IsString()
  target_url?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes the expiry' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsDateString({ strict: true })
  expires_at?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'null removes the cap' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  click_cap?: number | null;

  @ApiPropertyOptional({ description: 'Disable (410) or enable the link' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListShortLinksQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ example: 'spring-sale' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  tag?: string;

  @ApiPropertyOptional({ description: 'From the previous page’s next_cursor' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  cursor?: string;

  @ApiPropertyOptional({ example: '100', description: '1–1000, default 100' })
  @IsOptional()
  @Matches(/^\d{1,4}$/)
  limit?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include disabled links (default false)' })
  @IsOptional()
  @Matches(/^(true|false)$/)
  include_disabled?: string;
}

export class BulkShortLinksQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ description: 'Default domain for lines that name none' })
  @IsOptional()
  @IsString()
  @Length(3, 253)
  domain?: string;
}
