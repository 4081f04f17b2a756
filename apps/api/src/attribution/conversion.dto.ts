import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

/** A conversion postback. Exactly one of click_id, link_code or message_id says what it is attributed to. */
export class ConversionDto {
  @ApiPropertyOptional({
    example: 'c7Kp2...',
    description: 'The click id your page received (the td_cid parameter)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  click_id?: string;

  @ApiPropertyOptional({
    example: 'Ab3dE5',
    description: 'A short link code (with `domain` if codes repeat across domains)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  link_code?: string;

  @ApiPropertyOptional({ example: 't.brand.cn', description: 'The short domain of link_code' })
  @IsOptional()
  @IsString()
  @Length(1, 253)
  domain?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A message that carried a per-recipient link' })
  @IsOptional()
  @IsUUID()
  message_id?: string;

  @ApiProperty({ example: 'purchase', description: 'Event name: letters, digits, _ . - (1-64)' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'event must be 1-64 letters, digits, _ . or -' })
  event!: string;

  @ApiPropertyOptional({
    example: '199.90',
    description: 'Value in major units as a decimal string (≤ 2 decimals)',
  })
  @IsOptional()
  value?: unknown;

  @ApiPropertyOptional({ example: 19990, description: 'Or the value in minor units (fen) as an integer' })
  @IsOptional()
  value_minor?: unknown;

  @ApiPropertyOptional({ example: 'CNY', default: 'CNY', description: 'ISO 4217 code' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency?: string;

  @ApiPropertyOptional({
    example: '2026-11-30T10:15:00+08:00',
    description: 'When it happened (default: now)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurred_at?: string;

  @ApiPropertyOptional({
    example: 'order-10086',
    description: 'Same key, same conversion: a retry is not counted twice',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  idempotency_key?: string;
}
