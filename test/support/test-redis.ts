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
        const keys = await redis.keys('*');
        const unprefixed = keys.map((key) => key.slice(keyPrefix.length));
        if (unprefixed.length > 0) await redis.del(...unprefixed);
      }
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
