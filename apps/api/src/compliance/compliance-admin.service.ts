import { Injectable } from '@nestjs/common';
import { formatClock, isValidTimeZone, parseClock, WordCategory } from '@tongdao/compliance';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AccountRepository } from '../accounts/account.repository';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { AccountScope } from '../common/account-scope';
import { assertMayReview } from '../common/review-policy';
import { CompliancePolicyStore } from './compliance-policy.store';
import { ComplianceRepository } from './compliance.repository';
import { SqlLinkDomainDirectory } from './link-domain-directory.adapter';
import { SensitiveWordCatalog } from './sensitive-word-catalog';

const WORD_PAGE = 1000;

/**
 * Word lists, link domains and settings. The platform word list is the operator's; an account (or an ancestor)
 * keeps its own list. Link domains and settings loosen what an account may send, so only an ancestor (or the
 * operator, for itself) changes them, like approving a template.
 */
@Injectable()
export class ComplianceAdminService {
  constructor(
    private readonly repository: ComplianceRepository,
    private readonly acting: ActingAccountResolver,
    private readonly accounts: AccountRepository,
    private readonly catalog: SensitiveWordCatalog,
    private readonly policies: CompliancePolicyStore,
    private readonly linkDomains: SqlLinkDomainDirectory,
    private readonly audit: AuditTrail,
  ) {}

  async listWords(
    principal: Principal,
    list: 'platform' | 'account' | undefined,
    accountId?: string,
    after?: string,
  ) {
    const owner = await this.wordOwner(principal, list, accountId);
    const words = await this.repository.listWords(owner, after ?? null, WORD_PAGE);
    return {
      list: owner === null ? 'platform' : 'account',
      version: this.catalog.version,
      data: words.map((row) => ({
        word: row.word,
        category: row.category,
        created_at: row.created_at.toISOString(),
      })),
      next_after: words.length === WORD_PAGE ? words[words.length - 1]!.word : null,
    };
  }

  async addWords(
    principal: Principal,
    list: 'platform' | 'account' | undefined,
    accountId: string | undefined,
    words: readonly { word: string; category?: WordCategory }[],
  ) {
    const owner = await this.wordOwner(principal, list, accountId);
    const unique = new Map<string, WordCategory>();
    for (const entry of words) {
      const word = entry.word.trim();
      if (word.length === 0)
        throw new DomainException(ErrorCode.ValidationFailed, 'a word is empty', 'words');
      const category = entry.category ?? 'block';
      if (unique.get(word) !== 'block') unique.set(word, category);
    }
    const stored = await this.repository.upsertWords(
      owner,
      [...unique].map(([word, category]) => ({ word, category })),
    );
    await this.catalog.reload();
    this.audit.record('sensitive_words', owner ?? 'platform', null, { added: stored }, principal.account);
    return { list: owner === null ? 'platform' : 'account', stored, version: this.catalog.version };
  }

  async removeWord(
    principal: Principal,
    list: 'platform' | 'account' | undefined,
    accountId: string | undefined,
    word: string,
  ) {
    const owner = await this.wordOwner(principal, list, accountId);
    if (!(await this.repository.deleteWord(owner, word)))
      throw new DomainException(ErrorCode.NotFound, 'No such word on this list', 'word');
    await this.catalog.reload();
    this.audit.record('sensitive_words', owner ?? 'platform', { word }, null, principal.account);
  }

  async listLinkDomains(principal: Principal, accountId?: string) {
    const owner = await this.acting.resolve(principal, accountId);
    return { account_id: owner.id, data: await this.repository.linkDomains(owner.id) };
  }

  async addLinkDomain(principal: Principal, accountId: string | undefined, host: string) {
    const owner = await this.ancestorActing(principal, accountId);
    await this.repository.addLinkDomain(owner.id, host.toLowerCase());
    this.linkDomains.invalidate(owner.id);
    this.audit.record('link_domain', owner.id, null, { host: host.toLowerCase() }, owner);
    return this.listLinkDomains(principal, owner.id);
  }

  async removeLinkDomain(principal: Principal, accountId: string | undefined, host: string) {
    const owner = await this.ancestorActing(principal, accountId);
    if (!(await this.repository.removeLinkDomain(owner.id, host.toLowerCase())))
      throw new DomainException(ErrorCode.NotFound, 'No such link domain on this account', 'host');
    this.linkDomains.invalidate(owner.id);
    this.audit.record('link_domain', owner.id, { host }, null, owner);
  }

  async settings(principal: Principal, accountId?: string) {
    const owner = await this.acting.resolve(principal, accountId);
    return this.view(owner.id);
  }

  async saveSettings(
    principal: Principal,
    accountId: string | undefined,
    change: {
      unsubscribe_text?: string | null;
      quiet_hours?: { enabled: boolean; start?: string; end?: string; time_zone?: string };
    },
  ) {
    const owner = await this.ancestorActing(principal, accountId);
    const before = await this.repository.settings(owner.id);
    const quiet = change.quiet_hours;
    if (quiet?.time_zone !== undefined && !isValidTimeZone(quiet.time_zone))
      throw new DomainException(
        ErrorCode.ValidationFailed,
        'time_zone must be an IANA zone',
        'quiet_hours.time_zone',
      );
    if (quiet && quiet.start !== undefined && quiet.start === quiet.end)
      throw new DomainException(ErrorCode.ValidationFailed, 'start and end must differ', 'quiet_hours.end');
    await this.repository.saveSettings({
      account_id: owner.id,
      unsubscribe_text:
        change.unsubscribe_text === undefined ? (before?.unsubscribe_text ?? null) : change.unsubscribe_text,
      quiet_hours_enabled: quiet ? quiet.enabled : (before?.quiet_hours_enabled ?? true),
      quiet_start: quiet?.start !== undefined ? parseClock(quiet.start) : (before?.quiet_start ?? null),
      quiet_end: quiet?.end !== undefined ? parseClock(quiet.end) : (before?.quiet_end ?? null),
      quiet_time_zone: quiet?.time_zone ?? before?.quiet_time_zone ?? null,
    });
    this.policies.invalidate(owner.id);
    const after = await this.view(owner.id);
    this.audit.record('compliance_settings', owner.id, before, after, owner);
    return after;
  }

  private async view(accountId: string) {
    const policy = this.policies.merge(await this.repository.settings(accountId));
    return {
      account_id: accountId,
      unsubscribe_text: policy.unsubscribeText,
      quiet_hours: policy.quietHours
        ? {
            enabled: true,
            start: formatClock(policy.quietHours.startMinute),
            end: formatClock(policy.quietHours.endMinute),
            time_zone: policy.quietHours.timeZone,
          }
        : { enabled: false },
    };
  }

  private async wordOwner(
    principal: Principal,
    list: 'platform' | 'account' | undefined,
    accountId: string | undefined,
  ): Promise<string | null> {
    if (list === 'platform') {
      if (principal.accountKind !== 'operator')
        throw new DomainException(
          ErrorCode.Forbidden,
          'Only the operator manages the platform word list',
          'list',
        );
      return null;
    }
    return (await this.acting.resolve(principal, accountId)).id;
  }

  private async ancestorActing(principal: Principal, accountId: string | undefined): Promise<AccountScope> {
    const owner = await this.acting.resolve(principal, accountId);
    const account = await this.accounts.findInScope(principal.account, owner.id);
    assertMayReview(principal, owner.id, account?.path ?? owner.path);
    return owner;
  }
}
