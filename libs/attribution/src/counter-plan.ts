import { shanghaiDay } from './shanghai-clock';

export type ScopeKind = 'link' | 'batch' | 'campaign' | 'account';
export const SCOPE_KINDS: readonly ScopeKind[] = ['link', 'batch', 'campaign', 'account'];

/** Counters are kept per Asia/Shanghai day and once more under this day for all time, so totals read one row. */
export const ALL_TIME_DAY = '1970-01-01';

/** What a per-recipient link belongs to: the dimensions every count about it is broken down by. */
export interface LinkAttribution {
  accountId: string;
  linkId: string;
  messageId: string | null;
  batchId: string | null;
  campaignRef: string | null;
  recipientId: string | null;
  carrier: string | null;
  province: string | null;
  channelId: string | null;
}

export interface AttributionScope {
  kind: ScopeKind;
  id: string;
}

export interface CounterDelta {
  accountId: string;
  scope: ScopeKind;
  scopeId: string;
  day: string;
  metric: string;
  key: string;
  delta: number;
}

/** Every scope a link's counts roll up into: the link, its batch and campaign when it has them, the account. */
export function scopesOf(link: LinkAttribution): AttributionScope[] {
  const scopes: AttributionScope[] = [{ kind: 'link', id: link.linkId }];
  if (link.batchId) scopes.push({ kind: 'batch', id: link.batchId });
  if (link.campaignRef) scopes.push({ kind: 'campaign', id: link.campaignRef });
  scopes.push({ kind: 'account', id: link.accountId });
  return scopes;
}

/**
 * Where a link's funnel steps (sent, delivered, clicked, converted, time to first click) are counted. A per-recipient
 * link records its own steps once, on its `message_links` row, and its analytics read them from there; counting
 * them again per link would add a row per step to every message.
 */
export function funnelScopesOf(link: LinkAttribution): AttributionScope[] {
  const scopes = scopesOf(link);
  return link.recipientId === null ? scopes : scopes.filter((scope) => scope.kind !== 'link');
}

/**
 * The funnel's breakdown keys: the total ('') and the message's channel, carrier and province where known. A link
 * is one message, so its own scope keeps the total only (its breakdown would repeat it).
 */
export function breakdownKeys(link: LinkAttribution, scope: ScopeKind = 'batch'): string[] {
  if (scope === 'link') return [''];
  return [
    '',
    `channel:${link.channelId ?? 'unknown'}`,
    `carrier:${link.carrier ?? 'unknown'}`,
    `province:${link.province ?? 'unknown'}`,
  ];
}

/**
 * Collects counter increments in memory and hands them out summed and sorted by primary key. Summing turns a batch of
 * ten thousand clicks into a few hundred row updates; the fixed order makes concurrent writers (the click writer, the
 * outbox consumer, the conversions API) lock shared rows in the same order, so they queue instead of deadlocking.
 */
export class CounterPlan {
  private readonly deltas = new Map<string, CounterDelta>();

  /**
   * Adds `delta` to `metric`/`key` in the scope, on the event's day and for all time. Links keep all-time rows only:
   * with one row set per recipient, daily rows would multiply the writes of every click for little use.
   */
  add(accountId: string, scope: AttributionScope, at: Date, metric: string, key: string, delta = 1): void {
    const prefix = `${accountId}\u0000${scope.kind}\u0000${scope.id}\u0000`;
    if (scope.kind !== 'link') this.addOn(prefix, accountId, scope, shanghaiDay(at), metric, key, delta);
    this.addOn(prefix, accountId, scope, ALL_TIME_DAY, metric, key, delta);
  }

  /** The same increment in every scope of the link. */
  addToLink(link: LinkAttribution, at: Date, metric: string, key: string, delta = 1): void {
    for (const scope of scopesOf(link)) this.add(link.accountId, scope, at, metric, key, delta);
  }

  get size(): number {
    return this.deltas.size;
  }

  sorted(): CounterDelta[] {
    return [...this.deltas.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, delta]) => delta);
  }

  /** `prefix` is the account, scope kind and scope id, NUL-separated, which sorts like the primary key's first three columns. */
  private addOn(
    prefix: string,
    accountId: string,
    scope: AttributionScope,
    day: string,
    metric: string,
    key: string,
    delta: number,
  ): void {
    const id = `${prefix}${day}\u0000${metric}\u0000${key}`;
    const existing = this.deltas.get(id);
    if (existing) existing.delta += delta;
    else this.deltas.set(id, { accountId, scope: scope.kind, scopeId: scope.id, day, metric, key, delta });
  }
}
