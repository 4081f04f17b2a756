import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { ConfigModule, HealthModule, LoggingModule, MetricsModule, RedisModule } from '@tongdao/platform';
import { ClickRollupModule } from './attribution/click-rollup.module';
import { ClickRecordingModule } from './clicks/click-recording.module';
import { RedirectEdge } from './redirect/redirect-edge';

/**
 * The short-link edge. Nest provides health, readiness and metrics and wires the parts; the redirect route itself
 * runs on plain node:http (see RedirectHandler and redirector.bootstrap.ts). The click writer runs here unless
 * REDIRECTOR_CLICK_WRITER=false.
 */
@Module({})
export class RedirectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RedirectorModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'redirector'),
        DatabaseModule.forRoot(config, { appName: 'tongdao-redirector', runMigrations: false }),
        RedisModule,
        MetricsModule,
        HealthModule,
        ClickRecordingModule.forRoot({ writer: config.shortLinks.writerInRedirector }),
        // Issue 8b: click rollups in the writer's transaction
        ClickRollupModule,
      ],
      providers: [RedirectEdge],
    };
  }
}
