import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
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
