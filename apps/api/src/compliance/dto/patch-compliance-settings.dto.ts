import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsObject, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { ActingAccountQuery } from './compliance-state.dto';

/** Every per-account compliance setting in one partial update (fields left out stay as they are). */
export class PatchComplianceSettingsDto extends ActingAccountQuery {
  @ApiPropertyOptional({ example: '回TD退订', nullable: true, description: 'null: the platform default' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(2, 20)
  unsubscribe_text?: string | null;

  @ApiPropertyOptional({
    example: '22:00-08:00',
    description: '`off`, `HH:MM-HH:MM` (in the account’s zone), or {enabled, start, end, time_zone}',
  })
  @Allow()
  quiet_hours?: unknown;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Marketing needs consent on record; null: platform default',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsBoolean()
  consent_required?: boolean | null;

  @ApiPropertyOptional({
    example: { verification: '1/minute,5/hour,10/day', marketing: '', notification: null },
    description: 'Per kind: a cap list, `""` for no cap, null for the platform default',
  })
  @IsOptional()
  @IsObject()
  caps?: Record<string, string | null>;
}
