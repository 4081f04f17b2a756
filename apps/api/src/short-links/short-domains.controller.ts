import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ReviewDecisionDto } from '../common/review-decision.dto';
import {
  CreateShortDomainDto,
  ListShortDomainsQuery,
  ShortDomainList,
  ShortDomainView,
} from './dto/short-domain.dto';
import { ShortDomainsService } from './short-domains.service';

@ApiTags('short links')
@Controller('v1/short-domains')
export class ShortDomainsController {
  constructor(private readonly domains: ShortDomainsService) {}

  @Post()
  @HttpCode(201)
  @Authenticated(Scope.TemplatesWrite)
  @ApiOperation({ summary: 'Register a short domain; it starts pending until an ancestor approves it' })
  @ApiCreatedResponse({ type: ShortDomainView })
  register(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateShortDomainDto,
  ): Promise<ShortDomainView> {
    return this.domains.register(principal, dto.host, dto.account_id);
  }

  @Get()
  @Authenticated(Scope.TemplatesRead)
  @ApiOperation({ summary: 'The account’s domains and the platform’s' })
  @ApiOkResponse({ type: ShortDomainList })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListShortDomainsQuery,
  ): Promise<ShortDomainList> {
    return this.domains.list(principal, query.account_id, query.status);
  }

  @Get(':id')
  @Authenticated(Scope.TemplatesRead)
  @ApiOkResponse({ type: ShortDomainView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<ShortDomainView> {
    return this.domains.get(principal, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Approve a descendant’s pending short domain' })
  @ApiOkResponse({ type: ShortDomainView })
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<ShortDomainView> {
    return this.domains.review(principal, id, 'approved', dto.reason);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Reject a descendant’s pending short domain' })
  @ApiOkResponse({ type: ShortDomainView })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<ShortDomainView> {
    return this.domains.review(principal, id, 'rejected', dto.reason);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated(Scope.TemplatesWrite)
  @ApiOperation({
    summary: 'Withdraw a domain: removed if it has no links, else disabled (codes stay reserved)',
  })
  @ApiNoContentResponse()
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    await this.domains.withdraw(principal, id);
  }
}
