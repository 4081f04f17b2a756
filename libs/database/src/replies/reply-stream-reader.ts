import { OutboxPosition } from '../messages/outbox-event';
import { OutboxStream, outboxReadForAccountsSql, outboxReadSql } from '../messages/outbox-stream-sql';
import { queryRows, RowQueryRunner } from '../query-rows';
import { ReplyRecord, ReplyRoutedBy } from './reply-record';

interface ReplyRow {
  outbox_tx: string;
  id: string;
  received_at: Date;
  channel_id: string;
  phone: string;
  destination: string;
  extension: string | null;
  content: string;
  complete: boolean;
  account_id: string | null;
  routed_by: ReplyRoutedBy;
  message_id: string | null;
  client_ref: string | null;
  unsubscribe: boolean;
  action_keyword: string | null;
  action_name: string | null;
}

const COLUMNS = `r.outbox_tx::text AS outbox_tx, r.id::text AS id, r.received_at, r.channel_id, r.phone, r.destination,
  r.extension, r.content, r.complete, r.account_id, r.routed_by, r.message_id, r.client_ref, r.unsubscribe,
  r.action_keyword, r.action_name`;

const REPLIES: OutboxStream = { table: 'replies', alias: 'r', columns: COLUMNS };

/**
 * Reads stored replies in the order they committed, with the outbox technique (see outbox-reader.ts): a reply's
 * position is (outbox_tx, id), and only replies below the oldest running transaction are handed out, so a cursor
 * never skips one that commits later.
 */
export class ReplyStreamReader {
  async read(runner: RowQueryRunner, after: OutboxPosition, limit: number): Promise<ReplyRecord[]> {
    const rows = await queryRows<ReplyRow>(runner, outboxReadSql(REPLIES), [after.tx, after.id, limit]);
    return rows.map(toRecord);
  }

  /** The same for the given accounts only (the pull API reads one account tree). */
  async readForAccounts(
    runner: RowQueryRunner,
    accountIds: readonly string[],
    after: OutboxPosition,
    limit: number,
  ): Promise<ReplyRecord[]> {
    if (accountIds.length === 0) return [];
    const sql = outboxReadForAccountsSql(REPLIES, accountIds.length);
    const rows = await queryRows<ReplyRow>(runner, sql, [accountIds, after.tx, after.id, limit]);
    return rows.map(toRecord);
  }
}

function toRecord(row: ReplyRow): ReplyRecord {
  return {
    position: { tx: row.outbox_tx, id: row.id },
    id: row.id,
    receivedAt: row.received_at,
    channelId: row.channel_id,
    phone: row.phone,
    destination: row.destination,
    extension: row.extension,
    content: row.content,
    complete: row.complete,
    accountId: row.account_id,
    routedBy: row.routed_by,
    messageId: row.message_id,
    clientRef: row.client_ref,
    unsubscribe: row.unsubscribe,
    actionKeyword: row.action_keyword,
    actionName: row.action_name,
  };
}
