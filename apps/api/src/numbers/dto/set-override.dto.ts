import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Carrier, CARRIERS, MAX_NOTE_LENGTH } from '@tongdao/phone';

export class SetOverrideDto {
  @ApiProperty({ enum: CARRIERS, description: 'The carrier the number moved to' })
  @IsIn(CARRIERS)
  carrier!: Carrier;

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH, example: '携号转网 ticket 2024-118' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}
