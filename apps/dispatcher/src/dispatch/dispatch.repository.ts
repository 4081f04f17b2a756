import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ensureMessagePartitions, queryRows } from '@tongdao/database';
import { MessageKind } from '@tongdao/routing';
import { ClaimedMessage } from './claimed-message';

export interface SubmittedRow {
  id: string;
  createdAt: string;
  channelId: string;
  carrierMessageIds: string[];
}

export interface RetryRow {
  id: string;
  createdAt: string;
  delayMs: number;
  errorCode: string;
  detail: string;
  /** false when the message never reached a channel: the attempt does not count. */
  attempted: boolean;
}

export interface FailedRow {
  id: string;
  createdAt: string;
  errorCode: string;
  detail: string;
}

interface ClaimedRow {
  id: string;
  created_at: string;
  account_id: string;
  phone: string;
  content: string;
  kind: MessageKind;
  carrier: ClaimedMessage['carrier'];
  attempts: number;
  segments: number;
}

/**
 * The dispatcher's SQL. The dispatcher works across tenants by design (it moves every account's
 * queue), so these statements key on message ids it claimed, never on caller input.
 */
@Injectable()
export class DispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims due messages of one kind with a lease; SKIP LOCKED lets several dispatchers share the queue. */
  async claim(
    kind: MessageKind,
    limit: number,
    owner: string,
    leaseSeconds: number,
  ): Promise<ClaimedMessage[]> {
    const rows = await queryRows<ClaimedRow>(
      this.dataSource,
      `WITH picked AS (
         SELECT id, created_at FROM messages
          WHERE status IN ('QUEUED', 'SCHEDULED') AND kind = $1 AND send_at <= now()
          ORDER BY send_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE messages m
          SET status = 'SUBMITTING', lease_owner = $3, lease_expires_at = now() + make_interval(secs => $4),
              attempts = m.attempts + 1, updated_at = now()
         FROM picked
        WHERE m.id = picked.id AND m.created_at = picked.created_at
      RETURNING m.id, m.created_at::text AS created_at, m.account_id, m.phone, m.content, m.kind, m.carrier, m.attempts, m.segments`,
      [kind, limit, owner, leaseSeconds],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      accountId: row.account_id,
      phone: row.phone,
      content: row.content,
      kind: row.kind,
      carrier: row.carrier,
      attempts: Number(row.attempts),
      segments: Number(row.segments),
    }));
  }

  /** Records accepted submits and their carrier ids (so receipts can find them) in one statement. */
  async markSubmitted(rows: SubmittedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, created_at timestamptz, channel_id text, carrier_ids text[])
       ),
       refs AS (
         INSERT INTO message_carrier_refs (channel_id, carrier_message_id, message_id, message_created_at, segment_index)
         SELECT r.channel_id, c.carrier_id, r.id, r.created_at, c.ord - 1
           FROM r CROSS JOIN LATERAL unnest(r.carrier_ids) WITH ORDINALITY AS c(carrier_id, ord)
         ON CONFLICT (channel_id, carrier_message_id) DO NOTHING
       ),
       updated AS (
         UPDATE messages m
            SET status = 'SUBMITTED', channel_id = r.channel_id, carrier_message_ids = r.carrier_ids,
                submitted_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                error_code = NULL, error_message = NULL, updated_at = now()
           FROM r
          WHERE m.id = r.id AND m.created_at = r.created_at AND m.status = 'SUBMITTING'
         RETURNING m.id, m.created_at, m.account_id, m.channel_id, m.attempts
       )
       INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail)
       SELECT id, now(), created_at, account_id, 'SUBMITTED', jsonb_build_object('channel_id', channel_id, 'attempt', attempts)
         FROM updated`,
      [
        JSON.stringify(
          rows.map((row) => ({
            id: row.id,
            created_at: row.createdAt,
            channel_id: row.channelId,
            carrier_ids: row.carrierMessageIds,
          })),
        ),
      ],
    );
  }

  async scheduleRetry(rows: RetryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS r(id uuid, created_at timestamptz, delay_ms integer, error_code text, detail text, attempted boolean)
       ),
       updated AS (
         UPDATE messages m
            SET status = 'QUEUED', send_at = now() + make_interval(secs => r.delay_ms / 1000.0),
                attempts = CASE WHEN r.attempted THEN m.attempts ELSE m.attempts - 1 END,
                lease_owner = NULL, lease_expires_at = NULL,
                error_code = r.error_code, error_message = r.detail, updated_at = now()
           FROM r
          WHERE m.id = r.id AND m.created_at = r.created_at AND m.status = 'SUBMITTING'
         RETURNING m.id, m.created_at, m.account_id, r.error_code, r.detail, r.delay_ms, r.attempted
       )
       INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail)
       SELECT id, now(), created_at, account_id, 'QUEUED',
              jsonb_build_object('reason', error_code, 'detail', detail, 'retry_in_ms', delay_ms)
         FROM updated WHERE attempted`,
      [
        JSON.stringify(
          rows.map((row) => ({
            id: row.id,
            created_at: row.createdAt,
            delay_ms: row.delayMs,
            error_code: row.errorCode,
            detail: row.detail,
            attempted: row.attempted,
          })),
        ),
      ],
    );
  }

  async markFailed(rows: FailedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, created_at timestamptz, error_code text, detail text)
       ),
       updated AS (
         UPDATE messages m
            SET status = 'FAILED', done_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                error_code = r.error_code, error_message = r.detail, updated_at = now()
           FROM r
          WHERE m.id = r.id AND m.created_at = r.created_at AND m.status = 'SUBMITTING'
         RETURNING m.id, m.created_at, m.account_id, r.error_code, r.detail
       )
       INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail)
       SELECT id, now(), created_at, account_id, 'FAILED', jsonb_build_object('reason', error_code, 'detail', detail)
         FROM updated`,
      [
        JSON.stringify(
          rows.map((row) => ({
            id: row.id,
            created_at: row.createdAt,
            error_code: row.errorCode,
            detail: row.detail,
          })),
        ),
      ],
    );
  }

  /**
   * Messages whose dispatcher died mid-submit go back to the queue. They may have reached the
   * carrier; see README "Delivery guarantees" for why they are resent rather than dropped.
   */
  async requeueExpiredLeases(): Promise<number> {
    const rows = await queryRows<unknown>(
      this.dataSource,
      `WITH expired AS (
         UPDATE messages
            SET status = 'QUEUED', lease_owner = NULL, lease_expires_at = NULL,
                error_code = 'LEASE_EXPIRED', updated_at = now()
          WHERE status = 'SUBMITTING' AND lease_expires_at < now()
         RETURNING id, created_at, account_id
       )
       INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail)
       SELECT id, now(), created_at, account_id, 'QUEUED', '{"reason":"LEASE_EXPIRED"}'::jsonb FROM expired
       RETURNING message_id`,
    );
    return rows.length;
  }

  async ensurePartitions(monthsAhead: number): Promise<void> {
    await ensureMessagePartitions(this.dataSource, monthsAhead);
  }
}
