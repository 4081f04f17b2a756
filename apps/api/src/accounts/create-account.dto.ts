import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { AccountSettingsDto } from './account-settings.dto';

export class CreateAccountDto extends AccountSettingsDto {
  @ApiProperty({ example: 'Acme Retail', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ['reseller', 'customer'] })
  @IsIn(['reseller', 'customer'])
  kind!: 'reseller' | 'customer';

  @ApiPropertyOptional({
    description: 'May this account send free text instead of templates?',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  allow_free_text?: boolean;

  @ApiPropertyOptional({
    description: 'Create below this descendant instead of below the caller',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  parent_id?: string;
}
