import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Carrier, CARRIERS } from '@tongdao/phone';
import { PageQueryDto } from '../../accounts/list-query.dto';

export class ListOverridesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: CARRIERS })
  @IsOptional()
  @IsIn(CARRIERS)
  carrier?: Carrier;
}
