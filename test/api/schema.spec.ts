import { ensureMessagePartitions } from '@tongdao/database';
import { createTestDatabase, TestDatabase } from '@tongdao/testing';

describe('message table partitioning', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const partitions = async (parent: string): Promise<string[]> =>
    (
      (await database.dataSource.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
          WHERE p.relname = $1 ORDER BY c.relname`,
        [parent],
      )) as Array<{ relname: string }>
    ).map((row) => row.relname);

  const monthName = (parent: string, offset: number): string => {
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
    return `${parent}_${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
  };

  it('creates monthly partitions around now plus a default partition for both tables', async () => {
    for (const parent of ['messages', 'message_events']) {
      const names = await partitions(parent);
      expect(names).toEqual(
        expect.arrayContaining([
          monthName(parent, -3),
          monthName(parent, 0),
          monthName(parent, 3),
          `${parent}_default`,
        ]),
      );
    }
  });

  it('adds future months on demand and is idempotent', async () => {
    expect(await partitions('messages')).not.toContain(monthName('messages', 5));
    await expect(ensureMessagePartitions(database.dataSource, 5)).resolves.toBe(4);
    expect(await partitions('messages')).toContain(monthName('messages', 5));
    expect(await partitions('message_events')).toContain(monthName('message_events', 5));
    await expect(ensureMessagePartitions(database.dataSource, 5)).resolves.toBe(0);
  });

  it('reads a single partition for a lookup bounded by the id’s timestamp', async () => {
    const now = Date.now();
    const plan = (await database.dataSource.query(
      `EXPLAIN SELECT * FROM messages WHERE id = gen_random_uuid() AND created_at BETWEEN $1 AND $2`,
      [new Date(now - 1000), new Date(now + 1000)],
    )) as Array<{ 'QUERY PLAN': string }>;
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain(monthName('messages', 0));
    expect(text).not.toContain(monthName('messages', -1));
    expect(text).not.toContain('messages_default');
  });
});
