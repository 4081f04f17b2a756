import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { NumberDataModule } from '@tongdao/number-data';
import { ConfigModule, HealthModule, LoggingModule, MetricsModule, RedisModule } from '@tongdao/platform';
import { ChannelMetrics } from './channels/channel-metrics';
import { ChannelPoolService } from './channels/channel-pool.service';
import { DispatcherLifecycleService } from './dispatcher-lifecycle.service';
import { InboundModule } from './inbound/inbound.module';
import { DispatchRepository } from './dispatch/dispatch.repository';
import { DispatchService } from './dispatch/dispatch.service';
import { RecordedSubmits } from './dispatch/recorded-submits';
import { MaintenanceRepository } from './maintenance/maintenance.repository';
import { MaintenanceService } from './maintenance/maintenance.service';
import { ReceiptRepository } from './receipts/receipt.repository';
import { ReceiptService } from './receipts/receipt.service';

@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig, options: { runMigrations?: boolean } = {}): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'dispatcher'),
        DatabaseModule.forRoot(config, {
          appName: 'tongdao-dispatcher',
          runMigrations: options.runMigrations ?? true,
          keyedBatches: true,
        }),
        RedisModule,
        MetricsModule,
        HealthModule,
        NumberDataModule,
        InboundModule,
      ],
      providers: [
        ChannelMetrics,
        ChannelPoolService,
        DispatchRepository,
        DispatchService,
        RecordedSubmits,
        ReceiptRepository,
        ReceiptService,
        MaintenanceService,
        MaintenanceRepository,
        DispatcherLifecycleService,
      ],
      exports: [ChannelPoolService, DispatchService, ReceiptService, NumberDataModule],
    };
  }
}
