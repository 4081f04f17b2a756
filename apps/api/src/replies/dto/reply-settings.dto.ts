import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export class QuickReplyDto {
  @ApiProperty({
    example: '1',
    description: 'What the user replies (compared without case, spaces or punctuation)',
  })
  @IsString()
  @Length(1, 20)
  keyword!: string;

  @ApiProperty({ example: 'claim_sample', description: 'The action name that comes with the reply' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'action must be 1 to 64 letters, digits or _ . : -' })
  action!: string;
}

export class UpdateReplySettingsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Change a descendant account’s settings' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['TD', '退订', 'STOP'],
    description:
      'Replies that unsubscribe the number from this account’s marketing; null restores the defaults',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 20, { each: true })
  unsubscribe_keywords?: string[] | null;

  @ApiPropertyOptional({
    type: [QuickReplyDto],
    description: 'Keywords mapped to named actions (replaces the list)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => QuickReplyDto)
  quick_replies?: QuickReplyDto[];

  @ApiPropertyOptional({
    nullable: true,
    example: '20001',
    description:
      'Extension code appended to the sender number (1–8 digits). Set by a parent account or the operator only; ' +
      'no code may be a prefix of another',
  })
  @IsOptional()
  @Matches(/^\d{1,8}$/, { message: 'extension must be 1 to 8 digits' })
  extension?: string | null;
}

export class ReplySettingsView {
  @ApiProperty({ format: 'uuid' }) account_id!: string;
  @ApiPropertyOptional({ nullable: true }) extension!: string | null;
  @ApiProperty({ type: [String] }) unsubscribe_keywords!: string[];
  @ApiProperty({ description: 'false while the platform defaults apply' })
  unsubscribe_keywords_custom!: boolean;
  @ApiProperty({ type: [QuickReplyDto] }) quick_replies!: QuickReplyDto[];
}

export class AccountQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}
