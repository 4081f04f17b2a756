import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { DeliveryReport } from '@tongdao/protocols';

export interface MessageKey {
  id: string;
  /** Exact text form of the partition key (see ClaimedMessage.createdAt). */
  createdAt: string;
}

export interface SegmentReportState {
  messageId: string;
  messageCreatedAt: string;
  messageSegments: number;
  messageStatus: string;
  segmentIndex: number;
  stat: string | null;
  delivered: boolean | null;
  reportError: string | null;
}

export interface FinalizeRow {
  id: string;
  createdAt: string;
  status: string;
  errorCode: string | null;
  detail: Record<string, unknown>;
}

interface SegmentRow {
  message_id: string;
  message_created_at: string;
  segments: number;
  status: string;
  segment_index: number;
  stat: string | null;
  delivered: boolean | null;
  report_error: string | null;
}

function reportRecords(reports: DeliveryReport[]): string {
  return JSON.stringify(
    reports.map((report) => ({
      channel_id: report.channelId,
      carrier_message_id: report.carrierMessageId,
      stat: report.stat,
      delivered: report.delivered,
      error_code: report.errorCode ?? null,
      done_at: report.doneAt ?? null,
      received_at: report.receivedAt,
    })),
  );
}

@Injectable()
export class ReceiptRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores each report on its segment. Reports whose submit is not recorded yet (a fast carrier, or
   * a dispatcher that died before recording) wait in unmatched_reports. Returns the messages touched.
   */
  async recordReports(reports: DeliveryReport[]): Promise<MessageKey[]> {
    if (reports.length === 0) return [];
    const rows = await queryRows<{ message_id: string; message_created_at: string }>(
      this.dataSource,
      `WITH r AS (
         SELECT DISTINCT ON (channel_id, carrier_message_id) *
           FROM jsonb_to_recordset($1::jsonb) AS r(channel_id text, carrier_message_id text, stat text, delivered boolean,
                                                  error_code text, done_at timestamptz, received_at timestamptz)
       ),
       matched AS (
         UPDATE message_carrier_refs ref
            SET stat = r.stat, delivered = r.delivered, report_error = r.error_code, reported_at = r.received_at
           FROM r
          WHERE ref.channel_id = r.channel_id AND ref.carrier_message_id = r.carrier_message_id
         RETURNING ref.message_id, ref.message_created_at::text AS message_created_at
       ),
       parked AS (
         INSERT INTO unmatched_reports (channel_id, carrier_message_id, stat, delivered, error_code, done_at, received_at)
         SELECT r.channel_id, r.carrier_message_id, r.stat, r.delivered, r.error_code, r.done_at, r.received_at
           FROM r
          WHERE NOT EXISTS (SELECT 1 FROM message_carrier_refs ref
                             WHERE ref.channel_id = r.channel_id AND ref.carrier_message_id = r.carrier_message_id)
         ON CONFLICT (channel_id, carrier_message_id) DO UPDATE SET stat = EXCLUDED.stat, delivered = EXCLUDED.delivered
       )
       SELECT DISTINCT message_id, message_created_at FROM matched`,
      [reportRecords(reports)],
    );
    return rows.map((row) => ({ id: row.message_id, createdAt: row.message_created_at }));
  }

  /** Takes parked reports whose submit has since been recorded, for another pass through recordReports. */
  async takeMatchableParkedReports(limit: number): Promise<DeliveryReport[]> {
    const rows = await queryRows<{
      channel_id: string;
      carrier_message_id: string;
      stat: string;
      delivered: boolean;
      error_code: string | null;
      done_at: Date | null;
      received_at: Date;
    }>(
      this.dataSource,
      `DELETE FROM unmatched_reports u
        WHERE (u.channel_id, u.carrier_message_id) IN (
          SELECT p.channel_id, p.carrier_message_id FROM unmatched_reports p
            JOIN message_carrier_refs ref ON ref.channel_id = p.channel_id AND ref.carrier_message_id = p.carrier_message_id
           LIMIT $1)
      RETURNING u.*`,
      [limit],
    );
    return rows.map((row) => ({
      channelId: row.channel_id,
      carrierMessageId: row.carrier_message_id,
      destination: '',
      stat: row.stat,
      delivered: row.delivered,
      errorCode: row.error_code ?? undefined,
      doneAt: row.done_at ?? undefined,
      receivedAt: row.received_at,
    }));
  }

  async dropParkedReportsOlderThan(hours: number): Promise<number> {
    const rows = await queryRows<unknown>(
      this.dataSource,
      `DELETE FROM unmatched_reports WHERE received_at < now() - make_interval(hours => $1) RETURNING 1`,
      [hours],
    );
    return rows.length;
  }

  async segmentStates(messages: MessageKey[]): Promise<SegmentReportState[]> {
    if (messages.length === 0) return [];
    const rows = await queryRows<SegmentRow>(
      this.dataSource,
      `SELECT ref.message_id, ref.message_created_at::text AS message_created_at, m.segments, m.status, ref.segment_index, ref.stat, ref.delivered, ref.report_error
         FROM unnest($1::uuid[], $2::timestamptz[]) AS k(id, created_at)
         JOIN messages m ON m.id = k.id AND m.created_at = k.created_at
         JOIN message_carrier_refs ref ON ref.message_id = k.id AND ref.message_created_at = k.created_at
        ORDER BY ref.message_id, ref.segment_index`,
      [messages.map((message) => message.id), messages.map((message) => message.createdAt)],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      messageCreatedAt: row.message_created_at,
      messageSegments: Number(row.segments),
      messageStatus: row.status,
      segmentIndex: Number(row.segment_index),
      stat: row.stat,
      delivered: row.delivered,
      reportError: row.report_error,
    }));
  }

  async finalize(rows: FinalizeRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, created_at timestamptz, status text, error_code text, detail jsonb)
       ),
       updated AS (
         UPDATE messages m
            SET status = r.status, done_at = now(), error_code = r.error_code, updated_at = now()
           FROM r
          WHERE m.id = r.id AND m.created_at = r.created_at AND m.status IN ('SUBMITTED', 'SUBMITTING')
         RETURNING m.id, m.created_at, m.account_id, r.status, r.detail
       )
       INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail)
       SELECT id, now(), created_at, account_id, status, detail FROM updated`,
      [
        JSON.stringify(
          rows.map((row) => ({
            id: row.id,
            created_at: row.createdAt,
            status: row.status,
            error_code: row.errorCode,
            detail: row.detail,
          })),
        ),
      ],
    );
  }
}
