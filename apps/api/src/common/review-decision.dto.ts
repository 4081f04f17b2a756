import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ReviewDecisionDto {
  @ApiPropertyOptional({ description: 'Shown to the submitter; recommended when rejecting', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
