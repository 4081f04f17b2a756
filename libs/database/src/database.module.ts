import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@tongdao/config';
import { dataSourceOptions, KEYED_BATCH_SESSION, OLTP_SESSION } from './data-source-options';
import { RUN_MIGRATIONS, SchemaMigrator } from './schema-migrator';

@Module({})
export class DatabaseModule {
  /**
   * `runMigrations` is on for the process that owns the schema at boot (the API, or the
   * all-in-one process); migrations take an advisory lock, so concurrent boots are safe.
   */
  static forRoot(
    config: AppConfig,
    options: { appName: string; runMigrations?: boolean; keyedBatches?: boolean },
  ): DynamicModule {
    if (!config.database.url) throw new Error('database.url must be resolved before DatabaseModule.forRoot');
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.database.url,
            poolSize: config.database.poolSize,
            applicationName: options.appName,
            // The embedded server is one shared session: its settings are left alone.
            sessionSettings:
              config.mode === 'external'
                ? options.keyedBatches
                  ? KEYED_BATCH_SESSION
                  : OLTP_SESSION
                : undefined,
            preparedStatements: config.mode === 'external',
          }),
          migrationsRun: false,
        }),
      ],
      providers: [{ provide: RUN_MIGRATIONS, useValue: options.runMigrations ?? true }, SchemaMigrator],
      exports: [TypeOrmModule],
    };
  }
}
