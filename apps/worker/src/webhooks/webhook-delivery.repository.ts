import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { WebhookKind } from './webhook-kind';

/** One lane of one endpoint, leased to this worker. `token` proves the lease is still ours. */
export interface ClaimedLane {
  endpointId: string;
  lane: number;
  token: string;
  failures: number;
  ownerId: string;
  kind: WebhookKind;
  url: string;
}

export interface PendingEvent {
  id: string;
  accountId: string;
  occurredAt: Date;
}

/** The next events of a lane, with the request body already assembled (a JSON array of their payloads). */
export interface LaneBatch {
  version: string;
  events: PendingEvent[];
  body: string;
}

export interface FailureRecord {
  error: string;
  delayMs: number;
  retryWindowSeconds: number;
}

/**
 * The delivery queue's SQL: lanes are claimed with SKIP LOCKED and a lease, so each lane has one sender at a time
 * (which keeps every message's events in order) and a dead worker's lanes go to another once its lease ends.
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Due lanes nobody holds, oldest due first, skipping accounts that already have their share in flight. */
  async claim(
    limit: number,
    owner: string,
    leaseSeconds: number,
    saturatedAccounts: readonly string[],
  ): Promise<ClaimedLane[]> {
    if (limit <= 0) return [];
    const rows = await queryRows<{
      endpoint_id: string;
      lane: number;
      lease_owner: string;
      failures: number;
      account_id: string;
      kind: WebhookKind;
      url: string;
    }>(
      this.dataSource,
      `WITH picked AS (
         SELECT q.endpoint_id, q.lane FROM webhook_queues q JOIN webhook_endpoints e ON e.id = q.endpoint_id
          WHERE q.due_at <= now() AND (q.lease_expires_at IS NULL OR q.lease_expires_at < now())
            AND e.account_id <> ALL($4::uuid[])
          ORDER BY q.due_at
          LIMIT $1
          FOR UPDATE OF q SKIP LOCKED
       )
       UPDATE webhook_queues q
          SET lease_owner = $2 || ':' || q.endpoint_id || ':' || q.lane,
              lease_expires_at = now() + make_interval(secs => $3)
         FROM picked JOIN webhook_endpoints e ON e.id = picked.endpoint_id
        WHERE q.endpoint_id = picked.endpoint_id AND q.lane = picked.lane
       RETURNING q.endpoint_id::text AS endpoint_id, q.lane, q.lease_owner, q.failures, e.account_id, e.kind, e.url`,
      [limit, owner, leaseSeconds, saturatedAccounts],
    );
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      lane: Number(row.lane),
      token: row.lease_owner,
      failures: Number(row.failures),
      ownerId: row.account_id,
      kind: row.kind,
      url: row.url,
    }));
  }

  /**
   * One round trip per batch: deletes the batch just delivered (`deliveredIds`), extends the lease, and reads the
   * next batch after it (ids only grow within a lane, except for replayed dead letters, which the next turn picks
   * up). Returns null when the lease was lost. `version` is read in the same snapshot as the batch, so a lane found
   * empty is parked only if no events were added since (see release). The data-modifying parts run whether or
   * not the result reads them.
   */
  async next(
    lane: ClaimedLane,
    deliveredIds: readonly string[],
    afterId: string,
    limit: number,
    leaseSeconds: number,
  ): Promise<LaneBatch | null> {
    const rows = await queryRows<{
      renewed: boolean;
      version: string;
      ids: string[] | null;
      accounts: string[] | null;
      occurred: number[] | null;
      body: string | null;
    }>(
      this.dataSource,
      `WITH acked AS (
         DELETE FROM webhook_events WHERE id = ANY($4::bigint[]) RETURNING id
       ),
       renewed AS (
         UPDATE webhook_queues SET lease_expires_at = now() + make_interval(secs => $5),
                failures = CASE WHEN cardinality($4::bigint[]) > 0 THEN 0 ELSE failures END
          WHERE endpoint_id = $1 AND lane = $2 AND lease_owner = $3
         RETURNING 1
       ),
       touched AS (
         UPDATE webhook_endpoints SET last_success_at = now()
          WHERE id = $1 AND cardinality($4::bigint[]) > 0
            AND (last_success_at IS NULL OR last_success_at < now() - interval '1 second')
         RETURNING 1
       ),
       batch AS (
         SELECT w.id, w.account_id, w.payload, w.occurred_at FROM webhook_events w
          WHERE w.endpoint_id = $1 AND w.lane = $2 AND w.dead_at IS NULL AND w.id > $6::bigint
          ORDER BY w.id LIMIT $7
       )
       SELECT EXISTS (SELECT 1 FROM renewed) AS renewed,
              (SELECT q.version::text FROM webhook_queues q WHERE q.endpoint_id = $1 AND q.lane = $2) AS version,
              array_agg(b.id::text ORDER BY b.id) AS ids,
              array_agg(b.account_id ORDER BY b.id) AS accounts,
              array_agg(extract(epoch FROM b.occurred_at)::float8 ORDER BY b.id) AS occurred,
              json_agg(b.payload ORDER BY b.id)::text AS body
         FROM batch b`,
      [lane.endpointId, lane.lane, lane.token, deliveredIds, leaseSeconds, afterId, limit],
    );
    const row = rows[0]!;
    if (!row.renewed) return null;
    const ids = row.ids ?? [];
    return {
      version: row.version,
      events: ids.map((id, index) => ({
        id,
        accountId: row.accounts![index]!,
        occurredAt: new Date(Number(row.occurred![index]) * 1000),
      })),
      body: row.body ?? '[]',
    };
  }

  /**
   * Records a failed attempt: the lane waits `delayMs` (its events keep their order behind the failed batch), and
   * every event of the lane queued longer ago than the retry window becomes a dead letter. Returns how many did.
   */
  async failed(lane: ClaimedLane, eventIds: readonly string[], failure: FailureRecord): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE webhook_events SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`,
        [eventIds, failure.error],
      );
      const dead = await queryRows<{ id: string }>(
        tx,
        `UPDATE webhook_events SET dead_at = now(), last_error = coalesce(last_error, $4)
          WHERE endpoint_id = $1 AND lane = $2 AND dead_at IS NULL
            AND enqueued_at < now() - make_interval(secs => $3)
         RETURNING id`,
        [lane.endpointId, lane.lane, failure.retryWindowSeconds, failure.error],
      );
      await tx.query(
        `UPDATE webhook_queues
            SET failures = failures + 1, due_at = now() + make_interval(secs => $4 / 1000.0),
                lease_owner = NULL, lease_expires_at = NULL
          WHERE endpoint_id = $1 AND lane = $2 AND lease_owner = $3`,
        [lane.endpointId, lane.lane, lane.token, failure.delayMs],
      );
      await tx.query(`UPDATE webhook_endpoints SET last_failure_at = now(), last_error = $2 WHERE id = $1`, [
        lane.endpointId,
        failure.error,
      ]);
      return dead.length;
    });
  }

  /**
   * Gives the lane back. Parked (nothing due) only if no events were added since `version` was read: otherwise,
   * and when `yieldTurn` is set (other lanes should get a turn), it is due again at once.
   */
  async release(lane: ClaimedLane, version: string | null, yieldTurn: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_queues
          SET due_at = CASE WHEN NOT $5 AND version::text = $4 THEN NULL ELSE now() END,
              lease_owner = NULL, lease_expires_at = NULL
        WHERE endpoint_id = $1 AND lane = $2 AND lease_owner = $3`,
      [lane.endpointId, lane.lane, lane.token, version ?? '', yieldTurn],
    );
  }
}
