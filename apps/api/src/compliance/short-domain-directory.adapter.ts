import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { hostCoveredBy, ShortDomainDirectory } from '@tongdao/compliance';
import { APP_CONFIG } from '@tongdao/platform';
import { ComplianceRepository } from './compliance.repository';
import { TtlCache } from './ttl-cache';

/**
 * Tongdao short domains: the approved rows of issue 8a's `short_domains` (platform-wide and the account's own)
 * when that table exists, plus the configured platform default (COMPLIANCE_DEFAULT_SHORT_DOMAIN) in any case.
 */
@Injectable()
export class SqlShortDomainDirectory implements ShortDomainDirectory {
  private readonly cache: TtlCache<readonly string[]>;
  private tablePresent: Promise<boolean> | null = null;
  private readonly platformDefault: string | null;

  constructor(
    private readonly repository: ComplianceRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.compliance.cacheMs);
    this.platformDefault = config.compliance.defaultShortDomain;
  }

  async isTongdaoShortHost(host: string, accountId: string): Promise<boolean> {
    if (this.platformDefault !== null && hostCoveredBy(host, this.platformDefault)) return true;
    const hosts = await this.cache.get(accountId, () => this.load(accountId));
    return hosts.includes(host);
  }

  private async load(accountId: string): Promise<readonly string[]> {
    this.tablePresent ??= this.repository.hasShortDomainsTable();
    if (!(await this.tablePresent)) {
      this.tablePresent = null; // look again next time: 8a's migration may run after this process started
      return [];
    }
    return this.repository.shortHosts(accountId);
  }
}
