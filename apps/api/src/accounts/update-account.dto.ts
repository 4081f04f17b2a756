import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { AccountStatus } from '@tongdao/database/entities';
import { AccountSettingsDto } from './account-settings.dto';

export class UpdateAccountDto extends AccountSettingsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: AccountStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allow_free_text?: boolean;
}
