import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { IpAllowlist } from '@tongdao/ip-allowlist';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ApiKeyRecord } from './api-key-record';

/**
 * Enforces the account's IP allow-list on every authenticated request. The list travels with the cached key
 * record, and compiled lists are kept per distinct list, so the check costs a few number comparisons.
 */
@Injectable()
export class IpAllowlistPolicy {
  private readonly compiled = new LRUCache<string, IpAllowlist>({ max: 5000 });

  assertAllowed(key: Pick<ApiKeyRecord, 'ipAllowlist'>, clientIp: string | undefined): void {
    const entries = key.ipAllowlist ?? [];
    if (entries.length === 0) return;
    const id = entries.join(',');
    let list = this.compiled.get(id);
    if (!list) {
      list = IpAllowlist.compile(entries);
      this.compiled.set(id, list);
    }
    if (!list.allows(clientIp))
      throw new DomainException(
        ErrorCode.IpNotAllowed,
        `Requests from ${clientIp ?? 'an unknown address'} are not allowed for this account`,
      );
  }
}
