import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { LinkDomainDirectory } from '@tongdao/compliance';
import { APP_CONFIG } from '@tongdao/platform';
import { ComplianceRepository } from './compliance.repository';
import { TtlCache } from './ttl-cache';

/** The account's registered link domains (`account_link_domains`), cached per process for COMPLIANCE_CACHE_MS. */
@Injectable()
export class SqlLinkDomainDirectory implements LinkDomainDirectory {
  private readonly cache: TtlCache<readonly string[]>;

  constructor(
    private readonly repository: ComplianceRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.compliance.cacheMs);
  }

  registeredHosts(accountId: string): Promise<readonly string[]> {
    return this.cache.get(accountId, () => this.repository.linkDomains(accountId));
  }

  invalidate(accountId: string): void {
    this.cache.invalidate(accountId);
  }
}
