import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class DeadLetterQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ enum: ['report', 'reply'] })
  @IsOptional()
  @IsIn(['report', 'reply'])
  kind?: 'report' | 'reply';

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class ReplayDeadLettersDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ type: [String], description: 'Dead-letter ids; omit to replay the oldest ones' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @Matches(/^\d{1,19}$/, { each: true, message: 'ids must be dead-letter ids' })
  ids?: string[];

  @ApiPropertyOptional({ enum: ['report', 'reply'] })
  @IsOptional()
  @IsIn(['report', 'reply'])
  kind?: 'report' | 'reply';
}

export class DeadLetterView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['report', 'reply'] }) kind!: 'report' | 'reply';
  @ApiProperty() url!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ description: 'The event as it would have been delivered' }) event!: Record<string, unknown>;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true }) last_error!: string | null;
  @ApiProperty({ format: 'date-time' }) queued_at!: string;
  @ApiProperty({ format: 'date-time' }) dead_at!: string;
}

export class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterView] }) data!: DeadLetterView[];
  @ApiPropertyOptional({ nullable: true }) next_cursor!: string | null;
}

export class ReplayResultView {
  @ApiProperty({ description: 'Dead letters queued again' }) replayed!: number;
}

export class EndpointView {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiProperty({ enum: ['report', 'reply'] }) kind!: 'report' | 'reply';
  @ApiProperty() url!: string;
  @ApiProperty({ description: 'Events waiting for delivery' }) pending!: number;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) oldest_pending_at!: string | null;
  @ApiProperty() dead_letters!: number;
  @ApiProperty() consecutive_failures!: number;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) next_attempt_at!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) last_success_at!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) last_failure_at!: string | null;
  @ApiPropertyOptional({ nullable: true }) last_error!: string | null;
}

export class EndpointList {
  @ApiProperty({ type: [EndpointView] }) data!: EndpointView[];
}
