import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateSignatureDto {
  @ApiProperty({
    example: '通道科技',
    description: 'Brand text without the 【】 brackets',
    minLength: 2,
    maxLength: 20,
  })
  @IsString()
  @Length(2, 20)
  @Matches(/^[^【】[\]\s]+$/u, { message: 'text must not contain brackets or whitespace' })
  text!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Submit for this descendant instead of the caller' })
  @IsOptional()
  @IsUUID()
  account_id?: string;
}

export class ListSignaturesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'List a descendant’s signatures' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] })
  @IsOptional()
  @Matches(/^(pending|approved|rejected)$/)
  status?: 'pending' | 'approved' | 'rejected';
}
