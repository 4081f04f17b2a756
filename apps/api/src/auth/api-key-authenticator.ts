import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { DomainException, ErrorCode, REDIS } from '@tongdao/platform';
import { apiKeyMatches, apiKeyPrefix } from './api-key-format';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyLookup } from './api-key-lookup';
import { ApiKeyRecord } from './api-key-record';

const LAST_USED_RESOLUTION_SECONDS = 60;

/** Turns an `Authorization` header into a key record, or throws 401/403. */
@Injectable()
export class ApiKeyAuthenticator implements OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly pendingWrites = new Set<Promise<unknown>>();

  constructor(
    private readonly lookup: ApiKeyLookup,
    private readonly cache: ApiKeyCache,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async authenticate(authorization: string | undefined): Promise<ApiKeyRecord> {
    const token = bearerToken(authorization);
    const prefix = apiKeyPrefix(token);
    if (!prefix) throw invalidKey();
    const record = await this.resolve(prefix);
    if (!record || !apiKeyMatches(token, Buffer.from(record.secretHashHex, 'hex'))) throw invalidKey();
    if (record.revoked)
      throw new DomainException(ErrorCode.ApiKeyRevoked, 'This API key has been revoked', 'Authorization');
    if (record.accountStatus !== 'active') {
      throw new DomainException(ErrorCode.AccountSuspended, 'The account of this API key is suspended');
    }
    this.recordUse(record.id);
    return record;
  }

  private async resolve(prefix: string): Promise<ApiKeyRecord | null> {
    const cached = await this.cache.get(prefix);
    if (cached) return cached;
    const record = await this.lookup.findByPrefix(prefix);
    if (record) await this.cache.put(record);
    return record;
  }

  /** last_used_at is informational; writing it at most once a minute per key keeps it off the hot path. */
  private recordUse(keyId: string): void {
    const write = this.redis
      .set(`apikey-used:${keyId}`, '1', 'EX', LAST_USED_RESOLUTION_SECONDS, 'NX')
      .then((claimed) => (claimed ? this.lookup.touch(keyId) : undefined))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record api key use'))
      .finally(() => this.pendingWrites.delete(write));
    this.pendingWrites.add(write);
  }

  /** Lets in-flight last_used_at writes finish before the database pool closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.pendingWrites]);
  }
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    throw new DomainException(
      ErrorCode.Unauthenticated,
      'Send an API key as "Authorization: Bearer <key>"',
      'Authorization',
    );
  }
  return match[1];
}

function invalidKey(): DomainException {
  return new DomainException(ErrorCode.Unauthenticated, 'Invalid API key', 'Authorization');
}
