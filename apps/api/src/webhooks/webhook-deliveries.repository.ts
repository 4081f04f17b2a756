import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { AccountScope } from '../common/account-scope';

export interface EndpointStatus {
  id: string;
  accountId: string;
  kind: 'report' | 'reply';
  url: string;
  pending: number;
  oldestPendingAt: Date | null;
  deadLetters: number;
  consecutiveFailures: number;
  nextAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
}

export interface DeadLetter {
  id: string;
  endpointId: string;
  kind: 'report' | 'reply';
  url: string;
  accountId: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  enqueuedAt: Date;
  deadAt: Date;
}

export interface ReplaySelection {
  ids?: readonly string[];
  kind?: 'report' | 'reply';
  limit: number;
}

/**
 * The delivery queue as customers see it: their endpoints' backlog and health, and their dead letters (listed and
 * replayed). Scoped by the endpoint's owner, the account whose URL and secret the deliveries use.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async endpoints(scope: AccountScope, limit: number): Promise<EndpointStatus[]> {
    const rows = await queryRows<{
      id: string;
      account_id: string;
      kind: 'report' | 'reply';
      url: string;
      pending: string;
      oldest: Date | null;
      dead: string;
      failures: number | null;
      next_attempt_at: Date | null;
      last_success_at: Date | null;
      last_failure_at: Date | null;
      last_error: string | null;
    }>(
      this.dataSource,
      `SELECT e.id::text AS id, e.account_id, e.kind, e.url, e.last_success_at, e.last_failure_at, e.last_error,
              p.pending, p.oldest, d.dead, q.failures, q.next_attempt_at
         FROM webhook_endpoints e JOIN accounts a ON a.id = e.account_id
         CROSS JOIN LATERAL (SELECT count(*) AS pending, min(enqueued_at) AS oldest FROM webhook_events w
                              WHERE w.endpoint_id = e.id AND w.dead_at IS NULL) p
         CROSS JOIN LATERAL (SELECT count(*) AS dead FROM webhook_events w
                              WHERE w.endpoint_id = e.id AND w.dead_at IS NOT NULL) d
         CROSS JOIN LATERAL (SELECT max(failures) AS failures, min(due_at) AS next_attempt_at FROM webhook_queues q
                              WHERE q.endpoint_id = e.id) q
        WHERE a.path LIKE $1
        ORDER BY e.id LIMIT $2`,
      [`${scope.path}%`, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      kind: row.kind,
      url: row.url,
      pending: Number(row.pending),
      oldestPendingAt: row.oldest,
      deadLetters: Number(row.dead),
      consecutiveFailures: Number(row.failures ?? 0),
      nextAttemptAt: Number(row.pending) > 0 ? row.next_attempt_at : null,
      lastSuccessAt: row.last_success_at,
      lastFailureAt: row.last_failure_at,
      lastError: row.last_error,
    }));
  }

  /** Dead letters of the tree's endpoints, newest first, after `beforeId`. */
  async deadLetters(
    scope: AccountScope,
    limit: number,
    beforeId: string | undefined,
    kind: 'report' | 'reply' | undefined,
  ): Promise<DeadLetter[]> {
    const rows = await queryRows<{
      id: string;
      endpoint_id: string;
      kind: 'report' | 'reply';
      url: string;
      account_id: string;
      payload: unknown;
      attempts: number;
      last_error: string | null;
      enqueued_at: Date;
      dead_at: Date;
    }>(
      this.dataSource,
      `SELECT w.id::text AS id, w.endpoint_id::text AS endpoint_id, e.kind, e.url, w.account_id, w.payload,
              w.attempts, w.last_error, w.enqueued_at, w.dead_at
         FROM webhook_endpoints e JOIN accounts a ON a.id = e.account_id
         CROSS JOIN LATERAL (
           SELECT * FROM webhook_events w
            WHERE w.endpoint_id = e.id AND w.dead_at IS NOT NULL AND ($2::bigint IS NULL OR w.id < $2)
            ORDER BY w.id DESC LIMIT $3
         ) w
        WHERE a.path LIKE $1 AND ($4::text IS NULL OR e.kind = $4)
        ORDER BY w.id DESC LIMIT $3`,
      [`${scope.path}%`, beforeId ?? null, limit, kind ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      endpointId: row.endpoint_id,
      kind: row.kind,
      url: row.url,
      accountId: row.account_id,
      payload: row.payload,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      enqueuedAt: row.enqueued_at,
      deadAt: row.dead_at,
    }));
  }

  /**
   * Puts dead letters back in their lanes, oldest first: they keep their place (their ids are older than the
   * lane's pending events), get a fresh retry window, and the lanes are due at once with their backoff reset.
   */
  async replay(scope: AccountScope, selection: ReplaySelection): Promise<number> {
    const rows = await queryRows<{ replayed: string }>(
      this.dataSource,
      `WITH chosen AS (
         SELECT w.id FROM webhook_events w
           JOIN webhook_endpoints e ON e.id = w.endpoint_id JOIN accounts a ON a.id = e.account_id
          WHERE w.dead_at IS NOT NULL AND a.path LIKE $1
            AND ($2::bigint[] IS NULL OR w.id = ANY($2::bigint[])) AND ($3::text IS NULL OR e.kind = $3)
          ORDER BY w.id LIMIT $4
          FOR UPDATE OF w
       ),
       replayed AS (
         UPDATE webhook_events w SET dead_at = NULL, attempts = 0, last_error = NULL, enqueued_at = now()
           FROM chosen WHERE w.id = chosen.id
         RETURNING w.endpoint_id, w.lane
       ),
       lanes AS (
         INSERT INTO webhook_queues (endpoint_id, lane, due_at, version)
         SELECT DISTINCT endpoint_id, lane, now(), 1 FROM replayed
         ON CONFLICT (endpoint_id, lane) DO UPDATE
            SET version = webhook_queues.version + 1, due_at = now(), failures = 0
       )
       SELECT count(*)::text AS replayed FROM replayed`,
      [`${scope.path}%`, selection.ids ?? null, selection.kind ?? null, selection.limit],
    );
    return Number(rows[0]?.replayed ?? 0);
  }
}
