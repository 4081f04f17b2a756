import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AnalyticsReport,
  buildAnalyticsReport,
  CounterRow,
  linkStepCounters,
  ScopeKind,
} from '@tongdao/attribution';
import { AttributionStore } from '@tongdao/attribution-store';
import { ShortLinkRepository } from '@tongdao/database';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { accountTreeIds } from '../common/account-tree';
import { AnalyticsQueryDto } from './analytics-query.dto';

const MAX_RANGE_DAYS = 400;

export interface AnalyticsView extends AnalyticsReport {
  scope: { kind: ScopeKind; id: string };
  range: { from: string; to: string; time_zone: 'Asia/Shanghai' } | null;
}

/**
 * Analytics from the rollup counters only (never from raw clicks): per link, batch, campaign reference and account.
 * Every read is limited to the caller's account tree; an id outside it answers like an id with no data, or 404
 * where the thing itself is looked up (a link).
 */
@Injectable()
export class AnalyticsService {
  private readonly store = new AttributionStore();
  private readonly links = new ShortLinkRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly acting: ActingAccountResolver,
  ) {}

  async forLink(principal: Principal, linkId: string): Promise<AnalyticsView> {
    if (!/^\d{1,18}$/.test(linkId))
      throw new DomainException(ErrorCode.InvalidId, 'link id must be a number', 'id');
    const link = await this.links.findInScope(this.dataSource, principal.account.path, linkId);
    if (!link) throw new DomainException(ErrorCode.NotFound, 'Link not found', 'id');
    // A link keeps all-time counters only (see CounterPlan.add), so a day range does not apply. A per-recipient
    // link's funnel steps are on its message_links row (see funnelScopesOf).
    const steps = await this.store.linkSteps(this.dataSource, linkId);
    return this.report([link.accountId], 'link', linkId, {}, steps ? linkStepCounters(steps) : []);
  }

  async forBatch(principal: Principal, batchId: string, query: AnalyticsQueryDto): Promise<AnalyticsView> {
    const accounts = await accountTreeIds(
      this.dataSource,
      await this.acting.resolve(principal, query.account_id),
    );
    return this.report(accounts, 'batch', batchId.toLowerCase(), query);
  }

  async forCampaign(
    principal: Principal,
    campaignRef: string,
    query: AnalyticsQueryDto,
  ): Promise<AnalyticsView> {
    const accounts = await accountTreeIds(
      this.dataSource,
      await this.acting.resolve(principal, query.account_id),
    );
    return this.report(accounts, 'campaign', campaignRef, query);
  }

  async forAccount(principal: Principal, query: AnalyticsQueryDto): Promise<AnalyticsView> {
    const account = await this.acting.resolve(principal, query.account_id);
    return this.report([account.id], 'account', account.id, query);
  }

  private async report(
    accounts: readonly string[],
    kind: ScopeKind,
    id: string,
    query: AnalyticsQueryDto,
    extra: readonly CounterRow[] = [],
  ): Promise<AnalyticsView> {
    const range = dayRange(query);
    const rows = [...(await this.store.readCounters(this.dataSource, accounts, kind, id, range)), ...extra];
    return {
      scope: { kind, id },
      range: range ? { ...range, time_zone: 'Asia/Shanghai' } : null,
      ...buildAnalyticsReport(rows),
    };
  }
}

function dayRange(query: AnalyticsQueryDto): { from: string; to: string } | null {
  if (query.from === undefined && query.to === undefined) return null;
  if (query.from === undefined || query.to === undefined)
    throw new DomainException(
      ErrorCode.ValidationFailed,
      'give both from and to, or neither',
      query.from ? 'to' : 'from',
    );
  const from = Date.parse(`${query.from}T00:00:00Z`);
  const to = Date.parse(`${query.to}T00:00:00Z`);
  if (Number.isNaN(from)) throw new DomainException(ErrorCode.ValidationFailed, 'from is not a date', 'from');
  if (Number.isNaN(to)) throw new DomainException(ErrorCode.ValidationFailed, 'to is not a date', 'to');
  if (to < from) throw new DomainException(ErrorCode.ValidationFailed, 'to is before from', 'to');
  if ((to - from) / 86_400_000 > MAX_RANGE_DAYS)
    throw new DomainException(ErrorCode.ValidationFailed, `at most ${MAX_RANGE_DAYS} days`, 'to');
  return { from: query.from, to: query.to };
}
