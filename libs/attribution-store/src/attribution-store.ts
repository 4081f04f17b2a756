import {
  ALL_TIME_DAY,
  CounterDelta,
  CounterRow,
  LinkAttribution,
  LinkSteps,
  ScopeKind,
} from '@tongdao/attribution';
import { queryRows, RowQueryRunner } from '@tongdao/database/query-rows';

/** A message's per-recipient link as minted at acceptance. */
export interface NewMessageLink {
  messageId: string;
  linkId: string;
  accountId: string;
  batchId: string | null;
  campaignRef: string | null;
  recipientId: string;
  carrier: string | null;
  province: string | null;
  createdAt: Date;
}

/** A link's attribution plus the funnel steps it has reached. */
export interface TrackedLink extends LinkAttribution {
  deliveredAt: Date | null;
}

export interface UniqueClaim {
  accountId: string;
  scope: ScopeKind;
  scopeId: string;
  recipientId: string;
}

interface LinkRow {
  message_id: string;
  link_id: string;
  account_id: string;
  batch_id: string | null;
  campaign_ref: string | null;
  recipient_id: string;
  carrier: string | null;
  province: string | null;
  channel_id: string | null;
  delivered_at: Date | null;
}

const LINK_COLUMNS = `message_id, link_id::text AS link_id, account_id, batch_id, campaign_ref, recipient_id, carrier,
  province, channel_id, delivered_at`;

/** The only SQL of the attribution tables: message links, rollup counters and unique-recipient claims. */
export class AttributionStore {
  async insertMessageLinks(runner: RowQueryRunner, links: readonly NewMessageLink[]): Promise<void> {
    if (links.length === 0) return;
    await runner.query(
      `INSERT INTO message_links (message_id, link_id, account_id, batch_id, campaign_ref, recipient_id, carrier,
                                  province, created_at)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::timestamptz[])
       ON CONFLICT (message_id) DO NOTHING`,
      [
        links.map((link) => link.messageId),
        links.map((link) => link.linkId),
        links.map((link) => link.accountId),
        links.map((link) => link.batchId),
        links.map((link) => link.campaignRef),
        links.map((link) => link.recipientId),
        links.map((link) => link.carrier),
        links.map((link) => link.province),
        links.map((link) => link.createdAt),
      ],
    );
  }

  async byLinkIds(runner: RowQueryRunner, linkIds: readonly string[]): Promise<Map<string, TrackedLink>> {
    if (linkIds.length === 0) return new Map();
    const rows = await queryRows<LinkRow>(
      runner,
      `SELECT ${LINK_COLUMNS} FROM message_links WHERE link_id = ANY($1::bigint[])`,
      [linkIds],
    );
    return new Map(rows.map((row) => [row.link_id, trackedLink(row)]));
  }

  async byMessageIds(
    runner: RowQueryRunner,
    messageIds: readonly string[],
  ): Promise<Map<string, TrackedLink>> {
    if (messageIds.length === 0) return new Map();
    const rows = await queryRows<LinkRow>(
      runner,
      `SELECT ${LINK_COLUMNS} FROM message_links WHERE message_id = ANY($1::uuid[])`,
      [messageIds],
    );
    return new Map(rows.map((row) => [row.message_id, trackedLink(row)]));
  }

  /** A per-recipient link's own funnel steps, or null for a link that is not in a message. */
  async linkSteps(runner: RowQueryRunner, linkId: string): Promise<LinkSteps | null> {
    const rows = await queryRows<{
      sent_at: Date | null;
      delivered_at: Date | null;
      first_human_click_at: Date | null;
      converted_at: Date | null;
    }>(
      runner,
      `SELECT sent_at, delivered_at, first_human_click_at, converted_at FROM message_links WHERE link_id = $1`,
      [linkId],
    );
    const row = rows[0];
    if (!row) return null;
    const date = (value: Date | null) => (value ? new Date(value) : null);
    return {
      sentAt: date(row.sent_at),
      deliveredAt: date(row.delivered_at),
      firstHumanClickAt: date(row.first_human_click_at),
      convertedAt: date(row.converted_at),
    };
  }

  /** Sets `sent_at` (and the channel) where not set yet; answers the links this call moved. */
  async markSent(
    runner: RowQueryRunner,
    steps: ReadonlyArray<{ messageId: string; at: Date; channelId: string | null }>,
  ): Promise<Array<TrackedLink & { at: Date }>> {
    return this.markStep(
      runner,
      `UPDATE message_links l SET sent_at = s.at, channel_id = COALESCE(s.channel_id, l.channel_id)
         FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS s(message_id, at, channel_id)
        WHERE l.message_id = s.message_id AND l.sent_at IS NULL
        RETURNING ${prefixed('l')}, s.at`,
      [
        steps.map((step) => step.messageId),
        steps.map((step) => step.at),
        steps.map((step) => step.channelId),
      ],
    );
  }

  async markDelivered(
    runner: RowQueryRunner,
    steps: ReadonlyArray<{ messageId: string; at: Date }>,
  ): Promise<Array<TrackedLink & { at: Date }>> {
    return this.markStep(
      runner,
      `UPDATE message_links l SET delivered_at = s.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS s(message_id, at)
        WHERE l.message_id = s.message_id AND l.delivered_at IS NULL
        RETURNING ${prefixed('l')}, s.at`,
      columns(
        byKey(steps, (step) => step.messageId),
        [(step) => step.messageId, (step) => step.at],
      ),
    );
  }

  /** The first human click of each link: sets `first_human_click_at` once; answers the links it set. */
  async markFirstHumanClick(
    runner: RowQueryRunner,
    steps: ReadonlyArray<{ linkId: string; at: Date }>,
  ): Promise<Array<TrackedLink & { at: Date }>> {
    return this.markStep(
      runner,
      `UPDATE message_links l SET first_human_click_at = s.at
         FROM unnest($1::bigint[], $2::timestamptz[]) AS s(link_id, at)
        WHERE l.link_id = s.link_id AND l.first_human_click_at IS NULL
        RETURNING ${prefixed('l')}, s.at`,
      columns(
        byKey(steps, (step) => step.linkId.padStart(20, '0')),
        [(step) => step.linkId, (step) => step.at],
      ),
    );
  }

  async markConverted(runner: RowQueryRunner, linkId: string, at: Date): Promise<boolean> {
    const rows = await queryRows<{ link_id: string }>(
      runner,
      `UPDATE message_links SET converted_at = $2 WHERE link_id = $1 AND converted_at IS NULL RETURNING link_id`,
      [linkId, at],
    );
    return rows.length > 0;
  }

  /**
   * Records that these recipients clicked (or converted) in these scopes; answers the claims that are new. A claim
   * seen before (a replayed click, a second click) is not returned, so unique counts stay exact.
   */
  async claimUniques(
    runner: RowQueryRunner,
    what: 'click' | 'conversion',
    claims: readonly UniqueClaim[],
  ): Promise<UniqueClaim[]> {
    if (claims.length === 0) return [];
    const rows = await queryRows<{
      account_id: string;
      scope: ScopeKind;
      scope_id: string;
      recipient_id: string;
    }>(
      runner,
      `INSERT INTO attribution_uniques (account_id, scope, scope_id, what, recipient_id)
       SELECT a, s, i, $5, r FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(a, s, i, r)
        ORDER BY 1, 2, 3, 5
       ON CONFLICT DO NOTHING
       RETURNING account_id, scope, scope_id, recipient_id`,
      [
        claims.map((claim) => claim.accountId),
        claims.map((claim) => claim.scope),
        claims.map((claim) => claim.scopeId),
        claims.map((claim) => claim.recipientId),
        what,
      ],
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      scope: row.scope,
      scopeId: row.scope_id,
      recipientId: row.recipient_id,
    }));
  }

  /** Adds summed deltas, locking rows in primary-key order so concurrent writers queue instead of deadlocking. */
  async addCounters(runner: RowQueryRunner, deltas: readonly CounterDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await runner.query(
      `INSERT INTO attribution_counters AS c (account_id, scope, scope_id, day, metric, key, value)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::bigint[])
        ORDER BY 1, 2, 3, 4, 5, 6
       ON CONFLICT (account_id, scope, scope_id, day, metric, key) DO UPDATE SET value = c.value + EXCLUDED.value`,
      [
        deltas.map((delta) => delta.accountId),
        deltas.map((delta) => delta.scope),
        deltas.map((delta) => delta.scopeId),
        deltas.map((delta) => delta.day),
        deltas.map((delta) => delta.metric),
        deltas.map((delta) => delta.key),
        deltas.map((delta) => delta.delta),
      ],
    );
  }

  /**
   * Counter rows of one scope, summed over the accounts given (the caller's tree) and either all time or the
   * Asia/Shanghai days from..to inclusive. Reads the primary key's prefix only: a few hundred rows per day.
   */
  async readCounters(
    runner: RowQueryRunner,
    accountIds: readonly string[],
    scope: ScopeKind,
    scopeId: string,
    days: { from: string; to: string } | null,
  ): Promise<CounterRow[]> {
    const rows = await queryRows<{ metric: string; key: string; value: string }>(
      runner,
      `SELECT metric, key, sum(value)::text AS value FROM attribution_counters
        WHERE account_id = ANY($1::uuid[]) AND scope = $2 AND scope_id = $3
          AND day BETWEEN $4::date AND $5::date AND ($6 OR day > $7::date)
        GROUP BY metric, key`,
      [
        accountIds,
        scope,
        scopeId,
        days?.from ?? ALL_TIME_DAY,
        days?.to ?? ALL_TIME_DAY,
        days === null,
        ALL_TIME_DAY,
      ],
    );
    return rows.map((row) => ({ metric: row.metric, key: row.key, value: Number(row.value) }));
  }

  /** Callers pass steps sorted by key (see `byKey`), so concurrent writers take row locks in the same order. */
  private async markStep(
    runner: RowQueryRunner,
    sql: string,
    parameters: unknown[],
  ): Promise<Array<TrackedLink & { at: Date }>> {
    if ((parameters[0] as unknown[]).length === 0) return [];
    const rows = await queryRows<LinkRow & { at: Date }>(runner, sql, parameters);
    return rows.map((row) => ({ ...trackedLink(row), at: row.at }));
  }
}

function byKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function columns<T>(items: readonly T[], pick: ReadonlyArray<(item: T) => unknown>): unknown[][] {
  return pick.map((column) => items.map(column));
}

function prefixed(alias: string): string {
  return LINK_COLUMNS.split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}

function trackedLink(row: LinkRow): TrackedLink {
  return {
    accountId: row.account_id,
    linkId: String(row.link_id),
    messageId: row.message_id,
    batchId: row.batch_id,
    campaignRef: row.campaign_ref,
    recipientId: row.recipient_id,
    carrier: row.carrier,
    province: row.province,
    channelId: row.channel_id,
    deliveredAt: row.delivered_at,
  };
}
