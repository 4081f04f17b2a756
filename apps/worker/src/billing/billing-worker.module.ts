import { Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { BalanceStore, LedgerStore, ReservationStore, UsageStore } from '@tongdao/billing-store';
import { APP_CONFIG } from '@tongdao/platform';
import { BillingSettlementConsumer } from './billing-settlement.consumer';

/** The worker's billing: the settlement outbox consumer and the billing tables' SQL it writes through. */
@Module({
  providers: [
    {
      provide: BalanceStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new BalanceStore(config.resellers.balanceStripes),
    },
    { provide: LedgerStore, useValue: new LedgerStore() },
    { provide: ReservationStore, useValue: new ReservationStore() },
    { provide: UsageStore, useValue: new UsageStore() },
    BillingSettlementConsumer,
  ],
  exports: [BillingSettlementConsumer],
})
export class BillingWorkerModule {}
