import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LimitsModule } from '../limits/limits.module';
import { AcceptanceBilling } from './acceptance/acceptance-billing';
import { SenderChainRepository } from './acceptance/sender-chain.repository';
import { BalancesController } from './balances/balances.controller';
import { BalancesService } from './balances/balances.service';
import { TopUpRepository } from './balances/top-up.repository';
import { PriceRulesRepository } from './prices/price-rules.repository';
import { PricesController } from './prices/prices.controller';
import { PricesService } from './prices/prices.service';
import { UsageController } from './usage/usage.controller';
import { UsageService } from './usage/usage.service';

/** Reseller money: prices down the tree, balances and the ledger, usage reports, and acceptance-time charging. */
@Module({
  imports: [AccountsModule, LimitsModule],
  controllers: [PricesController, BalancesController, UsageController],
  providers: [
    SenderChainRepository,
    AcceptanceBilling,
    PriceRulesRepository,
    PricesService,
    TopUpRepository,
    BalancesService,
    UsageService,
  ],
  exports: [AcceptanceBilling],
})
export class BillingModule {}
