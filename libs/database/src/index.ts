export * from './data-source-options';
export * from './database.module';
export * from './embedded/embedded-postgres';
export * from './schema';
export * from './embedded/resolve-database';
export * from './query-rows';
export * from './migrate-with-lock';
export * from './routing/routing-config.repository';
