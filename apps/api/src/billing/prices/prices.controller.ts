import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../auth/authenticated.decorator';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { Scope } from '../../auth/scope';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { PriceListDto } from './price-list.dto';
import { AccountPricesView, PriceListView } from './price.view';
import { PricesService } from './prices.service';

@ApiTags('prices')
@Controller('v1/accounts/:id')
export class PricesController {
  constructor(private readonly prices: PricesService) {}

  @Get('prices')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({
    summary:
      'What the account pays per segment, by kind, carrier and province, and where each price comes from',
  })
  @ApiOkResponse({ type: AccountPricesView })
  effective(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<AccountPricesView> {
    return this.prices.effective(principal, id);
  }

  @Put('prices')
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary:
      'Set the price list the account’s parent charges it (replaces the list; unset prices are inherited)',
  })
  @ApiOkResponse({ type: AccountPricesView })
  setForChild(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: PriceListDto,
  ): Promise<AccountPricesView> {
    return this.prices.setForChild(principal, id, dto);
  }

  @Get('child-prices')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'The default price list the account charges all its children' })
  @ApiOkResponse({ type: PriceListView })
  defaults(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<PriceListView> {
    return this.prices.defaultsFor(principal, id);
  }

  @Put('child-prices')
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Set the default price list for all the account’s children (replaces the list)' })
  @ApiOkResponse({ type: PriceListView })
  setDefaults(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: PriceListDto,
  ): Promise<PriceListView> {
    return this.prices.setDefaults(principal, id, dto);
  }
}
