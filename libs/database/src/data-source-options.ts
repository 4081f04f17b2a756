import { DataSourceOptions } from 'typeorm';
import { PREPARED_STATEMENTS_OPTION } from './prepared-statement';
import { ENTITIES, MIGRATIONS } from './schema';
import { TONGDAO_PG_TYPES } from './types/timestamptz-parser';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** PostgreSQL settings for every session of this pool (`-c name=value` at connect); real servers only. */
  sessionSettings?: Readonly<Record<string, string>>;
  /** Hot statements may be prepared per connection (not on the embedded server, which shares one session). */
  preparedStatements?: boolean;
}

/**
 * For processes whose statements all join small batches to big tables by key (dispatcher, worker): the planner
 * cannot see a JSON batch's size (it guesses 100 rows) and then prefers hashing whole partitions over index probes.
 * JIT compilation never pays off for such short statements either.
 */
export const KEYED_BATCH_SESSION: Readonly<Record<string, string>> = {
  enable_hashjoin: 'off',
  enable_mergejoin: 'off',
  jit: 'off',
  // Their hot statements are prepared (see prepared-statement.ts): plan them once, not per call.
  plan_cache_mode: 'force_generic_plan',
};

/** Short OLTP statements: JIT compilation would cost more than it saves. */
export const OLTP_SESSION: Readonly<Record<string, string>> = { jit: 'off' };

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
    extra: {
      max: settings.poolSize ?? 10,
      idleTimeoutMillis: 30_000,
      types: TONGDAO_PG_TYPES,
      ...(settings.sessionSettings ? { options: sessionOptions(settings.sessionSettings) } : {}),
      ...(settings.preparedStatements ? { [PREPARED_STATEMENTS_OPTION]: true } : {}),
    },
  };
}

function sessionOptions(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
}
