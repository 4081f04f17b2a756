import { createRedisClient } from '@tongdao/platform';
import {
  AdaptiveRateOptions,
  ClusterRate,
  ConnectionLeases,
  DEFAULT_ADAPTIVE_RATE,
  DeliveryStatsStore,
  DemotionDecision,
  DemotionStore,
  LiveStateStore,
  WaitAbortedError,
} from '@tongdao/routing';
import { createTestRedis, TestRedis, waitFor } from '@tongdao/testing';
import type Redis from 'ioredis';

/** Cluster-wide limits and shared learning state, against real Redis when REDIS_URL is set. */
describe('cluster state in Redis', () => {
  let redis: TestRedis;
  let second: Redis;
  const rates: ClusterRate[] = [];

  beforeAll(async () => {
    redis = await createTestRedis();
    second = createRedisClient({ redis: { url: redis.url } }, redis.keyPrefix);
  });
  afterEach(() => rates.splice(0).forEach((rate) => rate.close()));
  afterAll(async () => {
    await second.quit().catch(() => second.disconnect());
    await redis.close();
  });

  const rate = (
    client: Redis,
    key: string,
    cap: number | undefined,
    options: Partial<AdaptiveRateOptions> = {},
  ) => {
    const created = new ClusterRate(client, key, cap, { ...DEFAULT_ADAPTIVE_RATE, ...options });
    rates.push(created);
    return created;
  };

  describe('ClusterRate', () => {
    it('holds the cap in segments across two processes together', async () => {
      const cap = 100;
      const a = rate(redis.redis, 'rate:shared', cap);
      const b = rate(second, 'rate:shared', cap);
      const started = Date.now();
      // 2 × 30 messages of 3 segments = 180 segments at 100/s, with a burst of at most 10: at least 1.7 s.
      await Promise.all([
        ...Array.from({ length: 30 }, () => a.take(3)),
        ...Array.from({ length: 30 }, () => b.take(3)),
      ]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_650);
    });

    it('serves verification waiters before marketing ones', async () => {
      const slow = rate(redis.redis, 'rate:priority', 20);
      const order: string[] = [];
      const marketing = Array.from({ length: 5 }, (_, index) =>
        slow.take(1, 2).then(() => order.push(`m${index}`)),
      );
      const verification = slow.take(1, 0).then(() => order.push('v'));
      await Promise.all([...marketing, verification]);
      expect(order.indexOf('v')).toBeLessThanOrEqual(1);
    });

    it('lets an aborted wait go without its tokens', async () => {
      const slow = rate(redis.redis, 'rate:abort', 1);
      await slow.take(1);
      const controller = new AbortController();
      const waiting = slow.take(1, 1, controller.signal);
      controller.abort('breaker opened');
      await expect(waiting).rejects.toBeInstanceOf(WaitAbortedError);
    });

    it('halves the shared rate on throttle answers, once per cooldown, and grows back', async () => {
      const options = { increaseIntervalMs: 200, increaseStep: 0.25, decreaseCooldownMs: 60_000 };
      const a = rate(redis.redis, 'rate:aimd', 100, options);
      const b = rate(second, 'rate:aimd', 100, options);
      await a.take(1);
      await a.throttle();
      await a.throttle();
      expect(a.snapshot()).toEqual({ rate: 50, throttled: true });
      await b.take(1);
      expect(b.snapshot().rate).toBeLessThan(100);
      const recovered = await waitFor(
        async () => {
          await b.take(1);
          return b.snapshot();
        },
        (snapshot) => snapshot.rate === 100,
        10_000,
      );
      expect(recovered).toEqual({ rate: 100, throttled: false });
    });

    it('keeps granting at the cap after the server clock steps back', async () => {
      // The bucket as the script saw it last, 5 s "later" than the server clock now reads (an NTP step, a failover,
      // or the embedded stand-in, whose TIME jumps back a second every second on some machines): counting that as
      // -5 s of refill put the bucket 25 tokens into debt and TAKE granted -24, stalling the channel for seconds.
      const [serverNow] = (await redis.redis.eval(
        `local t = redis.call('TIME') return {tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}`,
        0,
      )) as number[];
      await redis.redis.hset('rate:clock-step', { cap: 5, tokens: 1, ts: serverNow! + 5_000 });
      const limited = rate(redis.redis, 'rate:clock-step', 5);
      const started = Date.now();
      await limited.take(1);
      await limited.take(1);
      // The first from the token left, the second 200 ms later at 5/s (with room for a slow machine).
      expect(Date.now() - started).toBeLessThan(1_500);
    }, 10_000);

    it('learns a rate for an uncapped channel from what the cluster sent, then lifts it again', async () => {
      const options = { increaseIntervalMs: 100, increaseStep: 0.5 };
      const open = rate(redis.redis, 'rate:uncapped', undefined, options);
      expect(open.snapshot()).toEqual({ rate: null, throttled: false });
      await Promise.all(Array.from({ length: 40 }, () => open.take(1)));
      await open.throttle();
      expect(open.snapshot().rate).toBeGreaterThan(0);
      expect(open.snapshot().throttled).toBe(true);
      const lifted = await waitFor(
        async () => {
          await open.take(1);
          return open.snapshot();
        },
        (snapshot) => snapshot.rate === null,
        10_000,
      );
      expect(lifted.rate).toBeNull();
    });
  });

  describe('ConnectionLeases', () => {
    it('never grants more leases than the limit and frees a dead holder’s after the TTL', async () => {
      const a = new ConnectionLeases(redis.redis, 'leases:ch', 'proc-a', 300);
      const b = new ConnectionLeases(second, 'leases:ch', 'proc-b', 300);
      await expect(a.sync(3, 3)).resolves.toEqual({ held: 3, others: 0 });
      await expect(b.sync(2, 3)).resolves.toEqual({ held: 0, others: 3 });
      await expect(a.sync(1, 3)).resolves.toEqual({ held: 1, others: 0 });
      await expect(b.sync(2, 3)).resolves.toEqual({ held: 2, others: 1 });
      // proc-a stops renewing (killed): its lease lapses and proc-b may take the whole channel.
      const taken = await waitFor(
        () => b.sync(3, 3),
        (state) => state.held === 3,
        5_000,
      );
      expect(taken).toEqual({ held: 3, others: 0 });
      await b.release();
      await expect(a.sync(3, 3)).resolves.toEqual({ held: 3, others: 0 });
    });
  });

  describe('learning state', () => {
    it('adds up receipts from several processes into shared buckets', async () => {
      let now = 1_700_000_000_000;
      const options = { fineBucketMs: 10_000, fineRetentionMs: 600_000 };
      const one = new DeliveryStatsStore(redis.redis, options, () => now);
      const two = new DeliveryStatsStore(second, options, () => now);
      one.record({ channelId: 'a', carrier: 'CMCC', province: '广东', delivered: true, latencyMs: 800 });
      two.record({ channelId: 'a', carrier: 'CMCC', province: '广东', delivered: false, latencyMs: 4_000 });
      now += 10_000;
      two.record({ channelId: 'b', carrier: 'CUCC', province: null, delivered: true, latencyMs: 1_200 });
      await Promise.all([one.flush(), two.flush()]);
      const fine = await one.read(now - 10_000, now + 1, 'fine');
      expect(fine.get('a|CMCC|广东')).toMatchObject({ total: 2, delivered: 1, latencySumMs: 4_800 });
      expect(fine.get('b|CUCC|')).toMatchObject({ total: 1, delivered: 1 });
      const coarse = await one.read(now - 60_000, now + 1, 'coarse');
      expect(coarse.get('a|CMCC|广东')?.total).toBe(2);
      const later = await one.read(now, now + 1, 'fine');
      expect(later.has('a|CMCC|广东')).toBe(false);
    });

    it('keeps demotion states and the decision history, with one leader at a time', async () => {
      const store = new DemotionStore(redis.redis);
      const decision: DemotionDecision = {
        channelId: 'a',
        carrier: 'CMCC',
        province: '*',
        from: 'normal',
        level: 'demoted',
        since: 1,
        reason: 'test',
        figures: {
          samples: 100,
          deliveryRate: 0.8,
          meanLatencyMs: 1000,
          peerSamples: 100,
          peerDeliveryRate: 0.99,
          peerMeanLatencyMs: 900,
        },
      };
      await store.apply([decision]);
      expect((await store.states()).get('a|CMCC|*')).toMatchObject({ level: 'demoted', reason: 'test' });
      await store.apply([{ ...decision, from: 'demoted', level: 'normal', since: 2 }]);
      expect((await store.states()).size).toBe(0);
      expect((await store.decisions()).map((entry) => entry.level)).toEqual(['normal', 'demoted']);

      const rival = new DemotionStore(second);
      await expect(store.lead('one', 300)).resolves.toBe(true);
      await expect(rival.lead('two', 300)).resolves.toBe(false);
      await expect(store.lead('one', 300)).resolves.toBe(true);
      await waitFor(
        () => rival.lead('two', 300),
        (leading) => leading,
        5_000,
      );
      await expect(store.lead('one', 300)).resolves.toBe(false);
      await rival.resign('two');
      await expect(store.lead('one', 300)).resolves.toBe(true);
    });

    it('shows live dispatchers only until their snapshot expires', async () => {
      const store = new LiveStateStore(redis.redis);
      await store.publish(
        { dispatcherId: 'd1', at: new Date().toISOString(), channels: [], queues: [] },
        60_000,
      );
      await store.publish(
        { dispatcherId: 'd2', at: new Date().toISOString(), channels: [], queues: [] },
        200,
      );
      expect((await store.read()).map((state) => state.dispatcherId).sort()).toEqual(['d1', 'd2']);
      const remaining = await waitFor(
        () => store.read(),
        (states) => states.length === 1,
        5_000,
      );
      expect(remaining.map((state) => state.dispatcherId)).toEqual(['d1']);
      await store.withdraw('d1');
      expect(await store.read()).toEqual([]);
    });
  });
});
