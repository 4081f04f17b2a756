import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ReviewDecisionDto } from '../common/review-decision.dto';
import { CreateTemplateDto, ListTemplatesQuery } from './create-template.dto';
import { TemplateList, TemplateView } from './template.view';
import { TemplatesService } from './templates.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('templates')
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @ApiErrors(ErrorCode.NotFound)
  @HttpCode(201)
  @Authenticated(Scope.TemplatesWrite)
  @ApiOperation({
    summary: 'Submit a template for review; variables are extracted from ${name} placeholders',
  })
  @ApiCreatedResponse({ type: TemplateView })
  submit(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTemplateDto): Promise<TemplateView> {
    return this.templates.submit(principal, dto);
  }

  @Get()
  @ApiErrors(ErrorCode.InvalidCursor)
  @Authenticated(Scope.TemplatesRead)
  @ApiOkResponse({ type: TemplateList })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListTemplatesQuery): Promise<TemplateList> {
    return this.templates.list(principal, query.account_id, query.status);
  }

  @Get(':id')
  @Authenticated(Scope.TemplatesRead)
  @ApiOkResponse({ type: TemplateView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<TemplateView> {
    return this.templates.get(principal, id);
  }

  @Post(':id/approve')
  @ApiErrors(ErrorCode.ReviewNotAllowed, ErrorCode.AlreadyReviewed)
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOkResponse({ type: TemplateView })
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<TemplateView> {
    return this.templates.review(principal, id, 'approved', dto.reason);
  }

  @Post(':id/reject')
  @ApiErrors(ErrorCode.ReviewNotAllowed, ErrorCode.AlreadyReviewed)
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOkResponse({ type: TemplateView })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<TemplateView> {
    return this.templates.review(principal, id, 'rejected', dto.reason);
  }
}
