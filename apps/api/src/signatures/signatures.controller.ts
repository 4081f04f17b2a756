import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ReviewDecisionDto } from '../common/review-decision.dto';
import { CreateSignatureDto, ListSignaturesQuery } from './create-signature.dto';
import { SignatureList, SignatureView } from './signature.view';
import { SignaturesService } from './signatures.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('signatures')
@Controller('v1/signatures')
export class SignaturesController {
  constructor(private readonly signatures: SignaturesService) {}

  @Post()
  @ApiErrors(ErrorCode.AlreadyExists, ErrorCode.NotFound)
  @HttpCode(201)
  @Authenticated(Scope.TemplatesWrite)
  @ApiOperation({ summary: 'Submit a signature (【brand】) for review; it starts pending' })
  @ApiCreatedResponse({ type: SignatureView })
  submit(@CurrentPrincipal() principal: Principal, @Body() dto: CreateSignatureDto): Promise<SignatureView> {
    return this.signatures.submit(principal, dto.text, dto.account_id);
  }

  @Get()
  @Authenticated(Scope.TemplatesRead)
  @ApiOkResponse({ type: SignatureList })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSignaturesQuery,
  ): Promise<SignatureList> {
    return this.signatures.list(principal, query.account_id, query.status);
  }

  @Get(':id')
  @Authenticated(Scope.TemplatesRead)
  @ApiOkResponse({ type: SignatureView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<SignatureView> {
    return this.signatures.get(principal, id);
  }

  @Post(':id/approve')
  @ApiErrors(ErrorCode.ReviewNotAllowed, ErrorCode.AlreadyReviewed)
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Approve a descendant’s pending signature' })
  @ApiOkResponse({ type: SignatureView })
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<SignatureView> {
    return this.signatures.review(principal, id, 'approved', dto.reason);
  }

  @Post(':id/reject')
  @ApiErrors(ErrorCode.ReviewNotAllowed, ErrorCode.AlreadyReviewed)
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Reject a descendant’s pending signature' })
  @ApiOkResponse({ type: SignatureView })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<SignatureView> {
    return this.signatures.review(principal, id, 'rejected', dto.reason);
  }
}
