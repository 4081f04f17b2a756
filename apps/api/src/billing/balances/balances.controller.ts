import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../auth/authenticated.decorator';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { Scope } from '../../auth/scope';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { AdjustmentDto, LedgerQuery, TopUpDto } from './balance.dto';
import { AdjustmentView, BalanceView, LedgerPage, TopUpView } from './balance.view';
import { BalancesService } from './balances.service';
import { ErrorCode } from '@tongdao/platform';
import { ApiErrors } from '../../common/api-errors.decorator';

@ApiTags('balances')
@Controller('v1/accounts/:id')
export class BalancesController {
  constructor(private readonly balances: BalancesService) {}

  @Get('balance')
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'Balance, reserved amount, credit limit and what is available (1/10,000 CNY)' })
  @ApiOkResponse({ type: BalanceView })
  balance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<BalanceView> {
    return this.balances.balance(principal, id);
  }

  @Get('ledger')
  @ApiErrors(ErrorCode.InvalidCursor)
  @Authenticated(Scope.AccountsRead)
  @ApiOperation({ summary: 'The append-only ledger, newest first; its amounts sum to the balance' })
  @ApiOkResponse({ type: LedgerPage })
  ledger(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: LedgerQuery,
  ): Promise<LedgerPage> {
    return this.balances.entries(principal, id, query);
  }

  @Post('top-ups')
  @ApiErrors(ErrorCode.TopUpReferenceReused, ErrorCode.InsufficientBalance)
  @HttpCode(201)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Top up a descendant’s balance (idempotent per payment reference)' })
  @ApiCreatedResponse({ type: TopUpView })
  topUp(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: TopUpDto,
  ): Promise<TopUpView> {
    return this.balances.topUp(principal, id, dto);
  }

  @Post('adjustments')
  @ApiErrors(ErrorCode.InsufficientBalance)
  @HttpCode(201)
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({ summary: 'Credit or debit a descendant’s balance with a reason' })
  @ApiCreatedResponse({ type: AdjustmentView })
  adjust(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: AdjustmentDto,
  ): Promise<AdjustmentView> {
    return this.balances.adjust(principal, id, dto);
  }
}
