import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ALL_SCOPES } from '../auth/scope';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'order-service production', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    description: 'Defaults to every scope the calling key has; cannot exceed them',
    enum: ALL_SCOPES,
    isArray: true,
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    description: 'Reject requests from this key that are not HMAC-signed',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  require_signature?: boolean;
}
