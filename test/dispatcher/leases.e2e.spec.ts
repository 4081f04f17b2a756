import { randomBytes } from 'node:crypto';
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

/** The claim lease; each dispatcher renews what it holds three times per lease. */
const LEASE_SECONDS = 3;
/** The gateway answers every submit this late, so a dispatcher holds each message for over three leases. */
const HOLD_MS = 10_000;
/** Messages per batch: the channel's rate caps a claim at a second's worth, so one dispatcher takes one batch. */
const TPS = 4;
const BATCH = TPS;

interface QueueRow {
  id: string;
  owner: string | null;
  /** lease_expires_at and the database's now(), in ms since the epoch. */
  expiresMs: number | null;
  nowMs: number;
}

describe('claim leases (real PostgreSQL, simulator over TCP)', () => {
  let db: TestDatabase;
  let simulator: CarrierSimulator;
  const dispatchers: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    simulator = await startTestSimulator(['cmpp3'], { submitLatency: { minMs: HOLD_MS, maxMs: HOLD_MS } });
  });

  afterAll(async () => {
    for (const dispatcher of dispatchers) await dispatcher.close();
    await simulator.stop();
    await db.drop();
  });

  async function queueRows(): Promise<QueueRow[]> {
    return (await db.dataSource.query(
      `SELECT message_id AS id, lease_owner AS owner,
              (extract(epoch FROM lease_expires_at) * 1000)::float8 AS "expiresMs",
              (extract(epoch FROM now()) * 1000)::float8 AS "nowMs"
         FROM dispatch_queue ORDER BY message_id`,
    )) as QueueRow[];
  }

  async function dbNowMs(): Promise<number> {
    const [row] = (await db.dataSource.query(
      `SELECT (extract(epoch FROM now()) * 1000)::float8 AS "nowMs"`,
    )) as Array<{ nowMs: number }>;
    return row!.nowMs;
  }

  function seed(from: number): Promise<string[]> {
    return seedQueuedMessages(
      db.dataSource,
      Array.from({ length: BATCH }, (_, index) => ({
        phone: `+86138${String(from + index).padStart(8, '0')}`,
        content: `m${from + index}`,
      })),
    );
  }

  /**
   * Each dispatcher gets a Redis namespace of its own, so each holds the channel's one connection from the start
   * and has its own TPS bucket: a shared namespace would hand the second one a connection only once the first
   * gives one back, draining the first's connection under the messages it holds. The two share only the dispatch
   * queue in PostgreSQL, which is where the claim lease lives.
   */
  function start(id: string): Promise<INestApplication> {
    const channels = channelsFor(simulator, {
      tps: TPS,
      window: BATCH,
      connections: 1,
      // The gateway is slow, not dead: neither the request timeout nor the stall watch may give up on it.
      requestTimeoutMs: 4 * HOLD_MS,
      stallTimeoutMs: 4 * HOLD_MS,
    });
    return startDispatcher(db.url, channels, {
      DISPATCHER_ID: id,
      DISPATCHER_LEASE_SECONDS: String(LEASE_SECONDS),
      REDIS_KEY_PREFIX: `${id}:`,
    });
  }

  it('keeps the leases of a live dispatcher alive, so another never takes its messages', async () => {
    const suffix = randomBytes(3).toString('hex');
    const holder = `lease-holder-${suffix}`;
    const rival = `lease-rival-${suffix}`;

    dispatchers.push(await start(holder));
    const held = await seed(0);
    const claimed = await waitFor(
      queueRows,
      (rows) => rows.filter((row) => row.owner === holder).length === BATCH,
    );
    expect(claimed.map((row) => row.owner)).toEqual(held.map(() => holder));
    // The lease each message had when first seen: at most LEASE_SECONDS after its claim, whether or not renewed since.
    const firstExpiry = new Map(claimed.map((row) => [row.id, row.expiresMs!]));

    // The rival starts while the holder has every message on the wire, answered only HOLD_MS after submission.
    dispatchers.push(await start(rival));
    // Those leases, had they not been renewed, have lapsed: the rival's claim loop (every 20 ms) would take them now.
    const lapsed = Math.max(...firstExpiry.values());
    expect(await waitFor(dbNowMs, (now) => now > lapsed)).toBeGreaterThan(lapsed);

    // Fresh work, due later than the held messages: the rival claims it (the holder has no room left). Claims take
    // the oldest due rows first, so an expired lease of the holder's would be taken before any of these.
    const fresh = await seed(BATCH);
    const rivalClaimed = await waitFor(queueRows, (rows) => rows.some((row) => row.owner === rival));
    const byId = new Map(rivalClaimed.map((row) => [row.id, row]));
    // Still the holder's (and still held: the gateway has not answered them yet), past the lease they were claimed
    // with, and renewed: each expires later than it first did.
    expect(held.map((id) => byId.get(id)?.owner)).toEqual(held.map(() => holder));
    for (const id of held) {
      const row = byId.get(id)!;
      expect(row.nowMs).toBeGreaterThan(firstExpiry.get(id)!);
      expect(row.expiresMs).toBeGreaterThan(firstExpiry.get(id)!);
    }
    expect(
      await waitFor(queueRows, (rows) => rows.filter((row) => row.owner === rival).length === BATCH),
    ).toEqual(expect.arrayContaining(fresh.map((id) => expect.objectContaining({ id, owner: rival }))));

    const ids = [...held, ...fresh];
    const sent = async () =>
      (await db.dataSource.query(
        `SELECT id, (extract(epoch FROM submitted_at) * 1000)::float8 AS "submittedMs"
           FROM messages WHERE id = ANY($1) AND status IN ('SUBMITTED', 'DELIVERED') ORDER BY id`,
        [ids],
      )) as Array<{ id: string; submittedMs: number }>;
    const done = await waitFor(sent, (rows) => rows.length === ids.length);
    expect(done).toHaveLength(ids.length);
    // The holder kept its messages for longer than a lease (counted from no earlier than their claim): only
    // renewals kept them from the rival.
    for (const row of done.filter((message) => held.includes(message.id)))
      expect(row.submittedMs - (firstExpiry.get(row.id)! - LEASE_SECONDS * 1000)).toBeGreaterThan(
        LEASE_SECONDS * 1000,
      );
    expect(await queueRows()).toEqual([]);

    const gateway = simulator.gateway('cmpp3');
    expect(gateway.recorder.summary()).toMatchObject({ messages: ids.length, duplicates: 0 });
    // One connection each, both open at once.
    expect(gateway.stats.peakConnections).toBe(2);
  }, 120_000);
});
