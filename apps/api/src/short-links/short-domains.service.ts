import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShortDomainRepository, ShortDomainStatus } from '@tongdao/database';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { LinkCacheBus, shortDomainHostProblem } from '@tongdao/short-links';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { isSameOrDescendant } from '../common/account-scope';
import { assertMayReview } from '../common/review-policy';
import { ShortDomainList, ShortDomainView } from './dto/short-domain.dto';
import { LINK_CACHE_BUS } from './short-links.tokens';

/**
 * Accounts register their short domains; an ancestor (the parent, a reseller above, or the operator) approves or
 * rejects them, as for signatures and templates. Only approved hosts redirect and take new links.
 */
@Injectable()
export class ShortDomainsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly domains: ShortDomainRepository,
    private readonly acting: ActingAccountResolver,
    private readonly audit: AuditTrail,
    @Inject(LINK_CACHE_BUS) private readonly bus: LinkCacheBus,
  ) {}

  async register(principal: Principal, host: string, accountId?: string): Promise<ShortDomainView> {
    const owner = await this.acting.resolve(principal, accountId);
    const normalized = host.trim().toLowerCase();
    const problem = shortDomainHostProblem(normalized);
    if (problem) throw new DomainException(ErrorCode.ShortDomainInvalid, `host ${problem}`, 'host');
    const domain = await this.domains.insertPending(this.dataSource, owner.id, normalized);
    if (!domain)
      throw new DomainException(ErrorCode.ShortDomainTaken, 'That host is already registered', 'host');
    const view = ShortDomainView.of(domain);
    this.audit.record('short_domain', domain.id, null, view, owner);
    return view;
  }

  async list(principal: Principal, accountId?: string, status?: ShortDomainStatus): Promise<ShortDomainList> {
    const owner = await this.acting.resolve(principal, accountId);
    const domains = await this.domains.listForAccount(this.dataSource, owner.id, status);
    return { data: domains.map((domain) => ShortDomainView.of(domain)) };
  }

  async get(principal: Principal, id: string): Promise<ShortDomainView> {
    return ShortDomainView.of((await this.require(principal, id)).domain);
  }

  async review(
    principal: Principal,
    id: string,
    status: 'approved' | 'rejected',
    reason?: string,
  ): Promise<ShortDomainView> {
    const { domain, ownerPath } = await this.requireAccountDomain(principal, id);
    assertMayReview(principal, domain.accountId!, ownerPath);
    const decided = await this.domains.decide(this.dataSource, id, {
      status,
      reviewerAccountId: principal.account.id,
      reason: reason ?? null,
    });
    if (!decided)
      throw new DomainException(ErrorCode.AlreadyReviewed, `Short domain is already ${domain.status}`, 'id');
    await this.bus.domainsChanged();
    const after = await this.get(principal, id);
    this.audit.record('short_domain', id, ShortDomainView.of(domain), after, {
      id: domain.accountId!,
      path: ownerPath,
    });
    return after;
  }

  /** Removes a domain without links; one with links is disabled (its links stop answering, codes stay reserved). */
  async withdraw(principal: Principal, id: string): Promise<void> {
    const { domain, ownerPath } = await this.requireAccountDomain(principal, id);
    const outcome = await this.domains.withdraw(this.dataSource, domain.accountId!, id);
    if (!outcome) throw new DomainException(ErrorCode.NotFound, 'Short domain not found', 'id');
    await this.bus.domainsChanged();
    this.audit.record(
      'short_domain',
      id,
      ShortDomainView.of(domain),
      outcome === 'deleted' ? null : { status: 'disabled' },
      {
        id: domain.accountId!,
        path: ownerPath,
      },
    );
  }

  private async require(principal: Principal, id: string) {
    const found = await this.domains.findVisible(this.dataSource, principal.account.path, id);
    if (!found) throw new DomainException(ErrorCode.NotFound, 'Short domain not found', 'id');
    return found;
  }

  /** Platform domains are configuration, not something an API key reviews or deletes. */
  private async requireAccountDomain(principal: Principal, id: string) {
    const found = await this.require(principal, id);
    if (
      found.domain.accountId === null ||
      found.ownerPath === null ||
      !isSameOrDescendant(found.ownerPath, principal.account.path)
    )
      throw new DomainException(ErrorCode.NotFound, 'Short domain not found', 'id');
    return { domain: found.domain, ownerPath: found.ownerPath };
  }
}
