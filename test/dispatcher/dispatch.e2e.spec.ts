import { INestApplication } from '@nestjs/common';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import {
  createTestDatabase,
  messageStatuses,
  seedQueuedMessages,
  startTestSimulator,
  TestDatabase,
  waitFor,
} from '@tongdao/testing';
import { channelsFor, spawnDispatcher, startDispatcher } from './dispatcher-test-kit';

const FINAL = new Set(['DELIVERED', 'UNDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED']);

function phones(count: number, prefix = '138'): string[] {
  return Array.from(
    { length: count },
    (_, index) => `+86${prefix}${String(10_000_000 + index).padStart(8, '0')}`,
  );
}

function allFinal(statuses: Map<string, string>, expected: number): boolean {
  return statuses.size === expected && [...statuses.values()].every((status) => FINAL.has(status));
}

describe('dispatcher end to end (real PostgreSQL, simulator over TCP)', () => {
  let db: TestDatabase;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
    simulator = await startTestSimulator(['cmpp3', 'smgp']);
  });

  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
    await simulator.stop();
    await db.drop();
  });

  it('submits queued messages by carrier and stores their status reports', async () => {
    const mobile = phones(40, '138').map((phone) => ({
      phone,
      content: `【Tongdao】code ${phone.slice(-4)}`,
      carrier: 'CMCC' as const,
    }));
    const telecom = phones(20, '189').map((phone) => ({
      phone,
      content: `【Tongdao】notice ${phone.slice(-4)}`,
      carrier: 'CTCC' as const,
    }));
    const ids = await seedQueuedMessages(db.dataSource, [...mobile, ...telecom]);
    dispatcher = await startDispatcher(db.url, channelsFor(simulator));

    const statuses = await waitFor(
      () => messageStatuses(db.dataSource, ids),
      (value) => allFinal(value, ids.length),
    );
    expect([...statuses.values()].filter((status) => status === 'DELIVERED')).toHaveLength(ids.length);
    expect(simulator.gateway('cmpp3').recorder.summary()).toMatchObject({ messages: 40, duplicates: 0 });
    expect(simulator.gateway('smgp').recorder.summary()).toMatchObject({ messages: 20, duplicates: 0 });

    const [row] = await db.dataSource.query(
      `SELECT channel_id, carrier_message_ids, submitted_at, done_at FROM messages WHERE id = $1`,
      [ids[0]],
    );
    expect(row.channel_id).toBe('test-cmpp3');
    expect(row.carrier_message_ids).toHaveLength(1);
    expect(row.done_at).not.toBeNull();
    const events: Array<{ status: string }> = await db.dataSource.query(
      `SELECT status FROM message_events WHERE message_id = $1 ORDER BY occurred_at, id`,
      [ids[0]],
    );
    expect(events.map((event) => event.status)).toEqual(expect.arrayContaining(['SUBMITTED', 'DELIVERED']));
  });

  it('sends a long message as segments and marks it delivered once every segment is', async () => {
    const content = `【Tongdao】${'您的订单已发货，请注意查收。'.repeat(12)}`;
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613900000001', content, segments: 3 }]);
    dispatcher = await startDispatcher(db.url, channelsFor(simulator));

    const statuses = await waitFor(
      () => messageStatuses(db.dataSource, [id!]),
      (value) => allFinal(value, 1),
    );
    expect(statuses.get(id!)).toBe('DELIVERED');
    const [row] = await db.dataSource.query(`SELECT carrier_message_ids FROM messages WHERE id = $1`, [id]);
    expect(row.carrier_message_ids.length).toBeGreaterThan(1);
    const received = simulator.gateway('cmpp3').recorder.query({});
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toBe(content);
  });

  it('fails messages no channel can carry instead of looping on them', async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [
      { phone: '+8613000000001', content: '【Tongdao】x', carrier: 'CUCC' },
    ]);
    dispatcher = await startDispatcher(db.url, channelsFor(simulator));
    await waitFor(
      () => messageStatuses(db.dataSource, [id!]),
      (value) => allFinal(value, 1),
    );
    const [row] = await db.dataSource.query(`SELECT status, error_code FROM messages WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'FAILED', error_code: 'NO_ROUTE' });
  });

  it('marks undelivered reports with the carrier state', async () => {
    await simulator.stop();
    simulator = await startTestSimulator(['cmpp3'], { outcomes: { UNDELIV: 1 } });
    const [id] = await seedQueuedMessages(db.dataSource, [
      { phone: '+8613800000009', content: '【Tongdao】y' },
    ]);
    dispatcher = await startDispatcher(db.url, channelsFor(simulator));
    await waitFor(
      () => messageStatuses(db.dataSource, [id!]),
      (value) => allFinal(value, 1),
    );
    const [row] = await db.dataSource.query(`SELECT status, error_code FROM messages WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'UNDELIVERED', error_code: 'UNDELIV' });
  });

  it('loses nothing and sends nothing twice across a graceful restart mid-stream', async () => {
    await simulator.stop();
    simulator = await startTestSimulator(['cmpp3'], { submitLatency: { minMs: 2, maxMs: 8 } });
    const ids = await seedQueuedMessages(
      db.dataSource,
      phones(400).map((phone) => ({ phone, content: `【Tongdao】restart ${phone}` })),
    );
    const channels = channelsFor(simulator);
    dispatcher = await startDispatcher(db.url, channels);
    await waitFor(
      () => countStatus(db, 'SUBMITTED', 'DELIVERED'),
      (count) => count >= 50,
    );
    await dispatcher.close();
    dispatcher = await startDispatcher(db.url, channels);

    const statuses = await waitFor(
      () => messageStatuses(db.dataSource, ids),
      (value) => allFinal(value, ids.length),
      60_000,
    );
    expect([...statuses.values()].every((status) => status === 'DELIVERED')).toBe(true);
    expect(simulator.gateway('cmpp3').recorder.summary()).toMatchObject({ messages: 400, duplicates: 0 });
  }, 240_000);

  it('recovers every message after the dispatcher process is killed (at-least-once within the window)', async () => {
    await simulator.stop();
    simulator = await startTestSimulator(['cmpp3'], { submitLatency: { minMs: 2, maxMs: 8 } });
    const ids = await seedQueuedMessages(
      db.dataSource,
      phones(400).map((phone) => ({ phone, content: `【Tongdao】crash ${phone}` })),
    );
    const channels = channelsFor(simulator);
    const child = await spawnDispatcher({ databaseUrl: db.url, channels, leaseSeconds: 2 });
    await waitFor(
      () => countStatus(db, 'SUBMITTED', 'DELIVERED'),
      (count) => count >= 50,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    dispatcher = await startDispatcher(db.url, channels);
    const statuses = await waitFor(
      () => messageStatuses(db.dataSource, ids),
      (value) => allFinal(value, ids.length),
      60_000,
    );
    expect([...statuses.values()].every((status) => status === 'DELIVERED')).toBe(true);
    const summary = simulator.gateway('cmpp3').recorder.summary();
    // Every message arrived; only the ambiguous window may have been resent: one window on the wire plus
    // DISPATCHER_UNRECORDED_WINDOWS (default 4) windows answered but not yet committed.
    expect(summary.messages - summary.duplicates).toBe(400);
    expect(summary.duplicates).toBeLessThanOrEqual(channels[0]!.window * channels[0]!.connections * (1 + 4));
  }, 240_000);
});

async function countStatus(db: TestDatabase, ...statuses: string[]): Promise<number> {
  const [row] = await db.dataSource.query(
    `SELECT count(*)::int AS count FROM messages WHERE status = ANY($1)`,
    [statuses],
  );
  return row.count;
}
