import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { ConfigModule, HealthModule, LoggingModule, MetricsModule, RedisModule } from '@tongdao/platform';
import { OutboxModule } from './outbox/outbox.module';
import { ClickRecordingModule } from '../../redirector/src/clicks/click-recording.module';
import { WorkerFeaturesModule } from './worker-features.module';

export interface WorkerModuleOptions {
  runMigrations?: boolean;
  /** Extra modules (tests add consumers of their own). */
  imports?: ModuleMetadata['imports'];
}

/** The worker as a process: infrastructure, the outbox runner and the downstream features it feeds. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'worker'),
        DatabaseModule.forRoot(config, {
          appName: 'tongdao-worker',
          runMigrations: options.runMigrations ?? false,
          keyedBatches: true,
        }),
        RedisModule,
        MetricsModule,
        HealthModule,
        OutboxModule,
        WorkerFeaturesModule,
        // Issue 8a: the click writer may run here too (WORKER_CLICK_WRITER=true); writers share one consumer group.
        ...(config.shortLinks.writerInWorker ? [ClickRecordingModule.forRoot({ writer: true })] : []),
        ...(options.imports ?? []),
      ],
    };
  }
}
