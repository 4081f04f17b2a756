import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppliedTransition,
  MessageTransitions,
  preparedStatement,
  queryRows,
  runPrepared,
  transitionQueries,
} from '@tongdao/database';
import { MessageTransition, outcomeOfReport, SegmentReport, sourcesOf } from '@tongdao/lifecycle';
import { DeliveryReport } from '@tongdao/protocols';

/** A report that found its message and segment. */
export interface MatchedReport {
  channelId: string;
  carrierMessageId: string;
  messageId: string;
  /** Exact text form of the partition key. */
  messageCreatedAt: string;
  segments: number;
  segmentIndex: number;
  stat: string;
  delivered: boolean;
  errorCode: string | null;
  carrier: string | null;
  province: string | null;
  submittedAt: Date | null;
}

export interface MessageSegments {
  messageId: string;
  messageCreatedAt: string;
  segments: number;
  reports: SegmentReport[];
}

interface MatchedRow {
  channel_id: string;
  carrier_message_id: string;
  message_id: string;
  message_created_at: string;
  segments: number;
  segment_index: number;
  stat: string;
  delivered: boolean;
  error_code: string | null;
  carrier: string | null;
  province: string | null;
  submitted_at: Date | null;
}

/** Each report with the transition it makes if its message has one segment (decided here, applied in SQL). */
function reportRecords(reports: readonly DeliveryReport[]): string {
  return JSON.stringify(
    reports.map((report) => {
      const outcome = outcomeOfReport(report.stat, report.delivered, report.errorCode);
      return {
        channel_id: report.channelId,
        carrier_message_id: report.carrierMessageId,
        stat: report.stat,
        delivered: report.delivered,
        error_code: report.errorCode ?? null,
        done_at: report.doneAt ?? null,
        received_at: report.receivedAt,
        status: outcome.status,
        sources: sourcesOf(outcome.status),
        transition_error: outcome.errorCode,
        detail: outcome.detail,
      };
    }),
  );
}

/*
 * One statement per batch of reports: each finds its segment through message_carrier_refs. A one-segment message
 * is finalised in the same statement (its report decides it: `single`, through the transition function's SQL).
 * Segments of long messages keep their own report state on the ref; the message is final once all have reported,
 * which the caller decides afterwards. Reports whose submit is not recorded yet (a fast carrier, or a dispatcher
 * that died before recording) wait in unmatched_reports.
 */
const STORE_REPORTS = preparedStatement(
  'store_reports',
  `
WITH r AS (
  SELECT DISTINCT ON (channel_id, carrier_message_id) *
    FROM jsonb_to_recordset($1::jsonb) AS r(channel_id text, carrier_message_id text, stat text, delivered boolean,
                                             error_code text, done_at timestamptz, received_at timestamptz,
                                             status text, sources text[], transition_error text, detail jsonb)
),
hit AS (
  SELECT r.*, ref.message_id, ref.message_created_at, ref.segment_index, m.segments, m.carrier, m.province,
         m.submitted_at
    FROM r
    JOIN message_carrier_refs ref ON ref.channel_id = r.channel_id AND ref.carrier_message_id = r.carrier_message_id
    JOIN messages m ON m.id = ref.message_id AND m.created_at = ref.message_created_at
),
segment_state AS (
  UPDATE message_carrier_refs ref
     SET stat = hit.stat, delivered = hit.delivered, report_error = hit.error_code, reported_at = hit.received_at
    FROM hit
   WHERE hit.segments > 1 AND ref.channel_id = hit.channel_id AND ref.carrier_message_id = hit.carrier_message_id
),
parked AS (
  INSERT INTO unmatched_reports (channel_id, carrier_message_id, stat, delivered, error_code, done_at, received_at)
  SELECT r.channel_id, r.carrier_message_id, r.stat, r.delivered, r.error_code, r.done_at, r.received_at
    FROM r
   WHERE NOT EXISTS (SELECT 1 FROM message_carrier_refs ref
                      WHERE ref.channel_id = r.channel_id AND ref.carrier_message_id = r.carrier_message_id)
  ON CONFLICT (channel_id, carrier_message_id)
  DO UPDATE SET stat = EXCLUDED.stat, delivered = EXCLUDED.delivered, error_code = EXCLUDED.error_code
),
single AS (
  SELECT DISTINCT ON (message_id) message_id AS id, message_created_at AS created_at, status, sources,
         NULL::text AS channel_id, NULL::text[] AS carrier_ids, true AS set_error, transition_error AS error_code,
         NULL::text AS error_message, NULL::smallint AS attempts, detail, NULL::timestamptz AS occurred_at
    FROM hit
   WHERE segments <= 1
   ORDER BY message_id, received_at DESC
),
${transitionQueries('single')}
SELECT channel_id, carrier_message_id, message_id, message_created_at::text AS message_created_at, segments,
       segment_index, stat, delivered, error_code, carrier, province, submitted_at
  FROM hit`,
);

@Injectable()
export class ReceiptRepository {
  private readonly transitions = new MessageTransitions();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores reports: matches each to its segment, finalises one-segment messages, keeps long messages' segment
   * states and parks the unmatched, in one statement. Returns the matched reports.
   */
  async storeReports(reports: readonly DeliveryReport[]): Promise<MatchedReport[]> {
    if (reports.length === 0) return [];
    const rows = await runPrepared<MatchedRow>(this.dataSource, STORE_REPORTS, [reportRecords(reports)]);
    return rows.map((row) => ({
      channelId: row.channel_id,
      carrierMessageId: row.carrier_message_id,
      messageId: row.message_id,
      messageCreatedAt: row.message_created_at,
      segments: Number(row.segments),
      segmentIndex: Number(row.segment_index),
      stat: row.stat,
      delivered: row.delivered,
      errorCode: row.error_code,
      carrier: row.carrier,
      province: row.province,
      submittedAt: row.submitted_at,
    }));
  }

  /** Every segment's report state of the given long messages. */
  async segmentStates(
    messages: ReadonlyArray<{ id: string; createdAt: string }>,
  ): Promise<MessageSegments[]> {
    if (messages.length === 0) return [];
    const rows = await queryRows<{
      message_id: string;
      message_created_at: string;
      segments: number;
      segment_index: number;
      stat: string | null;
      delivered: boolean | null;
      report_error: string | null;
    }>(
      this.dataSource,
      `SELECT ref.message_id, ref.message_created_at::text AS message_created_at, m.segments, ref.segment_index,
              ref.stat, ref.delivered, ref.report_error
         FROM unnest($1::uuid[], $2::timestamptz[]) AS k(id, created_at)
         JOIN messages m ON m.id = k.id AND m.created_at = k.created_at
         JOIN message_carrier_refs ref ON ref.message_id = k.id AND ref.message_created_at = k.created_at`,
      [messages.map((message) => message.id), messages.map((message) => message.createdAt)],
    );
    const byMessage = new Map<string, MessageSegments>();
    for (const row of rows) {
      let entry = byMessage.get(row.message_id);
      if (!entry) {
        entry = {
          messageId: row.message_id,
          messageCreatedAt: row.message_created_at,
          segments: Number(row.segments),
          reports: [],
        };
        byMessage.set(row.message_id, entry);
      }
      entry.reports.push({
        segmentIndex: Number(row.segment_index),
        stat: row.stat,
        delivered: row.delivered,
        error: row.report_error,
      });
    }
    return [...byMessage.values()];
  }

  async finalize(transitions: readonly MessageTransition[]): Promise<AppliedTransition[]> {
    return this.transitions.apply(this.dataSource, transitions);
  }

  /** Parked reports whose submit has since been recorded, for another pass; removed once applied. */
  async matchableParkedReports(limit: number): Promise<DeliveryReport[]> {
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
      `SELECT p.* FROM unmatched_reports p
         JOIN message_carrier_refs ref ON ref.channel_id = p.channel_id AND ref.carrier_message_id = p.carrier_message_id
        LIMIT $1`,
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

  async removeParked(reports: readonly DeliveryReport[]): Promise<void> {
    if (reports.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM unmatched_reports u
        USING unnest($1::text[], $2::text[]) AS k(channel_id, carrier_message_id)
        WHERE u.channel_id = k.channel_id AND u.carrier_message_id = k.carrier_message_id`,
      [reports.map((report) => report.channelId), reports.map((report) => report.carrierMessageId)],
    );
  }

  /**
   * Parked reports that found no submit within `hours` are given up on: kept (never deleted) for the operator, but
   * no longer retried. Returns how many were given up now.
   */
  async giveUpParkedReportsOlderThan(hours: number): Promise<number> {
    const rows = await queryRows<unknown>(
      this.dataSource,
      `UPDATE unmatched_reports SET gave_up_at = now()
        WHERE gave_up_at IS NULL AND received_at < now() - make_interval(hours => $1) RETURNING 1`,
      [hours],
    );
    return rows.length;
  }

  /** Reports waiting for their submit, and those given up on. */
  async parkedCounts(): Promise<{ waiting: number; givenUp: number }> {
    const rows = await queryRows<{ waiting: string; given_up: string }>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE gave_up_at IS NULL) AS waiting, count(*) FILTER (WHERE gave_up_at IS NOT NULL) AS given_up
         FROM unmatched_reports`,
    );
    return { waiting: Number(rows[0]?.waiting ?? 0), givenUp: Number(rows[0]?.given_up ?? 0) };
  }
}
