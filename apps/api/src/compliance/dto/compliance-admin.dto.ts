import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { WORD_CATEGORIES, WordCategory } from '@tongdao/compliance';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export class AccountQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'A descendant account; default the caller' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}

export class WordListQuery extends AccountQuery {
  @ApiPropertyOptional({ enum: ['platform', 'account'], description: 'platform: the operator’s global list' })
  @IsOptional()
  @IsIn(['platform', 'account'])
  list?: 'platform' | 'account';

  @ApiPropertyOptional({ description: 'Words after this one (alphabetical paging)' })
  @IsOptional()
  @IsString()
  after?: string;
}

export class WordEntryDto {
  @ApiProperty({ example: '免费' })
  @IsString()
  @Length(1, 50)
  word!: string;

  @ApiPropertyOptional({ enum: WORD_CATEGORIES, default: 'block' })
  @IsOptional()
  @IsIn(WORD_CATEGORIES)
  category?: WordCategory;
}

export class AddWordsDto extends WordListQuery {
  @ApiProperty({ type: [WordEntryDto], description: 'Up to 50,000 words per call (an import)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => WordEntryDto)
  words!: WordEntryDto[];
}

export class LinkDomainDto extends AccountQuery {
  @ApiProperty({ example: 'shop.example.com', description: 'Host; its subdomains are covered too' })
  @IsString()
  @Matches(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
    message: 'host must be a domain name such as shop.example.com',
  })
  host!: string;
}

export class QuietHoursDto {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiPropertyOptional({ example: '22:00' }) @IsOptional() @Matches(CLOCK) start?: string;
  @ApiPropertyOptional({ example: '08:00' }) @IsOptional() @Matches(CLOCK) end?: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptional()
  @IsString()
  @Length(3, 64)
  time_zone?: string;
}

export class ComplianceSettingsDto extends AccountQuery {
  @ApiPropertyOptional({ example: '回TD退订', nullable: true, description: 'null: the platform default' })
  @IsOptional()
  @IsString()
  @Length(2, 20)
  unsubscribe_text?: string | null;

  @ApiPropertyOptional({ type: QuietHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quiet_hours?: QuietHoursDto;
}
