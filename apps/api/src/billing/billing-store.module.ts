import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { BillingCalendar } from '@tongdao/billing';
import { BalanceStore, LedgerStore, ReservationStore, UsageStore } from '@tongdao/billing-store';
import { APP_CONFIG } from '@tongdao/platform';

/** The billing tables' SQL (shared with the worker) and the billing calendar, configured once. */
@Global()
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
    {
      provide: BillingCalendar,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new BillingCalendar(config.resellers.billingTimeZone),
    },
  ],
  exports: [BalanceStore, LedgerStore, ReservationStore, UsageStore, BillingCalendar],
})
export class BillingStoreModule {}
