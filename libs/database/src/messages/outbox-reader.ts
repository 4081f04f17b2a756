import { MessageKind, MessageStatus } from '@tongdao/lifecycle';
import { preparedStatement, runPrepared } from '../prepared-statement';
import { queryRows, RowQueryRunner } from '../query-rows';
import { OutboxEvent, OutboxPosition } from './outbox-event';
import { OutboxStream, outboxReadForAccountsSql, outboxReadSql } from './outbox-stream-sql';

interface EventRow {
  outbox_tx: string;
  id: string;
  message_id: string;
  message_created_at: string;
  account_id: string;
  batch_id: string | null;
  status: MessageStatus;
  occurred_at: Date;
  detail: Record<string, unknown> | null;
  kind: MessageKind;
  phone: string;
  client_ref: string | null;
  segments: number;
  carrier: string | null;
  province: string | null;
  channel_id: string | null;
  callback_url: string | null;
  submitted_at: Date | null;
  done_at: Date | null;
}

/*
 * Why this order is safe to read with a cursor: an event's outbox_tx is at least the id of the transaction that
 * wrote it, so an event with outbox_tx below the oldest transaction still running (pg_snapshot_xmin) was written by
 * a finished transaction, and every transaction that can still write gets an id at or above that horizon. Nothing
 * can therefore appear later behind a cursor that stopped below the horizon. A message's events are in transition
 * order because each transition takes max(own transaction id, previous position) and draws its event id after
 * locking the row.
 */
const COLUMNS = `e.outbox_tx::text AS outbox_tx, e.id::text AS id, e.message_id, e.message_created_at::text AS message_created_at,
  e.account_id, m.batch_id, e.status, e.occurred_at, e.detail, m.kind, m.phone, m.client_ref, m.segments, m.carrier,
  m.province, m.channel_id, m.callback_url, m.submitted_at, m.done_at`;

const EVENTS: OutboxStream = {
  table: 'message_events',
  alias: 'e',
  columns: COLUMNS,
  join: 'JOIN messages m ON m.id = e.message_id AND m.created_at = e.message_created_at',
};

const READ = preparedStatement('read_outbox', outboxReadSql(EVENTS));

/** Reads message events in outbox order, only as far as every earlier event is committed. */
export class OutboxReader {
  async read(runner: RowQueryRunner, after: OutboxPosition, limit: number): Promise<OutboxEvent[]> {
    const rows = await runPrepared<EventRow>(runner, READ, [after.tx, after.id, limit]);
    return rows.map(toEvent);
  }

  /** The same, for the given accounts only (the pull API reads one account tree). */
  async readForAccounts(
    runner: RowQueryRunner,
    accountIds: readonly string[],
    after: OutboxPosition,
    limit: number,
  ): Promise<OutboxEvent[]> {
    if (accountIds.length === 0) return [];
    const sql = outboxReadForAccountsSql(EVENTS, accountIds.length);
    const rows = await queryRows<EventRow>(runner, sql, [accountIds, after.tx, after.id, limit]);
    return rows.map(toEvent);
  }
}

function toEvent(row: EventRow): OutboxEvent {
  return {
    position: { tx: row.outbox_tx, id: row.id },
    messageId: row.message_id,
    messageCreatedAt: row.message_created_at,
    accountId: row.account_id,
    batchId: row.batch_id,
    status: row.status,
    occurredAt: row.occurred_at,
    detail: row.detail,
    kind: row.kind,
    phone: row.phone,
    clientRef: row.client_ref,
    segments: Number(row.segments),
    carrier: row.carrier,
    province: row.province,
    channelId: row.channel_id,
    callbackUrl: row.callback_url,
    submittedAt: row.submitted_at,
    doneAt: row.done_at,
  };
}
