import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MessageKind, MessageStatus } from '@tongdao/database/entities';
import { laneOf } from '@tongdao/lifecycle';
import { Carrier } from '@tongdao/phone';
import { dispatchRouteOf } from '@tongdao/routing';
import { AccountScope } from '../common/account-scope';
import { PageCursor } from '../common/page-cursor';
import { NewMessageBatch } from './new-message-batch';

/** Rows per INSERT statement: large enough to amortise the round trip, small enough to keep parameters cheap. */
const INSERT_CHUNK = 5000;

/** A lookup by id searches this far either side of the id's timestamp, so only one or two partitions are read. */
const ID_TIME_WINDOW_MS = 60_000;

export interface MessageRow {
  id: string;
  created_at: Date;
  account_id: string;
  batch_id: string | null;
  phone: string;
  content: string;
  signature: string;
  template_id: string | null;
  template_params: Record<string, string> | null;
  kind: MessageKind;
  encoding: string;
  segments: number;
  status: MessageStatus;
  carrier: string | null;
  province: string | null;
  channel_id: string | null;
  carrier_message_ids: string[] | null;
  client_ref: string | null;
  callback_url: string | null;
  send_at: Date;
  queued_at: Date | null;
  submitted_at: Date | null;
  done_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  updated_at: Date;
}

export interface MessageEventRow {
  status: MessageStatus;
  occurred_at: Date;
  detail: Record<string, unknown> | null;
}

export interface MessageFilter {
  phone?: string;
  status?: MessageStatus;
  kind?: MessageKind;
  from?: Date;
  to?: Date;
  clientRef?: string;
}

const COLUMNS = `m.id, m.created_at, m.account_id, m.batch_id, m.phone, m.content, m.signature, m.template_id, m.template_params,
  m.kind, m.encoding, m.segments, m.status, m.carrier, m.province, m.channel_id, m.carrier_message_ids, m.client_ref,
  m.callback_url, m.send_at, m.queued_at, m.submitted_at, m.done_at, m.error_code, m.error_message, m.attempts, m.updated_at`;

/*
 * Messages, their first status event and (unless held) their dispatch-queue row go in through one statement per
 * chunk. The rows travel as one JSON parameter expanded by json_to_recordset: PostgreSQL parses it in C, which is
 * far cheaper than binding thousands of VALUES tuples or escaping per-column arrays in JavaScript. The event's
 * outbox position defaults to this transaction's id, like the message's.
 */
const INSERT_MESSAGES_WITH_EVENTS = `
WITH r AS (
  SELECT * FROM json_to_recordset($11::json)
      AS r(id uuid, phone text, content text, params jsonb, encoding text, segments smallint, carrier text,
           province text, client_ref text, route text, hold jsonb)
),
inserted AS (
  INSERT INTO messages (id, created_at, account_id, batch_id, phone, content, signature, template_id, template_params,
                        kind, encoding, segments, status, carrier, province, client_ref, callback_url, send_at, queued_at,
                        updated_at, source_extension)
  SELECT r.id, $1, $2, $3, r.phone, r.content, $4, $5, r.params, $6, r.encoding, r.segments,
         CASE WHEN r.hold IS NULL THEN $7 ELSE 'HELD' END, r.carrier, r.province,
         r.client_ref, $8, $9, CASE WHEN r.hold IS NULL THEN $10::timestamptz END, $1, $14
    FROM r
  RETURNING id, status
),
queued AS (
  INSERT INTO dispatch_queue (message_id, message_created_at, lane, route, due_at)
  SELECT r.id, $1, $12, r.route, $9 FROM r WHERE $13 AND r.hold IS NULL
)
INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status, detail)
SELECT inserted.id, $1, $1, $2, inserted.status, r.hold FROM inserted JOIN r ON r.id = inserted.id`;

@Injectable()
export class MessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the batch inside the caller's transaction; nothing is visible until that commits. */
  async insertBatch(manager: EntityManager, batch: NewMessageBatch): Promise<void> {
    for (let start = 0; start < batch.messages.length; start += INSERT_CHUNK) {
      const chunk = batch.messages.slice(start, start + INSERT_CHUNK);
      await manager.query(INSERT_MESSAGES_WITH_EVENTS, [
        batch.createdAt,
        batch.accountId,
        batch.batchId,
        batch.signature,
        batch.templateId,
        batch.kind,
        batch.status,
        batch.callbackUrl,
        batch.sendAt,
        batch.queuedAt,
        JSON.stringify(
          chunk.map((message, offset) => ({
            id: batch.ids[start + offset],
            phone: message.phone,
            content: message.content,
            params: message.templateParams,
            encoding: message.encoding,
            segments: message.segments,
            carrier: message.carrier,
            province: message.province,
            client_ref: message.clientRef,
            route: dispatchRouteOf(message.phone, message.carrier as Carrier | null),
            hold: holdDetail(batch, start + offset),
          })),
        ),
        laneOf(batch.kind),
        batch.status !== MessageStatus.Held,
        batch.sourceExtension,
      ]);
    }
  }

  /** A message of the scope's account or any descendant; the id's timestamp prunes the partitions searched. */
  async findInScope(scope: AccountScope, id: string, idTimestampMs: number): Promise<MessageRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM messages m JOIN accounts a ON a.id = m.account_id
        WHERE m.id = $1 AND m.created_at BETWEEN $2 AND $3 AND a.path LIKE $4`,
      [
        id,
        new Date(idTimestampMs - ID_TIME_WINDOW_MS),
        new Date(idTimestampMs + ID_TIME_WINDOW_MS),
        `${scope.path}%`,
      ],
    )) as MessageRow[];
    return rows[0] ?? null;
  }

  async events(message: Pick<MessageRow, 'id' | 'created_at'>): Promise<MessageEventRow[]> {
    return (await this.dataSource.query(
      `SELECT status, occurred_at, detail FROM message_events
        WHERE message_id = $1 AND occurred_at >= $2 ORDER BY occurred_at, id`,
      [message.id, message.created_at],
    )) as MessageEventRow[];
  }

  /** One page of one account's messages, newest first. */
  async list(
    accountId: string,
    filter: MessageFilter,
    limit: number,
    after?: PageCursor,
  ): Promise<MessageRow[]> {
    const conditions = ['m.account_id = $1'];
    const parameters: unknown[] = [accountId];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (filter.phone !== undefined) add((p) => `m.phone = ${p}`, filter.phone);
    if (filter.status !== undefined) add((p) => `m.status = ${p}`, filter.status);
    if (filter.kind !== undefined) add((p) => `m.kind = ${p}`, filter.kind);
    if (filter.clientRef !== undefined) add((p) => `m.client_ref = ${p}`, filter.clientRef);
    if (filter.from !== undefined) add((p) => `m.created_at >= ${p}`, filter.from);
    if (filter.to !== undefined) add((p) => `m.created_at < ${p}`, filter.to);
    if (after) {
      parameters.push(after.createdAt, after.id);
      const createdAt = `$${parameters.length - 1}`;
      conditions.push(
        `m.created_at <= ${createdAt}`,
        `(m.created_at, m.id) < (${createdAt}, $${parameters.length})`,
      );
    }
    parameters.push(limit);
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM messages m WHERE ${conditions.join(' AND ')}
        ORDER BY m.created_at DESC, m.id DESC LIMIT $${parameters.length}`,
      parameters,
    )) as MessageRow[];
  }
}

/** Issue 9a: a message held by compliance is stored HELD, with the reason in its first event's detail. */
function holdDetail(batch: NewMessageBatch, position: number): Record<string, unknown> | null {
  const hold = batch.held?.[position];
  if (!hold) return null;
  return { reason: hold.reason, release_at: hold.releaseAt?.toISOString() ?? null, detail: hold.detail };
}
