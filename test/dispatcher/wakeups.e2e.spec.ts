import { INestApplication } from '@nestjs/common';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { DispatchWakeupBus } from '@tongdao/routing';
import {
  createTestDatabase,
  createTestRedis,
  messageStatuses,
  seedQueuedMessages,
  startTestSimulator,
  TestDatabase,
  TestRedis,
  waitFor,
} from '@tongdao/testing';
import { ChannelPoolService } from '../../apps/dispatcher/src/channels/channel-pool.service';
import { channelsFor, startDispatcher } from './dispatcher-test-kit';

/** Far longer than the test may take: only a wake-up notice can make the dispatcher claim again. */
const NEVER_MS = 600_000;

describe('dispatch wake-up notices (real PostgreSQL and Redis, simulator over TCP)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    simulator = await startTestSimulator(['cmpp3']);
  });

  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
    await simulator.stop();
    await redis.close();
    await db.drop();
  });

  it('claims a verification code queued while the dispatcher idles at once, not at its next poll', async () => {
    dispatcher = await startDispatcher(db.url, channelsFor(simulator), {
      ...(redis.url ? { REDIS_URL: redis.url } : {}),
      REDIS_KEY_PREFIX: redis.keyPrefix,
      DISPATCHER_POLL_INTERVAL_MS: String(NEVER_MS),
    });
    const bus = new DispatchWakeupBus(redis.redis, redis.keyPrefix);
    const pool = dispatcher.get(ChannelPoolService);
    // The channel is up and the dispatcher listens: from here on it idles for NEVER_MS unless woken.
    await expect(
      waitFor(
        async () => ({
          room: pool.claimPlan().some((request) => request.limit > 0),
          listening: await subscribers(redis, bus.channel),
        }),
        (state) => state.room && state.listening > 0,
      ),
    ).resolves.toEqual({ room: true, listening: 1 });

    const [id] = await seedQueuedMessages(db.dataSource, [
      { phone: '+8613800138000', content: '【Tongdao】您的验证码是123456', kind: 'verification' },
    ]);
    bus.announce('verification');

    const statuses = await waitFor(
      () => messageStatuses(db.dataSource, [id!]),
      (value) => value.get(id!) === 'DELIVERED',
      NEVER_MS / 10,
    );
    expect(statuses.get(id!)).toBe('DELIVERED');
    expect(simulator.gateway('cmpp3').recorder.summary()).toMatchObject({ messages: 1, duplicates: 0 });
  }, 120_000);
});

async function subscribers(redis: TestRedis, channel: string): Promise<number> {
  const reply = (await redis.redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}
