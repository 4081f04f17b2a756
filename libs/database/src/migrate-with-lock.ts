import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every Tongdao process migrating the same database contends for this lock. */
const MIGRATION_LOCK_KEY = 7_263_911_041;

/**
 * Migrations already running in this process, per database. Embedded PostgreSQL has a single
 * session shared by every connection, where an advisory lock excludes nothing, so in-process
 * callers also queue behind each other.
 */
const runningInProcess = new Map<string, Promise<void>>();

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so API processes booting together
 * migrate one after another instead of racing (TypeORM takes no lock of its own).
 */
export async function migrateWithLock(dataSource: DataSource): Promise<void> {
  const key = String((dataSource.options as { url?: string }).url ?? dataSource.name);
  const previous = runningInProcess.get(key) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => migrateHoldingLock(dataSource));
  runningInProcess.set(key, current);
  try {
    await current;
  } finally {
    if (runningInProcess.get(key) === current) runningInProcess.delete(key);
  }
}

async function migrateHoldingLock(dataSource: DataSource): Promise<void> {
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockHolder.release();
  }
}
