import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { queryRows } from '@tongdao/database';
import { APP_CONFIG } from '@tongdao/platform';
import { webhookLaneOf } from '@tongdao/webhooks';
import { WebhookKind } from './webhook-kind';

/** Where an account's events of one kind go by default: its own URL, or an ancestor's that covers descendants. */
export interface WebhookTarget {
  ownerId: string;
  url: string;
  statuses: readonly string[] | null;
}

export interface AccountTargets {
  /** The account's own status filter (also applies to its messages' callback_url). */
  ownStatuses: readonly string[] | null;
  target: WebhookTarget | null;
}

/** One event on its way to one endpoint. `laneKey` keeps events of one message (or phone) on one lane. */
export interface FanoutRow {
  ownerId: string;
  url: string;
  laneKey: string;
  accountId: string;
  eventId: string;
  payload: unknown;
  occurredAt: Date;
}

interface EndpointRef {
  id: string;
  lanes: number;
}

/**
 * Writes events into the delivery queue inside the transaction that advances the feeding stream's cursor, so each
 * event is queued exactly once. Only events with a target (a callback_url or an account default) cost a row.
 */
@Injectable()
export class WebhookFanoutRepository {
  /** Endpoints are never deleted, so their ids can be remembered. */
  private readonly endpoints = new LRUCache<string, EndpointRef>({ max: 50_000 });

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async targetsFor(
    tx: EntityManager,
    accountIds: readonly string[],
    kind: WebhookKind,
  ): Promise<Map<string, AccountTargets>> {
    if (accountIds.length === 0) return new Map();
    const column = kind === 'report' ? 'reports_url' : 'replies_url';
    const rows = await queryRows<{
      account_id: string;
      own_statuses: string[] | null;
      owner_id: string | null;
      url: string | null;
      statuses: string[] | null;
    }>(
      tx,
      `SELECT a.id AS account_id, own.report_statuses AS own_statuses,
              eff.account_id AS owner_id, eff.url, eff.report_statuses AS statuses
         FROM accounts a
         LEFT JOIN webhook_settings own ON own.account_id = a.id
         LEFT JOIN LATERAL (
           SELECT s.account_id, s.${column} AS url, s.report_statuses
             FROM webhook_settings s JOIN accounts o ON o.id = s.account_id
            WHERE s.account_id = ANY(string_to_array(trim(both '/' from a.path), '/')::uuid[])
              AND (s.account_id = a.id OR s.include_descendants)
              AND s.${column} IS NOT NULL
            ORDER BY o.depth DESC
            LIMIT 1
         ) eff ON true
        WHERE a.id = ANY($1::uuid[])`,
      [accountIds],
    );
    return new Map(
      rows.map((row) => [
        row.account_id,
        {
          ownStatuses: row.own_statuses,
          target:
            row.owner_id && row.url ? { ownerId: row.owner_id, url: row.url, statuses: row.statuses } : null,
        },
      ]),
    );
  }

  async enqueue(tx: EntityManager, kind: WebhookKind, rows: readonly FanoutRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const endpoints = await this.endpointsFor(tx, kind, rows);
    const records = rows.map((row) => {
      const endpoint = endpoints.get(endpointKey(row.ownerId, row.url))!;
      return {
        endpoint_id: endpoint.id,
        lane: webhookLaneOf(row.laneKey, endpoint.lanes),
        account_id: row.accountId,
        event_id: row.eventId,
        payload: row.payload,
        occurred_at: row.occurredAt,
      };
    });
    // Ids follow the array order, which is the stream's order: each lane is sent in id order. json (not jsonb):
    // parsed once in C, and each payload is stored as the text it arrived as.
    await tx.query(
      `INSERT INTO webhook_events (endpoint_id, lane, account_id, event_id, payload, occurred_at)
       SELECT r.endpoint_id, r.lane, r.account_id, r.event_id, r.payload, r.occurred_at
         FROM json_to_recordset($1::json) AS r(endpoint_id bigint, lane smallint, account_id uuid, event_id text,
                                                payload json, occurred_at timestamptz)`,
      [JSON.stringify(records)],
    );
    await this.touchQueues(tx, records);
    return records.length;
  }

  /**
   * Marks the lanes that got events as due (keeping a later due time set by a retry backoff) and bumps their
   * version, so a sender that found a lane empty a moment ago does not park it.
   */
  private async touchQueues(
    tx: EntityManager,
    records: ReadonlyArray<{ endpoint_id: string; lane: number }>,
  ): Promise<void> {
    const lanes = [...new Map(records.map((r) => [`${r.endpoint_id}:${r.lane}`, r])).values()].sort((a, b) =>
      a.endpoint_id === b.endpoint_id
        ? a.lane - b.lane
        : BigInt(a.endpoint_id) < BigInt(b.endpoint_id)
          ? -1
          : 1,
    );
    await tx.query(
      `INSERT INTO webhook_queues (endpoint_id, lane, due_at, version)
       SELECT t.endpoint_id, t.lane, now(), 1 FROM unnest($1::bigint[], $2::smallint[]) AS t(endpoint_id, lane)
       ON CONFLICT (endpoint_id, lane) DO UPDATE
          SET version = webhook_queues.version + 1, due_at = coalesce(webhook_queues.due_at, now())`,
      [lanes.map((lane) => lane.endpoint_id), lanes.map((lane) => lane.lane)],
    );
  }

  private async endpointsFor(
    tx: EntityManager,
    kind: WebhookKind,
    rows: readonly FanoutRow[],
  ): Promise<Map<string, EndpointRef>> {
    const found = new Map<string, EndpointRef>();
    const missing = new Map<string, { owner: string; url: string }>();
    for (const row of rows) {
      const key = endpointKey(row.ownerId, row.url);
      const cached = this.endpoints.get(`${kind}|${key}`);
      if (cached) found.set(key, cached);
      else missing.set(key, { owner: row.ownerId, url: row.url });
    }
    if (missing.size === 0) return found;
    const owners = [...missing.values()].map((entry) => entry.owner);
    const urls = [...missing.values()].map((entry) => entry.url);
    const created = await queryRows<{ account_id: string; url: string }>(
      tx,
      `INSERT INTO webhook_endpoints (account_id, kind, url, lanes)
       SELECT t.owner, $3, t.url, $4 FROM unnest($1::uuid[], $2::text[]) AS t(owner, url)
       ON CONFLICT (account_id, kind, url) DO NOTHING
       RETURNING account_id, url`,
      [owners, urls, kind, this.config.webhooks.endpointLanes],
    );
    // Rows this transaction created may still roll back: only committed endpoints are remembered.
    const uncommitted = new Set(created.map((row) => endpointKey(row.account_id, row.url)));
    const rowsFound = await queryRows<{ id: string; account_id: string; url: string; lanes: number }>(
      tx,
      `SELECT e.id::text AS id, e.account_id, e.url, e.lanes
         FROM unnest($1::uuid[], $2::text[]) AS t(owner, url)
         JOIN webhook_endpoints e ON e.account_id = t.owner AND e.kind = $3 AND e.url = t.url`,
      [owners, urls, kind],
    );
    for (const row of rowsFound) {
      const ref = { id: row.id, lanes: Number(row.lanes) };
      const key = endpointKey(row.account_id, row.url);
      found.set(key, ref);
      if (!uncommitted.has(key)) this.endpoints.set(`${kind}|${key}`, ref);
    }
    return found;
  }
}

function endpointKey(ownerId: string, url: string): string {
  return `${ownerId}|${url}`;
}
