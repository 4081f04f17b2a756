import type Redis from 'ioredis';
import { createRedisClient } from './create-redis-client';

describe('createRedisClient in embedded mode (ioredis-mock)', () => {
  let redis: Redis;

  beforeEach(() => {
    redis = createRedisClient({ redis: {} }, `spec-${Math.random().toString(36).slice(2)}:`);
  });
  afterEach(() => redis.disconnect());

  it('gives scripts a TIME that is the wall clock, for more than a second', async () => {
    // ioredis-mock's own TIME is off by up to a second and jumps back every second, by the phase between
    // process.hrtime() and the wall clock; the cluster TPS bucket starved a channel on it.
    const readings: Array<{ before: number; time: number; after: number }> = [];
    const started = Date.now();
    while (Date.now() - started < 1_100) {
      const before = Date.now();
      const [seconds, micros] = (await redis.eval(`return redis.call('TIME')`, 0)) as string[];
      readings.push({
        before,
        time: Number(seconds) * 1000 + Math.floor(Number(micros) / 1000),
        after: Date.now(),
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(readings.length).toBeGreaterThan(10);
    for (const [index, reading] of readings.entries()) {
      expect(reading.time).toBeGreaterThanOrEqual(reading.before);
      expect(reading.time).toBeLessThanOrEqual(reading.after);
      if (index > 0) expect(reading.time).toBeGreaterThanOrEqual(readings[index - 1]!.time);
    }
  });

  it('leaves a script its own keys and arguments', async () => {
    await expect(
      redis.eval(`return {KEYS[1], #ARGV, ARGV[1], ARGV[2], type(redis.pcall('TIME')[1])}`, 1, 'k', 'a', 'b'),
    ).resolves.toEqual(['k', 2, 'a', 'b', 'string']);
    await expect(redis.eval(`return {#ARGV, ARGV[1]}`, 0, 'plain')).resolves.toEqual([1, 'plain']);
  });
});
