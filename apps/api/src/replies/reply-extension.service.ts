import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import { ReplySettingsRepository } from './reply-settings.repository';

/** A changed extension reaches every API process within this time. */
const CACHE_TTL_MS = 60_000;
const NONE = '';

/**
 * The extension code a message of an account goes out with (appended to the channel's sender number, so replies
 * come back addressed to it). Assigned automatically on an account's first message; cached per process, because
 * it is asked on every send.
 */
@Injectable()
export class ReplyExtensionService {
  private readonly cache = new LRUCache<string, string>({ max: 50_000, ttl: CACHE_TTL_MS });

  constructor(
    private readonly settings: ReplySettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async extensionFor(accountId: string): Promise<string | null> {
    const cached = this.cache.get(accountId);
    if (cached !== undefined) return cached === NONE ? null : cached;
    const digits = this.config.replies.extensionDigits;
    const extension =
      digits > 0
        ? await this.settings.ensureExtension(accountId, digits)
        : ((await this.settings.find(accountId))?.extension ?? null);
    this.cache.set(accountId, extension ?? NONE);
    return extension;
  }

  forget(accountId: string): void {
    this.cache.delete(accountId);
  }
}
