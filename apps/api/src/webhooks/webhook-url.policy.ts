import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import {
  checkOutboundUrl,
  DnsResolver,
  HostAllowList,
  resolveSafely,
  UnsafeAddressError,
} from '@tongdao/net-safety';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { WEBHOOK_DNS_RESOLVER } from './webhook-dns';

/**
 * Webhook URLs must be http(s) on public addresses: the URL is checked as written (any spelling of a private
 * address) and its host resolved and every address checked. The worker checks again on each delivery, on the
 * very address it connects to. Hosts the operator allow-lists (WEBHOOK_ALLOWED_HOSTS) are exempt.
 */
@Injectable()
export class WebhookUrlPolicy {
  private readonly allowList: HostAllowList;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WEBHOOK_DNS_RESOLVER) private readonly resolver: DnsResolver,
  ) {
    this.allowList = new HostAllowList(config.webhooks.allowedHosts);
  }

  async check(url: string, field: string): Promise<string> {
    const verdict = checkOutboundUrl(url, { allowList: this.allowList });
    if (!verdict.ok)
      throw new DomainException(
        ErrorCode.WebhookUrlUnsafe,
        `${field} ${verdict.message}`,
        field,
        { reason: verdict.reason },
        verdict.reason,
      );
    if (verdict.address !== null || verdict.allowListed) return verdict.url.toString();
    try {
      await resolveSafely(verdict.host, this.allowList, this.resolver);
    } catch (error) {
      if (error instanceof UnsafeAddressError)
        throw new DomainException(
          ErrorCode.WebhookUrlUnsafe,
          `${field} ${error.message}`,
          field,
          { reason: error.reason },
          error.reason,
        );
      throw new DomainException(
        ErrorCode.WebhookUrlUnresolvable,
        `${field}: the host ${verdict.host} does not resolve`,
        field,
      );
    }
    return verdict.url.toString();
  }
}
