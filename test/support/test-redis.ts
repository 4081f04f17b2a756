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
      if (url) await deleteKeysUnder(redis, keyPrefix);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Deletes this suite's keys. The client's prefix does not apply to SCAN and KEYS patterns (they would see every
 * suite's keys on the shared server), so the match names it, and DEL, which adds it, gets the keys without it.
 */
async function deleteKeysUnder(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(keyPrefix.length)));
  } while (cursor !== '0');
}
