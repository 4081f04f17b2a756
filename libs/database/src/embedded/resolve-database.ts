import { join } from 'node:path';
import { AppConfig } from '@tongdao/config';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/**
 * Returns the config with a database URL: the configured server, or an embedded PostgreSQL
 * keeping its files under DATA_DIR/postgres (started here, stopped by the returned handle).
 */
export async function resolveDatabase(
  config: AppConfig,
): Promise<{ config: AppConfig; embedded?: EmbeddedPostgres }> {
  if (config.database.url) return { config };
  const embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres') });
  return { config: { ...config, database: { ...config.database, url: embedded.url } }, embedded };
}
