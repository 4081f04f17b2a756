import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateWithLock } from '@tongdao/database';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database per test suite: on DATABASE_URL's server when set (CI), or
 * on an in-memory embedded PostgreSQL otherwise, so `npm test` needs nothing but Node.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  return process.env.DATABASE_URL
    ? createOnServer(process.env.DATABASE_URL, migrate)
    : createEmbedded(migrate);
}

async function createOnServer(serverUrl: string, migrate: boolean): Promise<TestDatabase> {
  const name = `tongdao_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  const dataSource = await openDataSource(url, migrate);
  return {
    url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await withAdminClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function createEmbedded(migrate: boolean): Promise<TestDatabase> {
  const server = fork(join(__dirname, 'embedded-postgres-server.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      const match = /url (\S+)/.exec(String(chunk));
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  const dataSource = await openDataSource(url, migrate);
  return {
    url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}

async function openDataSource(url: string, migrate: boolean): Promise<DataSource> {
  const dataSource = new DataSource({
    ...dataSourceOptions({ url, poolSize: 4, applicationName: 'tongdao-test' }),
  });
  await dataSource.initialize();
  if (migrate) await migrateWithLock(dataSource);
  return dataSource;
}

async function withAdminClient(serverUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
