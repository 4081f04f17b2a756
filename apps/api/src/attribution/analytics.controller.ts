import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { AnalyticsQueryDto } from './analytics-query.dto';
import { AnalyticsService, AnalyticsView } from './analytics.service';

const DESCRIPTION =
  'Human and non-human clicks (by class and reason), unique clickers (recipients, not IPs), the hour × weekday ' +
  'heatmap in Asia/Shanghai, devices, OS, browsers, provinces and cities of human clicks, time from delivery to ' +
  'first click, the funnel sent → delivered → clicked → converted with rates (also per channel, carrier and ' +
  'province) and conversions. All time, or the Asia/Shanghai days `from`..`to`. Read from rollups kept as clicks, ' +
  'status changes and conversions arrive.';

@ApiTags('analytics')
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('links/:id')
  @ApiOkResponse()
  @Authenticated(Scope.AnalyticsRead)
  @ApiOperation({ summary: 'Analytics of one short link (all time)', description: DESCRIPTION })
  link(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AnalyticsView> {
    return this.analytics.forLink(principal, id);
  }

  @Get('batches/:id')
  @ApiOkResponse()
  @Authenticated(Scope.AnalyticsRead)
  @ApiOperation({
    summary: 'Analytics of one message batch (its per-recipient links)',
    description: DESCRIPTION,
  })
  batch(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<AnalyticsView> {
    return this.analytics.forBatch(principal, id, query);
  }

  @Get('campaigns/:ref')
  @ApiOkResponse()
  @Authenticated(Scope.AnalyticsRead)
  @ApiOperation({
    summary: 'Analytics of a campaign reference (link.campaign_ref of sends)',
    description: DESCRIPTION,
  })
  campaign(
    @CurrentPrincipal() principal: Principal,
    @Param('ref') ref: string,
    @Query() query: AnalyticsQueryDto,
  ): Promise<AnalyticsView> {
    return this.analytics.forCampaign(principal, ref, query);
  }

  @Get('account')
  @ApiOkResponse()
  @Authenticated(Scope.AnalyticsRead)
  @ApiOperation({
    summary: 'Analytics of the account (or a descendant with account_id)',
    description: DESCRIPTION,
  })
  account(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AnalyticsQueryDto,
  ): Promise<AnalyticsView> {
    return this.analytics.forAccount(principal, query);
  }
}
