import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BillingCalendar } from '@tongdao/billing';
import { AccountsService } from '../accounts/accounts.service';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { LimitsView } from './limits.view';
import { TrafficLimiter } from './traffic-limiter';

@ApiTags('accounts')
@Controller('v1/accounts/:id/limits')
export class LimitsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly limiter: TrafficLimiter,
    private readonly calendar: BillingCalendar,
  ) {}

  @Get()
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'The account’s TPS limit and quotas, and how much of the quotas is used' })
  @ApiOkResponse({ type: LimitsView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<LimitsView> {
    const account = await this.accounts.require(principal, id);
    const usage = await this.limiter.usage(account.id);
    return {
      account_id: account.id,
      time_zone: this.calendar.timeZone,
      tps_limit: account.tpsLimit,
      daily_quota: account.dailyQuota,
      used_today: usage.today,
      monthly_quota: account.monthlyQuota,
      used_this_month: usage.thisMonth,
    };
  }
}
