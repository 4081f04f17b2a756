import { loadConfig } from '@tongdao/config';
import { createTestRedis, TestRedis } from '@tongdao/testing';
import { AccountLimits, TrafficLimiter } from '../../apps/api/src/limits/traffic-limiter';

/** The limit script against the real Redis (or the in-process stand-in when REDIS_URL is unset). */
describe('TrafficLimiter', () => {
  let redis: TestRedis;
  let limiter: TrafficLimiter;
  let other: TestRedis;
  let otherLimiter: TrafficLimiter;
  let counter = 0;
  const config = loadConfig({ NODE_ENV: 'test', BILLING_TIMEZONE: 'Asia/Shanghai' });

  beforeAll(async () => {
    redis = await createTestRedis();
    limiter = new TrafficLimiter(redis.redis, config);
    other = redis;
    otherLimiter = limiter;
    if (process.env.REDIS_URL) {
      // A second client on the same key space stands for a second API process.
      const { createRedisClient } = await import('@tongdao/platform');
      const client = createRedisClient({ redis: { url: process.env.REDIS_URL } }, redis.keyPrefix);
      other = { ...redis, redis: client, close: async () => void client.disconnect() };
      otherLimiter = new TrafficLimiter(client, config);
    }
  });

  afterAll(async () => {
    if (other !== redis) await other.close();
    await redis?.close();
  });

  function account(limits: Partial<AccountLimits> = {}): AccountLimits {
    counter += 1;
    return { accountId: `acct-${counter}`, tpsLimit: null, dailyQuota: null, monthlyQuota: null, ...limits };
  }

  const now = Date.parse('2025-11-11T04:00:00Z');

  it('admits up to the TPS limit within a second and then asks to retry later', async () => {
    const shop = account({ tpsLimit: 10 });
    for (let i = 0; i < 10; i += 1)
      await expect(limiter.admit([shop], 1, now)).resolves.toMatchObject({ admitted: true });
    await expect(limiter.admit([shop], 1, now)).resolves.toEqual({
      admitted: false,
      accountId: shop.accountId,
      limit: 'tps',
      retryAfterSeconds: 1,
    });
    await expect(limiter.admit([shop], 1, now + 100)).resolves.toMatchObject({ admitted: true });
  });

  it('counts segments, lets a batch larger than a second through from a full bucket and makes the next wait', async () => {
    const shop = account({ tpsLimit: 100 });
    await expect(limiter.admit([shop], 1000, now)).resolves.toMatchObject({ admitted: true });
    const refused = await limiter.admit([shop], 1, now);
    expect(refused).toMatchObject({ admitted: false, limit: 'tps' });
    // 900 segments of debt plus the one wanted: 9.01 s at 100 per second.
    expect(refused.admitted === false && refused.retryAfterSeconds).toBe(10);
    await expect(limiter.admit([shop], 1, now + 9_010)).resolves.toMatchObject({ admitted: true });
  });

  it('caps the combined traffic of descendants with the parent’s limit', async () => {
    const agent = account({ tpsLimit: 5 });
    const left = account();
    const right = account();
    for (let i = 0; i < 5; i += 1)
      await expect(limiter.admit([i % 2 ? left : right, agent], 1, now)).resolves.toMatchObject({
        admitted: true,
      });
    await expect(limiter.admit([left, agent], 1, now)).resolves.toMatchObject({
      admitted: false,
      accountId: agent.accountId,
      limit: 'tps',
    });
  });

  it('takes nothing from any account when one of the chain refuses', async () => {
    const agent = account({ dailyQuota: 3 });
    const shop = account({ tpsLimit: 100 });
    await expect(limiter.admit([shop, agent], 4, now)).resolves.toMatchObject({
      admitted: false,
      limit: 'daily',
    });
    await expect(limiter.usage(shop.accountId, now)).resolves.toEqual({ today: 0, thisMonth: 0 });
    for (let i = 0; i < 100; i += 1)
      await expect(limiter.admit([shop], 1, now)).resolves.toMatchObject({ admitted: true });
  });

  it('enforces daily and monthly quotas until the next Shanghai day or month', async () => {
    const shop = account({ dailyQuota: 10, monthlyQuota: 15 });
    await expect(limiter.admit([shop], 10, now)).resolves.toMatchObject({ admitted: true });
    const daily = await limiter.admit([shop], 1, now);
    // 04:00 UTC is 12:00 in Shanghai: twelve hours to midnight.
    expect(daily).toEqual({
      admitted: false,
      accountId: shop.accountId,
      limit: 'daily',
      retryAfterSeconds: 12 * 3600,
    });
    const tomorrow = now + 12 * 3600_000;
    await expect(limiter.admit([shop], 5, tomorrow)).resolves.toMatchObject({ admitted: true });
    await expect(limiter.admit([shop], 1, tomorrow)).resolves.toMatchObject({
      admitted: false,
      limit: 'monthly',
    });
    await expect(limiter.usage(shop.accountId, tomorrow)).resolves.toEqual({ today: 5, thisMonth: 15 });
  });

  it('gives quota back for a request that was not stored', async () => {
    const shop = account({ dailyQuota: 10 });
    const admitted = await limiter.admit([shop], 10, now);
    if (!admitted.admitted) throw new Error('refused');
    await limiter.refund(admitted.taken);
    await expect(limiter.admit([shop], 10, now)).resolves.toMatchObject({ admitted: true });
  });

  it('never admits past a quota however many clients race for it', async () => {
    const agent = account({ dailyQuota: 100 });
    const attempts = Array.from({ length: 300 }, (_, index) =>
      (index % 2 ? limiter : otherLimiter).admit([account(), agent], 1, now),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((result) => result.admitted)).toHaveLength(100);
    await expect(limiter.usage(agent.accountId, now)).resolves.toEqual({ today: 100, thisMonth: 100 });
  });
});
