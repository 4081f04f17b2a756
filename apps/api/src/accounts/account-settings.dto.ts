import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { MESSAGE_KINDS, MessageKind } from '@tongdao/database/entities';
import { MAX_ALLOWLIST_ENTRIES } from '@tongdao/ip-allowlist';

/**
 * Settings a parent gives an account (an account may set only its own ip_allowlist). For the nullable limits,
 * `null` removes the limit and an absent field leaves it as it is.
 */
export class AccountSettingsDto {
  @ApiPropertyOptional({
    enum: MESSAGE_KINDS,
    isArray: true,
    description: 'Message kinds this account and its sub-accounts may send (default: all)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(MESSAGE_KINDS, { each: true })
  allowed_kinds?: MessageKind[];

  @ApiPropertyOptional({
    type: [String],
    example: ['203.0.113.0/24', '2001:db8::/32'],
    description: `IPv4/IPv6 networks the account's keys may call from; empty allows any (at most ${MAX_ALLOWLIST_ENTRIES})`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWLIST_ENTRIES)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  ip_allowlist?: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'Segments per second for the account and its sub-accounts together; null: no limit',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  tps_limit?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    description: 'Segments per billing day (Asia/Shanghai by default) for the whole subtree; null: no quota',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  daily_quota?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    description: 'Segments per billing month',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  monthly_quota?: number | null;

  @ApiPropertyOptional({
    enum: ['none', 'undelivered'],
    description:
      'none: every submitted segment is paid; undelivered: a submitted message that finally fails is refunded',
  })
  @IsOptional()
  @IsIn(['none', 'undelivered'])
  refund_policy?: 'none' | 'undelivered';

  @ApiPropertyOptional({
    minimum: 0,
    description: 'How far below zero the balance may go, in 1/10,000 CNY (default 0: strictly prepaid)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000_000)
  credit_limit?: number;
}
