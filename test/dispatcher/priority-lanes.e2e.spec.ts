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

const CHANNEL_TPS = 200;
const WINDOW = 16;

describe('priority lanes (real PostgreSQL, simulator over TCP)', () => {
  let db: TestDatabase;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    simulator = await startTestSimulator(['cmpp3']);
  });

  afterAll(async () => {
    await dispatcher?.close();
    await simulator.stop();
    await db.drop();
  });

  async function submitted(kind: string): Promise<Array<{ id: string; at: Date }>> {
    return (await db.dataSource.query(
      `SELECT id, submitted_at AS at FROM messages WHERE kind = $1 AND submitted_at IS NOT NULL ORDER BY submitted_at`,
      [kind],
    )) as Array<{ id: string; at: Date }>;
  }

  it('lets verification codes overtake a marketing backlog on a rate-limited channel', async () => {
    const backlog = Array.from({ length: 1500 }, (_, index) => ({
      phone: `+86138${String(index).padStart(8, '0')}`,
      content: `【Tongdao】会员日全场8折 ${index}。回TD退订`,
      kind: 'marketing' as const,
    }));
    await seedQueuedMessages(db.dataSource, backlog);
    dispatcher = await startDispatcher(
      db.url,
      channelsFor(simulator, { tps: CHANNEL_TPS, window: WINDOW, connections: 1 }),
    );
    await waitFor(
      () => submitted('marketing'),
      (rows) => rows.length >= 100,
    );

    const recorder = simulator.gateway('cmpp3').recorder;
    const codes = await seedQueuedMessages(
      db.dataSource,
      Array.from({ length: 5 }, (_, index) => ({
        phone: `+86139${String(index).padStart(8, '0')}`,
        content: `【Tongdao】您的验证码是12345${index}`,
        kind: 'verification' as const,
      })),
    );
    const arrivedBefore = recorder.summary().messages;
    const sent = await waitFor(
      () => submitted('verification'),
      (rows) => rows.length === codes.length,
    );
    expect(sent.map((row) => row.id).sort()).toEqual([...codes].sort());

    // What reached the carrier between the codes' arrival and their own: at most what the dispatcher had already
    // claimed (the channel's claim-ahead room), never the rest of the backlog (FIFO would put ~1,400 before them).
    const arrivals = recorder.query().map((message) => message.destination);
    const lastCode = Math.max(
      ...codes.map((_, index) => arrivals.lastIndexOf(`139${String(index).padStart(8, '0')}`)),
    );
    const overtaken = lastCode + 1 - codes.length - arrivedBefore;
    expect(overtaken).toBeLessThanOrEqual(WINDOW * 4);
    const remaining = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM messages WHERE kind = 'marketing' AND submitted_at IS NULL`,
    )) as Array<{ n: number }>;
    expect(remaining[0]!.n).toBeGreaterThan(500);
  }, 240_000);
});
