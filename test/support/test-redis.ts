import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createRedisClient } from '@tongdao/platform';

export interface TestRedis {
  url?: string;
  /** Keys of this suite live under a unique prefix, so suites never see each other's data. */
  keyPrefix: string;
  redis: Redis;
  close(): Promise<void>;
}

export async function createTestRedis(): Promise<TestRedis> {
  const keyPrefix = `tongdao-test:${randomBytes(4).toString('hex')}:`;
  const url = process.env.REDIS_URL;
  const redis = createRedisClient({ redis: { url } }, keyPrefix);
  return {
    url,
    keyPrefix,
    redis,
    close: async () => {
      if (url) {
        // KEYS/SCAN patterns are not prefixed by ioredis: match this suite's prefix explicitly, and delete in
        // chunks (other suites and benchmarks may keep hundreds of thousands of keys on the same server).
        const keys = await redis.keys(`${keyPrefix}*`);
        const unprefixed = keys.map((key) => key.slice(keyPrefix.length));
        for (let start = 0; start < unprefixed.length; start += 1000)
          await redis.del(...unprefixed.slice(start, start + 1000));
      }
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
