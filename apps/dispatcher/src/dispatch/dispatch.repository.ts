import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ClaimSlice,
  DispatchQueue,
  preparedStatement,
  QueueDepth,
  queueOutcomeQueries,
  queueReleasesParameter,
  runPrepared,
  TRANSITION_RECORD,
  transitionQueries,
  transitionsParameter,
} from '@tongdao/database';
import { MessageStatus, MessageTransition } from '@tongdao/lifecycle';
import { CarrierCode, DispatchMessage, MessageKind } from '@tongdao/routing';

export interface SubmittedRow {
  id: string;
  createdAt: string;
  channelId: string;
  carrierMessageIds: string[];
  attempts: number;
  /** When the carrier acknowledged the submit (ms since the epoch): the message's submitted_at. */
  acknowledgedAt: number;
}

export interface RetryRow {
  id: string;
  createdAt: string;
  delayMs: number;
  errorCode: string;
  detail: string;
  /** false when the message never reached a channel: no event, and the attempt is handed back. */
  attempted: boolean;
  attempts: number;
  channelId?: string;
}

export interface FailedRow {
  id: string;
  createdAt: string;
  errorCode: string;
  detail: string;
  attempts: number;
  channelId?: string;
}

export interface Outcomes {
  submitted: SubmittedRow[];
  retries: RetryRow[];
  failures: FailedRow[];
}

/*
 * A group of outcomes in one statement, so one round trip and one commit: each segment's carrier id (so its status
 * report finds the message), the status transitions through the transition function's SQL, and the queue rows
 * (gone for submitted and failed messages, due again for retries).
 * $1 transitions, $2 carrier ids, $3 ids leaving the queue, $4 releases, $5 the lease owner.
 */
const RECORD_OUTCOMES = preparedStatement(
  'record_outcomes',
  `
WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${TRANSITION_RECORD})),
carrier_refs AS (
  INSERT INTO message_carrier_refs (channel_id, carrier_message_id, message_id, message_created_at, segment_index)
  SELECT s.channel_id, c.carrier_id, s.id, s.created_at, c.ord - 1
    FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, created_at timestamptz, channel_id text, carrier_ids text[])
    CROSS JOIN LATERAL unnest(s.carrier_ids) WITH ORDINALITY AS c(carrier_id, ord)
  ON CONFLICT (channel_id, carrier_message_id) DO NOTHING
),
${queueOutcomeQueries('$3', '$4', '$5')},
${transitionQueries('r')}
SELECT count(*) AS applied FROM transition_events`,
);

/**
 * The dispatcher's SQL. The dispatcher works across tenants by design (it moves every account's queue), so these
 * statements key on message ids it claimed, never on caller input. Status changes go through MessageTransitions.
 */
@Injectable()
export class DispatchRepository {
  private readonly queue = new DispatchQueue();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Leases due messages, lane by lane as sliced; SKIP LOCKED lets several dispatchers share the queue. `reclaimed`
   * counts messages whose previous lease expired (their dispatcher died; they may have reached a carrier).
   */
  async claim(
    slices: ClaimSlice[],
    owner: string,
    leaseSeconds: number,
  ): Promise<{ messages: DispatchMessage[]; reclaimed: number }> {
    const rows = await this.queue.claim(this.dataSource, slices, owner, leaseSeconds);
    const reclaimed = rows.filter((row) => row.previousOwner !== null).length;
    const messages = rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      accountId: row.accountId,
      phone: row.phone,
      content: row.content,
      kind: row.kind as MessageKind,
      carrier: row.carrier as CarrierCode | null,
      province: row.province,
      segments: row.segments,
      attempts: row.attempts,
      sourceExtension: row.sourceExtension ?? undefined,
    }));
    return { messages, reclaimed };
  }

  /**
   * Records a group of outcomes in one statement: submitted messages with the carrier ids their receipts will quote,
   * failures, and retries; each leaves or goes back to the queue in the same commit.
   */
  async record(outcomes: Outcomes, owner: string): Promise<void> {
    const { submitted, retries, failures } = outcomes;
    if (submitted.length + retries.length + failures.length === 0) return;
    await runPrepared(this.dataSource, RECORD_OUTCOMES, [
      transitionsParameter(outcomeTransitions(outcomes)),
      carrierRefsParameter(submitted),
      [...submitted, ...failures].map((row) => row.id),
      queueReleasesParameter(
        retries.map((row) => ({ id: row.id, delayMs: row.delayMs, counted: row.attempted })),
      ),
      owner,
    ]);
  }

  async renewLeases(messageIds: string[], owner: string, leaseSeconds: number): Promise<number> {
    return this.queue.renew(this.dataSource, messageIds, owner, leaseSeconds);
  }

  async queueDepth(): Promise<QueueDepth[]> {
    return this.queue.depth(this.dataSource);
  }
}

function carrierRefsParameter(rows: readonly SubmittedRow[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      created_at: row.createdAt,
      channel_id: row.channelId,
      carrier_ids: row.carrierMessageIds,
    })),
  );
}

/** Submitted and failed messages change status; a retry does only if it reached a channel (an attempt). */
function outcomeTransitions({ submitted, retries, failures }: Outcomes): MessageTransition[] {
  return [
    ...submitted.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      to: MessageStatus.Submitted,
      channelId: row.channelId,
      carrierMessageIds: row.carrierMessageIds,
      errorCode: null,
      attempts: row.attempts,
      detail: { channel_id: row.channelId, attempt: row.attempts },
      occurredAt: row.acknowledgedAt,
    })),
    ...failures.map((row) => unsuccessful(row, MessageStatus.Failed, {})),
    ...retries
      .filter((row) => row.attempted)
      .map((row) => unsuccessful(row, MessageStatus.Queued, { retry_in_ms: row.delayMs })),
  ];
}

/** A failure or a retry: the error on the message, and why (and where) in its event. */
function unsuccessful(
  row: FailedRow | RetryRow,
  to: MessageStatus,
  extra: Record<string, unknown>,
): MessageTransition {
  return {
    id: row.id,
    createdAt: row.createdAt,
    to,
    ...(to === MessageStatus.Failed ? { channelId: row.channelId } : {}),
    errorCode: row.errorCode,
    errorMessage: row.detail,
    attempts: row.attempts,
    detail: {
      reason: row.errorCode,
      detail: row.detail,
      ...extra,
      ...(row.channelId ? { channel_id: row.channelId } : {}),
    },
  };
}
