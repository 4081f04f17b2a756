import { FINAL_MESSAGE_STATUSES, MessageStatus, MessageTransition, sourcesOf } from '@tongdao/lifecycle';
import { preparedStatement, runPrepared } from '../prepared-statement';
import { RowQueryRunner } from '../query-rows';

export interface AppliedTransition {
  id: string;
  createdAt: string;
  accountId: string;
  status: MessageStatus;
}

const FINAL = `ARRAY[${FINAL_MESSAGE_STATUSES.map((status) => `'${status}'`).join(', ')}]`;

/** The columns of one transition as the transition SQL reads it (see transitionRecord). */
export const TRANSITION_RECORD = `id uuid, created_at timestamptz, status text, sources text[], channel_id text,
  carrier_ids text[], set_error boolean, error_code text, error_message text, attempts smallint, detail jsonb,
  occurred_at timestamptz`;

/**
 * The transition function as SQL: the message row and its event in one statement. The row is changed only if its
 * current status may move to the new one (the status machine in @tongdao/lifecycle decides; `sources` carries its
 * answer), so a late or repeated transition is a no-op rather than a step backwards.
 *
 * `outbox_tx` is the event's position in the outbox: the larger of this transaction's id and the message's previous
 * event position. The event id is drawn after the row lock is held. Together that keeps each message's events in
 * transition order for readers (see outbox-reader.ts).
 *
 * Given as WITH-queries so that a statement deriving its transitions in SQL (the status report store finds its
 * messages and finalises them in one round trip) uses this same definition: `transitioned` changes the rows named by
 * the relation `source` (TRANSITION_RECORD's columns, in id order), `transition_events` writes their events and
 * returns (id, created_at, account_id, status) for each transition that applied.
 */
export function transitionQueries(source: string): string {
  return `transitioned AS (
  UPDATE messages m
     SET status = r.status,
         channel_id = coalesce(r.channel_id, m.channel_id),
         carrier_message_ids = coalesce(r.carrier_ids, m.carrier_message_ids),
         error_code = CASE WHEN r.set_error THEN r.error_code ELSE m.error_code END,
         error_message = CASE WHEN r.set_error THEN r.error_message ELSE m.error_message END,
         attempts = coalesce(r.attempts, m.attempts),
         queued_at = CASE WHEN r.status = 'QUEUED' THEN coalesce(m.queued_at, now()) ELSE m.queued_at END,
         submitted_at = CASE WHEN r.status = 'SUBMITTED' THEN coalesce(r.occurred_at, now()) ELSE m.submitted_at END,
         done_at = CASE WHEN r.status = ANY(${FINAL}) THEN now() ELSE m.done_at END,
         outbox_tx = greatest(pg_current_xact_id(), m.outbox_tx),
         updated_at = now()
    FROM ${source} r
   WHERE m.id = r.id AND m.created_at = r.created_at AND m.status = ANY(r.sources)
  RETURNING m.id, m.created_at, m.account_id, m.outbox_tx, r.status, r.detail, coalesce(r.occurred_at, now()) AS occurred_at
),
transition_events AS (
  INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail, outbox_tx)
  SELECT id, occurred_at, created_at, account_id, status, detail, outbox_tx FROM transitioned
  RETURNING message_id AS id, message_created_at::text AS created_at, account_id, status
)`;
}

const APPLY = preparedStatement(
  'apply_transitions',
  `
WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${TRANSITION_RECORD})),
${transitionQueries('r')}
SELECT id, created_at, account_id, status FROM transition_events`,
);

/**
 * The one place a message's status changes. Applies many transitions in one statement; returns those that applied
 * (a transition the status machine forbids from the row's current status is skipped).
 */
export class MessageTransitions {
  async apply(
    runner: RowQueryRunner,
    transitions: readonly MessageTransition[],
  ): Promise<AppliedTransition[]> {
    if (transitions.length === 0) return [];
    const rows = await runPrepared<{
      id: string;
      created_at: string;
      account_id: string;
      status: MessageStatus;
    }>(runner, APPLY, [transitionsParameter(transitions)]);
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      accountId: row.account_id,
      status: row.status,
    }));
  }
}

/** Transitions as the transition SQL reads them: a JSON array of TRANSITION_RECORD rows in id order. */
export function transitionsParameter(transitions: readonly MessageTransition[]): string {
  // A stable order keeps two concurrent statements from locking the same rows in opposite orders.
  const ordered = [...transitions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify(ordered.map(transitionRecord));
}

function transitionRecord(transition: MessageTransition): Record<string, unknown> {
  const setError = transition.errorCode !== undefined;
  return {
    id: transition.id,
    created_at: transition.createdAt,
    status: transition.to,
    sources: sourcesOf(transition.to),
    channel_id: transition.channelId ?? null,
    carrier_ids: transition.carrierMessageIds ?? null,
    set_error: setError,
    error_code: setError ? transition.errorCode : null,
    error_message: setError ? (transition.errorMessage ?? null) : null,
    attempts: transition.attempts ?? null,
    detail: transition.detail ?? null,
    occurred_at: transition.occurredAt === undefined ? null : new Date(transition.occurredAt).toISOString(),
  };
}
