import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateWithLock, MIGRATIONS } from '@tongdao/database';
import { createTestDatabase, TestDatabase } from '@tongdao/testing';

describe('schema migrations', () => {
  let db: TestDatabase;
  const others: DataSource[] = [];

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterEach(async () => {
    await Promise.all(others.splice(0).map((dataSource) => dataSource.destroy()));
    await db.drop();
  });

  it('lets several processes migrate one database at the same time', async () => {
    for (let index = 0; index < 2; index += 1) {
      const other = new DataSource(
        dataSourceOptions({ url: db.url, poolSize: 2, applicationName: `migrator-${index}` }),
      );
      others.push(await other.initialize());
    }
    await expect(
      Promise.all([db.dataSource, ...others].map((dataSource) => migrateWithLock(dataSource))),
    ).resolves.toHaveLength(3);
    const applied: Array<{ name: string }> = await db.dataSource.query(
      'SELECT name FROM schema_migrations ORDER BY id',
    );
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  });

  // Embedded PostgreSQL serves one process (npm start), so separate migrating processes only exist on a real server.
  (process.env.DATABASE_URL ? it : it.skip)(
    'lets separate processes boot against one fresh database at once',
    async () => {
      const runs = Array.from({ length: 3 }, () => migrateInChildProcess(db.url));
      await expect(Promise.all(runs)).resolves.toEqual([0, 0, 0]);
      const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM schema_migrations');
      expect(count).toBe(MIGRATIONS.length);
    },
    60_000,
  );

  it('is a no-op on an up-to-date database', async () => {
    await migrateWithLock(db.dataSource);
    await expect(migrateWithLock(db.dataSource)).resolves.toBeUndefined();
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM schema_migrations');
    expect(count).toBe(MIGRATIONS.length);
  });
});

function migrateInChildProcess(url: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'fixtures', 'migrate.ts'), url],
    {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
