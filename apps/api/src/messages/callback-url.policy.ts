import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { checkOutboundUrl, HostAllowList } from '@tongdao/net-safety';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';

/**
 * A message's callback_url is refused at acceptance when it names a non-public target in any spelling
 * (loopback, private, link-local, metadata, unspecified; `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), with the
 * webhook settings' code and allow-list (WEBHOOK_ALLOWED_HOSTS). No DNS lookup here, on the send path: the
 * worker checks the resolved address on every delivery.
 */
@Injectable()
export class CallbackUrlPolicy {
  private readonly allowList: HostAllowList;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowList = new HostAllowList(config.webhooks.allowedHosts);
  }

  check(url: string | undefined, field = 'callback_url'): string | null {
    if (url === undefined) return null;
    const verdict = checkOutboundUrl(url, { allowList: this.allowList });
    if (verdict.ok) return url;
    throw new DomainException(
      ErrorCode.WebhookUrlUnsafe,
      `${field} ${verdict.message}`,
      field,
      { reason: verdict.reason },
      verdict.reason,
    );
  }
}
