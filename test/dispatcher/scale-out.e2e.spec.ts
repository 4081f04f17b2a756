import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import {
  createTestDatabase,
  messageStatuses,
  seedQueuedMessages,
  startTestSimulator,
  TestDatabase,
  waitFor,
} from '@tongdao/testing';
import { channelsFor, spawnDispatcher } from './dispatcher-test-kit';

const FINAL = new Set(['DELIVERED', 'UNDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED']);
const MESSAGES = 3000;
const CONNECTIONS = 2;
const WINDOW = 16;

/**
 * Production shape: two dispatcher processes share one queue, one PostgreSQL and one Redis (leases, rate buckets).
 * One is killed with SIGKILL mid-flight; the other finishes its work.
 */
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis(
  'two dispatchers, one killed mid-flight (real PostgreSQL, Redis, simulator over TCP)',
  () => {
    let db: TestDatabase;
    let simulator: CarrierSimulator;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      db = await createTestDatabase();
      simulator = await startTestSimulator(['cmpp3', 'smgp'], { submitLatency: { minMs: 1, maxMs: 4 } });
    });

    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await simulator.stop();
      await db.drop();
    });

    it("loses nothing, resends only within the ambiguous window, finishes the dead one's work and never exceeds a channel connection cap", async () => {
      const channels = channelsFor(simulator, { connections: CONNECTIONS, window: WINDOW, tps: 200 });
      const shared = {
        databaseUrl: db.url,
        channels,
        leaseSeconds: 3,
        redisUrl: process.env.REDIS_URL,
        redisKeyPrefix: `scale-out-${randomBytes(4).toString('hex')}:`,
        // A dead process's connection leases lapse after this, so the survivor can open those connections.
        env: { ROUTING_LEASE_TTL_MS: '3000' },
      };
      const doomed = await spawnDispatcher(shared);
      const survivor = await spawnDispatcher(shared);
      children.push(doomed, survivor);
      // Both are up before the work arrives, so both take part from the first message.
      const ids = await seedQueuedMessages(
        db.dataSource,
        Array.from({ length: MESSAGES }, (_, index) => {
          const mobile = index % 3 !== 0;
          return {
            phone: `+86${mobile ? '138' : '189'}${String(index).padStart(8, '0')}`,
            content: `【Tongdao】scale ${index}`,
            carrier: mobile ? ('CMCC' as const) : ('CTCC' as const),
          };
        }),
      );

      const pastQueue = async (): Promise<number> =>
        [...(await messageStatuses(db.dataSource, ids)).values()].filter((status) => status !== 'QUEUED')
          .length;
      await waitFor(pastQueue, (count) => count >= MESSAGES / 4, 60_000);
      const held = (
        (await db.dataSource.query(
          `SELECT message_id FROM dispatch_queue WHERE lease_owner = $1 AND lease_expires_at > now()`,
          [`child-${doomed.pid}`],
        )) as Array<{ message_id: string }>
      ).map((row) => row.message_id);
      // The process about to die is working: it holds claimed messages the survivor must take over.
      expect(held.length).toBeGreaterThan(0);
      doomed.kill('SIGKILL');
      await new Promise((resolve) => doomed.once('exit', resolve));

      // What the dead process held is taken over once its claim leases (3 s) and connection leases (3 s) lapse.
      // On a quiet machine that takes seconds (see bench:failover for the figure); the deadlines here are generous
      // so a heavily loaded machine cannot fail the test, while a lost takeover still never finishes.
      const heldStatuses = await waitFor(
        () => messageStatuses(db.dataSource, held),
        (value) => [...value.values()].every((status) => FINAL.has(status)),
        120_000,
      );
      expect([...heldStatuses.values()].filter((status) => !FINAL.has(status))).toEqual([]);
      const statuses = await waitFor(
        () => messageStatuses(db.dataSource, ids),
        (value) => [...value.values()].every((status) => FINAL.has(status)),
        150_000,
      );
      expect([...statuses.values()].filter((status) => !FINAL.has(status))).toEqual([]);
      expect([...statuses.values()].every((status) => status === 'DELIVERED')).toBe(true);

      // Each message reached the carrier; only the dead process's ambiguous window (submits on the wire or answered but
      // not yet committed: at most two windows per connection it held) may have gone twice.
      let arrived = 0;
      let duplicates = 0;
      for (const gateway of simulator.gateways()) {
        const summary = simulator.gateway(gateway.name).recorder.summary();
        arrived += summary.messages - summary.duplicates;
        duplicates += summary.duplicates;
        // Connection leases are cluster-wide: the two processes together never opened more than the channel allows.
        expect({
          gateway: gateway.name,
          peak: simulator.gateway(gateway.name).stats.peakConnections,
        }).toEqual({
          gateway: gateway.name,
          peak: expect.any(Number),
        });
        expect(simulator.gateway(gateway.name).stats.peakConnections).toBeLessThanOrEqual(CONNECTIONS);
      }
      expect(arrived).toBe(MESSAGES);
      // The ambiguous window: one window on the wire plus DISPATCHER_UNRECORDED_WINDOWS (4) answered, uncommitted.
      expect(duplicates).toBeLessThanOrEqual((1 + 4) * WINDOW * CONNECTIONS * channels.length);
    }, 420_000);
  },
);
