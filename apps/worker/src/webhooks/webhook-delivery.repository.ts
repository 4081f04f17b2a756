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
  payload: string;
  occurredAt: Date;
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

  /** Extends the lease; returns the lane's version (to park it safely later), or null when the lease was lost. */
  async renew(lane: ClaimedLane, leaseSeconds: number): Promise<string | null> {
    const rows = await queryRows<{ version: string }>(
      this.dataSource,
      `UPDATE webhook_queues SET lease_expires_at = now() + make_interval(secs => $4)
        WHERE endpoint_id = $1 AND lane = $2 AND lease_owner = $3
       RETURNING version::text AS version`,
      [lane.endpointId, lane.lane, lane.token, leaseSeconds],
    );
    return rows[0]?.version ?? null;
  }

  async pending(lane: ClaimedLane, limit: number): Promise<PendingEvent[]> {
    const rows = await queryRows<{ id: string; account_id: string; payload: string; occurred_at: Date }>(
      this.dataSource,
      `SELECT id::text AS id, account_id, payload::text AS payload, occurred_at FROM webhook_events
        WHERE endpoint_id = $1 AND lane = $2 AND dead_at IS NULL
        ORDER BY webhook_events.id LIMIT $3`,
      [lane.endpointId, lane.lane, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      payload: row.payload,
      occurredAt: row.occurred_at,
    }));
  }

  async delivered(lane: ClaimedLane, eventIds: readonly string[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM webhook_events WHERE id = ANY($1::bigint[])`, [eventIds]);
      await tx.query(
        `UPDATE webhook_queues SET failures = 0 WHERE endpoint_id = $1 AND lane = $2 AND lease_owner = $3 AND failures <> 0`,
        [lane.endpointId, lane.lane, lane.token],
      );
      await tx.query(
        `UPDATE webhook_endpoints SET last_success_at = now()
          WHERE id = $1 AND (last_success_at IS NULL OR last_success_at < now() - interval '1 second')`,
        [lane.endpointId],
      );
    });
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
