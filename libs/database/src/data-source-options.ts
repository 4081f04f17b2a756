import { DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './schema';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The single definition of how Tongdao connects to PostgreSQL (embedded or real). */
export function dataSourceOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as exceptions that their callers log with context; TypeORM's own console output would bypass pino.
    logging: false,
    applicationName: settings.applicationName ?? 'tongdao',
    extra: { max: settings.poolSize ?? 10, idleTimeoutMillis: 30_000 },
  };
}
