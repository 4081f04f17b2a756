import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { SerializedPgliteServer } from './serialized-pglite-server';

export interface EmbeddedPostgres {
  /** A normal postgres:// URL: the app talks to PGlite over the wire protocol, exactly as to a real server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly) behind a loopback socket, so that `pg`,
 * TypeORM and the migrations run unchanged in embedded mode. `dataDir` undefined keeps
 * everything in memory (tests); otherwise data persists across restarts.
 */
export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new SerializedPgliteServer(db);
  const port = await server.listen('127.0.0.1', options.port ?? 0);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.close();
      await db.close();
    },
  };
}
