import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@tongdao/platform';
import { ApiKeyRecord } from './api-key-record';

const TTL_SECONDS = 5;

/**
 * A few seconds of caching takes the key lookup off PostgreSQL for busy clients; revocation and account changes
 * delete the entry so they take effect at once. Redis trouble degrades to a database lookup, never to an error.
 */
@Injectable()
export class ApiKeyCache {
  private readonly logger = new Logger(ApiKeyCache.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async get(prefix: string): Promise<ApiKeyRecord | null> {
    try {
      const cached = await this.redis.get(cacheKey(prefix));
      return cached ? (JSON.parse(cached) as ApiKeyRecord) : null;
    } catch (error) {
      this.logger.warn({ err: error }, 'api key cache read failed');
      return null;
    }
  }

  async put(record: ApiKeyRecord): Promise<void> {
    try {
      await this.redis.set(cacheKey(record.prefix), JSON.stringify(record), 'EX', TTL_SECONDS);
    } catch (error) {
      this.logger.warn({ err: error }, 'api key cache write failed');
    }
  }

  async invalidate(prefixes: readonly string[]): Promise<void> {
    if (prefixes.length === 0) return;
    await this.redis.del(...prefixes.map(cacheKey));
  }
}

function cacheKey(prefix: string): string {
  return `apikey:${prefix}`;
}
