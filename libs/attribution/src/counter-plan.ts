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

/** A scope's deltas by day, metric and key: nested maps keyed by the caller's own strings (no key building). */
type DayCounters = Map<string, Map<string, Map<string, CounterDelta>>>;

/**
 * Collects counter increments in memory and hands them out summed and sorted by primary key. Summing turns a batch of
 * ten thousand clicks into a few hundred row updates; the fixed order makes concurrent writers (the click writer, the
 * outbox consumer, the conversions API) lock shared rows in the same order, so they queue instead of deadlocking.
 * The deltas sit in maps nested by key column: a click adds a few dozen increments, and looking each up by strings
 * the caller already holds costs far less than building and hashing a combined key every time.
 */
export class CounterPlan {
  private readonly accounts = new Map<string, Map<ScopeKind, Map<string, DayCounters>>>();
  private count = 0;

  /**
   * Adds `delta` to `metric`/`key` in the scope, on the event's day and for all time. Links keep all-time rows only:
   * with one row set per recipient, daily rows would multiply the writes of every click for little use.
   */
  add(accountId: string, scope: AttributionScope, at: Date, metric: string, key: string, delta = 1): void {
    const days = this.daysOf(accountId, scope);
    if (scope.kind !== 'link') this.addOn(days, accountId, scope, shanghaiDay(at), metric, key, delta);
    this.addOn(days, accountId, scope, ALL_TIME_DAY, metric, key, delta);
  }

  /** The same increment in every scope of the link. */
  addToLink(link: LinkAttribution, at: Date, metric: string, key: string, delta = 1): void {
    for (const scope of scopesOf(link)) this.add(link.accountId, scope, at, metric, key, delta);
  }

  get size(): number {
    return this.count;
  }

  /** In primary-key order: account, scope kind, scope id, day, metric, key (each compared as a string). */
  sorted(): CounterDelta[] {
    const out: CounterDelta[] = [];
    for (const kinds of sortedValues(this.accounts))
      for (const ids of sortedValues(kinds))
        for (const days of sortedValues(ids))
          for (const metrics of sortedValues(days))
            for (const keys of sortedValues(metrics)) for (const delta of sortedValues(keys)) out.push(delta);
    return out;
  }

  private daysOf(accountId: string, scope: AttributionScope): DayCounters {
    let kinds = this.accounts.get(accountId);
    if (!kinds) this.accounts.set(accountId, (kinds = new Map()));
    let ids = kinds.get(scope.kind);
    if (!ids) kinds.set(scope.kind, (ids = new Map()));
    let days = ids.get(scope.id);
    if (!days) ids.set(scope.id, (days = new Map()));
    return days;
  }

  private addOn(
    days: DayCounters,
    accountId: string,
    scope: AttributionScope,
    day: string,
    metric: string,
    key: string,
    delta: number,
  ): void {
    let metrics = days.get(day);
    if (!metrics) days.set(day, (metrics = new Map()));
    let keys = metrics.get(metric);
    if (!keys) metrics.set(metric, (keys = new Map()));
    const existing = keys.get(key);
    if (existing) {
      existing.delta += delta;
      return;
    }
    keys.set(key, { accountId, scope: scope.kind, scopeId: scope.id, day, metric, key, delta });
    this.count += 1;
  }
}

function sortedValues<V>(map: ReadonlyMap<string, V>): V[] {
  if (map.size === 1) return [...map.values()];
  return [...map.keys()].sort(compareStrings).map((key) => map.get(key)!);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
