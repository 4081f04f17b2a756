import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AnalyticsQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'First day (Asia/Shanghai), inclusive; with `to`',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'Last day (Asia/Shanghai), inclusive; with `from`',
  })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A descendant account (account and campaign analytics)',
  })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}
