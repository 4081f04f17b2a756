import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { HeldReviewService } from './held-review.service';

export class HeldListQuery {
  @ApiPropertyOptional({ enum: ['review', 'quiet_hours'] })
  @IsOptional()
  @IsIn(['review', 'quiet_hours'])
  reason?: 'review' | 'quiet_hours';
}

export class RefuseHeldDto {
  @ApiPropertyOptional({ description: 'Stored as the message’s error message' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}

@ApiTags('compliance')
@Controller('v1/compliance/held')
export class HeldReviewController {
  constructor(private readonly reviews: HeldReviewService) {}

  @Get()
  @ApiOkResponse()
  @Authenticated(Scope.MessagesRead)
  @ApiOperation({ summary: 'HELD messages of the caller’s subtree (oldest first, 1,000 at most)' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: HeldListQuery) {
    return this.reviews.list(principal, query.reason);
  }

  @Post(':id/approve')
  @ApiOkResponse()
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Approve a message held for review (an ancestor of the sender); it is then released',
  })
  approve(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.reviews.approve(principal, id);
  }

  @Post(':id/refuse')
  @ApiOkResponse()
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Refuse a message held for review: it ends FAILED with SENSITIVE_WORD' })
  refuse(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: RefuseHeldDto,
  ) {
    return this.reviews.refuse(principal, id, dto.reason);
  }
}
