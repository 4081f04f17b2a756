import Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';

/**
 * External mode talks to a real Redis. Embedded mode uses ioredis-mock, an in-process
 * stand-in with the same API, so no code path differs between the two.
 */
export function createRedisClient(
  config: { redis: Pick<AppConfig['redis'], 'url'> },
  keyPrefix = 'tongdao:',
): Redis {
  if (config.redis.url) {
    return new Redis(config.redis.url, {
      keyPrefix,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
      lazyConnect: false,
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RedisMock = require('ioredis-mock') as new (options: { keyPrefix: string }) => Redis;
  return new RedisMock({ keyPrefix });
}
