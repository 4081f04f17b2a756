import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export class ActingAccountQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Act for a descendant account' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}

export class PhoneListQuery extends ActingAccountQuery {
  @ApiPropertyOptional({ description: 'Only this number (any accepted spelling)' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  phone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class ConsentListQuery extends PhoneListQuery {
  @ApiPropertyOptional({ description: 'Only consents not revoked', default: false })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class AddOptOutDto extends ActingAccountQuery {
  @ApiProperty({ example: '13800138000' }) @IsString() @Length(1, 32) phone!: string;
  @ApiPropertyOptional({ example: 'asked by phone' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'number reissued to a new subscriber', description: 'Kept in the audit trail' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class BlockNumberDto extends ReasonDto {}

export class RecordConsentDto extends ActingAccountQuery {
  @ApiPropertyOptional({ example: '13800138000', description: 'One number (or use `phones`)' })
  @ValidateIf((dto: RecordConsentDto) => dto.phones === undefined)
  @IsString()
  @Length(1, 32)
  phone?: string;

  @ApiPropertyOptional({ type: [String], description: 'Up to 10,000 numbers with the same source and time' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  phones?: string[];

  @ApiProperty({ example: 'web_form', description: 'Where the consent was given' })
  @IsString()
  @Length(1, 100)
  source!: string;

  @ApiPropertyOptional({ example: 'form 2026-11-30 #4711', description: 'A reference to the evidence' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  evidence?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When consent was given (default: now)' })
  @IsOptional()
  @IsDateString()
  consented_at?: string;
}

export class RevokeConsentDto extends ActingAccountQuery {
  @ApiPropertyOptional({ example: 'customer_service', default: 'api' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When consent was withdrawn (default: now)' })
  @IsOptional()
  @IsDateString()
  revoked_at?: string;
}

export class UpdateStateSettingsDto extends ActingAccountQuery {
  @ApiPropertyOptional({
    nullable: true,
    description: 'Marketing needs consent on record; null: the platform default',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsBoolean()
  requires_marketing_consent?: boolean | null;

  @ApiPropertyOptional({
    example: { verification: '1/minute,5/hour,10/day', marketing: '', notification: null },
    description:
      'Per kind: a cap list (`N/unit`, units second, minute, hour, day, week (7 days), month (30 days), ' +
      'e.g. `3/10minutes`), `""` for no cap, or null for the platform default',
  })
  @IsOptional()
  @IsObject()
  caps?: Record<string, string | null>;
}

export class ExemptNumberDto extends ActingAccountQuery {
  @ApiPropertyOptional({ description: 'Platform-wide (operator only)', default: false })
  @IsOptional()
  @IsBoolean()
  platform?: boolean;

  @ApiPropertyOptional({ example: 'QA handset' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class ExemptListQuery extends ActingAccountQuery {
  @ApiPropertyOptional({ description: 'The platform-wide list (operator only)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  platform?: 'true' | 'false';
}
