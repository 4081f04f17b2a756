import { ComplianceBatch } from '../compliance-batch';
import { ComplianceCode } from '../compliance-code';
import { ComplianceRequest } from '../compliance-request';
import { ComplianceRule } from '../compliance-rule';
import { LinkDomainDirectory, ShortDomainDirectory } from '../ports';
import { PASS, reject, Verdict } from '../verdict';
import { PUBLIC_SHORTENERS } from './public-shorteners';
import { findLinks, hostCoveredBy } from './url-finder';

export const LINKS_RULE = 'links';

/**
 * Links must point at one of the account's registered link domains (or their subdomains) or at a Tongdao short
 * domain. Public shorteners are refused by name; any other host is refused as unregistered. Each distinct text is
 * parsed once and each distinct host looked up once per batch.
 */
export class LinksRule implements ComplianceRule {
  readonly name = LINKS_RULE;
  private readonly shorteners: readonly string[];

  constructor(
    private readonly registered: LinkDomainDirectory,
    private readonly shortDomains: ShortDomainDirectory,
    shorteners: readonly string[] = PUBLIC_SHORTENERS,
  ) {
    this.shorteners = shorteners;
  }

  async apply(batch: ComplianceBatch, request: ComplianceRequest): Promise<void> {
    const linksByText = new Map<string, string[]>();
    for (let index = 0; index < batch.size; index++) {
      if (batch.isRejected(index)) continue;
      const text = batch.recipients[index]!.content;
      if (!linksByText.has(text))
        linksByText.set(
          text,
          findLinks(text).map((link) => link.host),
        );
    }
    const hosts = new Set<string>();
    for (const found of linksByText.values()) for (const host of found) hosts.add(host);
    if (hosts.size === 0) return;
    const hostVerdicts = await this.judgeHosts([...hosts], request.accountId);
    const textVerdicts = new Map<string, Verdict>();
    for (const [text, found] of linksByText) {
      const refused = found
        .map((host) => hostVerdicts.get(host)!)
        .find((verdict) => verdict.outcome !== 'pass');
      textVerdicts.set(text, refused ?? PASS);
    }
    for (let index = 0; index < batch.size; index++) {
      if (!batch.isRejected(index)) batch.record(index, textVerdicts.get(batch.recipients[index]!.content)!);
    }
  }

  private async judgeHosts(hosts: string[], accountId: string): Promise<Map<string, Verdict>> {
    const registered = await this.registered.registeredHosts(accountId);
    const verdicts = new Map<string, Verdict>();
    await Promise.all(
      hosts.map(async (host) => {
        verdicts.set(host, await this.judge(host, accountId, registered));
      }),
    );
    return verdicts;
  }

  private async judge(host: string, accountId: string, registered: readonly string[]): Promise<Verdict> {
    if (registered.some((domain) => hostCoveredBy(host, domain))) return PASS;
    if (await this.shortDomains.isTongdaoShortHost(host, accountId)) return PASS;
    if (this.shorteners.some((shortener) => hostCoveredBy(host, shortener))) {
      return reject(
        this.name,
        ComplianceCode.PublicShortenerNotAllowed,
        `${host} is a public URL shortener; carriers block them. Use a Tongdao short link or a registered domain`,
        'content',
      );
    }
    return reject(
      this.name,
      ComplianceCode.LinkNotAllowed,
      `${host} is not one of this account's registered link domains nor a Tongdao short domain`,
      'content',
    );
  }
}
