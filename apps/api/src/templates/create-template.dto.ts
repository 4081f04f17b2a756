import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { VariableTypeInput } from '@tongdao/compliance';
import { MESSAGE_KINDS, MessageKind, TemplateReviewStatus } from '@tongdao/database/entities';

export class CreateTemplateDto {
  @ApiProperty({ example: 'login code', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: MESSAGE_KINDS })
  @IsIn(MESSAGE_KINDS)
  kind!: MessageKind;

  @ApiProperty({
    example: '您的验证码为${code}，${minutes}分钟内有效。',
    description: 'Text with ${name} variables',
    maxLength: 1000,
  })
  @IsString()
  @Length(1, 1000)
  body!: string;

  @ApiPropertyOptional({
    example: { code: { type: 'code' }, name: { type: 'name', max_length: 10 } },
    description:
      'Issue 9a: types of the body’s variables: code (4–8 digits), amount (a number), name, address, text ' +
      '(length cap max_length; no link unless allow_url) or url. Undeclared variables are text (35 characters, no link).',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, VariableTypeInput>;

  @ApiPropertyOptional({ format: 'uuid', description: 'Submit for this descendant instead of the caller' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}

export class ListTemplatesQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ enum: ['submitted', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['submitted', 'approved', 'rejected'])
  status?: TemplateReviewStatus;
}
