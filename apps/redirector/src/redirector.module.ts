import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { ConfigModule, HealthModule, LoggingModule, MetricsModule, RedisModule } from '@tongdao/platform';

/**
 * The short-link edge. This release runs its process skeleton (health, readiness, metrics,
 * logging) so deployments can place it; the short-link features arrive with their own issue.
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
      ],
    };
  }
}
