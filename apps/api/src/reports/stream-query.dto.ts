import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

/** A page of a pull stream (reports or replies): everything after `cursor`, in commit order. */
export class StreamQueryDto {
  @ApiPropertyOptional({
    description: 'next_cursor of the previous page (or an event_id); omit to start at the oldest kept event',
  })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Read only this descendant account’s tree' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}
