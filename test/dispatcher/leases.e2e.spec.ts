import { INestApplication } from '@nestjs/common';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import {
  createTestDatabase,
  seedQueuedMessages,
  startTestSimulator,
  TestDatabase,
  waitFor,
} from '@tongdao/testing';
import { channelsFor, startDispatcher } from './dispatcher-test-kit';

describe('claim leases (real PostgreSQL, simulator over TCP)', () => {
  let db: TestDatabase;
  let simulator: CarrierSimulator;
  const dispatchers: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    simulator = await startTestSimulator(['cmpp3']);
  });

  afterAll(async () => {
    for (const dispatcher of dispatchers) await dispatcher.close();
    await simulator.stop();
    await db.drop();
  });

  async function leasedBy(): Promise<Map<string, number>> {
    const rows = (await db.dataSource.query(
      `SELECT lease_owner, count(*)::int AS n FROM dispatch_queue WHERE lease_owner IS NOT NULL GROUP BY 1`,
    )) as Array<{ lease_owner: string; n: number }>;
    return new Map(rows.map((row) => [row.lease_owner, row.n]));
  }

  it('keeps the leases of a live dispatcher alive, so another never takes its messages', async () => {
    const count = 30;
    const ids = await seedQueuedMessages(
      db.dataSource,
      Array.from({ length: count }, (_, index) => ({
        phone: `+86138${String(index).padStart(8, '0')}`,
        content: `m${index}`,
      })),
    );
    // 5 submits/s: the first dispatcher claims all 30 (four windows ahead) and holds them for about 6 s, twice
    // its 3 s lease.
    const channels = channelsFor(simulator, { tps: 5, window: 8, connections: 1 });
    dispatchers.push(await startDispatcher(db.url, channels, { DISPATCHER_LEASE_SECONDS: '3' }));
    await waitFor(leasedBy, (owners) => [...owners.values()].reduce((sum, n) => sum + n, 0) === count);
    dispatchers.push(await startDispatcher(db.url, channels, { DISPATCHER_LEASE_SECONDS: '3' }));

    await waitFor(
      async () =>
        (await db.dataSource.query(
          `SELECT count(*)::int AS n FROM messages WHERE id = ANY($1) AND status IN ('SUBMITTED', 'DELIVERED')`,
          [ids],
        )) as Array<{ n: number }>,
      (rows) => rows[0]!.n === count,
      30_000,
    );
    const summary = simulator.gateway('cmpp3').recorder.summary();
    await expect(Promise.resolve(summary)).resolves.toMatchObject({ messages: count, duplicates: 0 });
  }, 240_000);
});
