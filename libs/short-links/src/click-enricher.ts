import { ClickClassifier } from './click-classifier';
import { ClickEvent } from './click-event';
import { ClickRecord } from './click-record';
import { IpGeoLookup } from './ip-geo';
import { truncateIp } from './ip-prefix';
import { UserAgentDetailsParser } from './user-agent-details';

const REFERRER_MAX = 1024;
const USER_AGENT_MAX = 512;

/**
 * Turns a logged hit into a stored click: region from the full address (which is then dropped for its /24 or
 * /48), device/OS/browser, the delay since the message's delivery, and the human/preview/scanner/bot verdict.
 */
export class ClickEnricher {
  constructor(
    private readonly classifier: ClickClassifier,
    private readonly geo: IpGeoLookup,
    private readonly agents = new UserAgentDetailsParser(),
  ) {}

  enrich(event: ClickEvent, deliveredAt: Date | null): ClickRecord {
    const geo = this.geo.lookup(event.ip);
    const details = this.agents.parse(event.userAgent);
    const delayMs = deliveredAt ? event.at - deliveredAt.getTime() : null;
    const verdict = this.classifier.classify({
      method: event.method,
      userAgent: event.userAgent,
      ip: event.ip,
      isp: geo.isp,
      delayMs,
    });
    return {
      clickId: event.clickId,
      linkId: event.linkId,
      accountId: event.accountId,
      messageId: event.messageId,
      recipientId: event.recipientId,
      occurredAt: new Date(event.at),
      ipPrefix: truncateIp(event.ip),
      device: details.device,
      os: details.os,
      browser: details.browser,
      country: geo.country,
      province: geo.province,
      city: geo.city,
      referrer: event.referrer ? event.referrer.slice(0, REFERRER_MAX) : null,
      class: verdict.class,
      reason: verdict.reason,
      delayMs,
      method: event.method,
      userAgent: event.userAgent ? event.userAgent.slice(0, USER_AGENT_MAX) : null,
    };
  }
}
