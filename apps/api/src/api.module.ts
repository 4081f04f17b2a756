import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { ConfigModule, HealthModule, LoggingModule, MetricsModule, RedisModule } from '@tongdao/platform';
import { ApiFeaturesModule } from './api-features.module';

export interface ApiModuleOptions {
  /** The API owns the schema by default and migrates at boot. */
  runMigrations?: boolean;
}

/** The API as a standalone process: infrastructure plus the API features. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, 'api'),
        DatabaseModule.forRoot(config, {
          appName: 'tongdao-api',
          runMigrations: options.runMigrations ?? true,
        }),
        RedisModule,
        MetricsModule,
        HealthModule,
        ApiFeaturesModule,
      ],
    };
  }
}
