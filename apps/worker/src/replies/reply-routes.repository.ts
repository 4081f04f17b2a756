import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@tongdao/database';

export interface SentMessage {
  channelId: string;
  phone: string;
  accountId: string;
  messageId: string;
  messageCreatedAt: string;
  clientRef: string | null;
  sentAt: Date;
}

/**
 * `reply_routes`: per channel and phone, the last message submitted, so a reply without an extension finds the
 * account that last wrote to that number through that channel. Kept by the worker from the outbox, off the
 * dispatch path.
 */
@Injectable()
export class ReplyRoutesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(tx: EntityManager, sent: readonly SentMessage[]): Promise<void> {
    if (sent.length === 0) return;
    // The latest per (channel, phone) within the batch; an older event never replaces a newer row.
    await tx.query(
      `INSERT INTO reply_routes (channel_id, phone, account_id, message_id, message_created_at, client_ref, sent_at)
       SELECT DISTINCT ON (r.channel_id, r.phone)
              r.channel_id, r.phone, r.account_id, r.message_id, r.message_created_at, r.client_ref, r.sent_at
         FROM jsonb_to_recordset($1::jsonb) AS r(channel_id text, phone text, account_id uuid, message_id uuid,
                                                  message_created_at timestamptz, client_ref text, sent_at timestamptz)
        ORDER BY r.channel_id, r.phone, r.sent_at DESC
       ON CONFLICT (channel_id, phone) DO UPDATE
          SET account_id = excluded.account_id, message_id = excluded.message_id,
              message_created_at = excluded.message_created_at, client_ref = excluded.client_ref,
              sent_at = excluded.sent_at
        WHERE reply_routes.sent_at <= excluded.sent_at`,
      [
        JSON.stringify(
          sent.map((row) => ({
            channel_id: row.channelId,
            phone: row.phone,
            account_id: row.accountId,
            message_id: row.messageId,
            message_created_at: row.messageCreatedAt,
            client_ref: row.clientRef,
            sent_at: row.sentAt,
          })),
        ),
      ],
    );
  }

  /** Forgets routes older than the window replies are routed by, a slice at a time. */
  async purgeOlderThan(days: number, limit: number): Promise<number> {
    const rows = await queryRows<{ phone: string }>(
      this.dataSource,
      `DELETE FROM reply_routes WHERE (channel_id, phone) IN (
         SELECT channel_id, phone FROM reply_routes WHERE sent_at < now() - make_interval(days => $1) LIMIT $2)
       RETURNING phone`,
      [days, limit],
    );
    return rows.length;
  }
}
