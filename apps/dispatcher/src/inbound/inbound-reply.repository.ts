import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { ExtensionOwner, LastMessage, QuickReply, RoutedBy } from '@tongdao/replies';

export interface KeywordSettings {
  unsubscribeKeywords: string[] | null;
  quickReplies: QuickReply[];
}

export interface NewReply {
  receivedAt: Date;
  channelId: string;
  phone: string;
  destination: string;
  extension: string | null;
  content: string;
  complete: boolean;
  accountId: string | null;
  routedBy: RoutedBy;
  messageId: string | null;
  messageCreatedAt: string | null;
  clientRef: string | null;
  unsubscribe: boolean;
  actionKeyword: string | null;
  actionName: string | null;
}

/**
 * The dispatcher's reply SQL: who owns an extension, who last messaged a phone over a channel, an account's
 * keywords, and storing replies. Replies belong to no caller yet (routing decides the account), so these lookups
 * are keyed by extension, channel and phone rather than by a tenant scope.
 */
@Injectable()
export class InboundReplyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The account whose extension is the longest of the candidates (codes never prefix one another). */
  async extensionOwner(candidates: readonly string[]): Promise<ExtensionOwner | null> {
    if (candidates.length === 0) return null;
    const rows = await queryRows<{ account_id: string; extension: string }>(
      this.dataSource,
      `SELECT account_id, extension FROM reply_settings WHERE extension = ANY($1::text[])
        ORDER BY length(extension) DESC LIMIT 1`,
      [candidates],
    );
    return rows[0] ? { accountId: rows[0].account_id, extension: rows[0].extension } : null;
  }

  async lastMessage(channelId: string, phone: string, withinDays: number): Promise<LastMessage | null> {
    const rows = await queryRows<{
      account_id: string;
      message_id: string;
      message_created_at: string;
      client_ref: string | null;
    }>(
      this.dataSource,
      `SELECT account_id, message_id, message_created_at::text AS message_created_at, client_ref FROM reply_routes
        WHERE channel_id = $1 AND phone = $2 AND sent_at > now() - make_interval(days => $3)`,
      [channelId, phone, withinDays],
    );
    const row = rows[0];
    return row
      ? {
          accountId: row.account_id,
          messageId: row.message_id,
          messageCreatedAt: row.message_created_at,
          clientRef: row.client_ref,
        }
      : null;
  }

  async keywordSettings(accountId: string): Promise<KeywordSettings | null> {
    const rows = await queryRows<{ unsubscribe_keywords: string[] | null; quick_replies: QuickReply[] }>(
      this.dataSource,
      `SELECT unsubscribe_keywords, quick_replies FROM reply_settings WHERE account_id = $1`,
      [accountId],
    );
    return rows[0]
      ? { unsubscribeKeywords: rows[0].unsubscribe_keywords, quickReplies: rows[0].quick_replies ?? [] }
      : null;
  }

  /** One statement (ids in arrival order), so a batch of replies is stored and acknowledged together. */
  async insert(replies: readonly NewReply[]): Promise<void> {
    if (replies.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO replies (received_at, channel_id, phone, destination, extension, content, complete, account_id,
                            routed_by, message_id, message_created_at, client_ref, unsubscribe, action_keyword,
                            action_name)
       SELECT r.received_at, r.channel_id, r.phone, r.destination, r.extension, r.content, r.complete, r.account_id,
              r.routed_by, r.message_id, r.message_created_at, r.client_ref, r.unsubscribe, r.action_keyword,
              r.action_name
         FROM jsonb_to_recordset($1::jsonb) AS r(received_at timestamptz, channel_id text, phone text,
              destination text, extension text, content text, complete boolean, account_id uuid, routed_by text,
              message_id uuid, message_created_at timestamptz, client_ref text, unsubscribe boolean,
              action_keyword text, action_name text)`,
      [
        JSON.stringify(
          replies.map((reply) => ({
            received_at: reply.receivedAt,
            channel_id: reply.channelId,
            phone: reply.phone,
            destination: reply.destination,
            extension: reply.extension,
            content: reply.content,
            complete: reply.complete,
            account_id: reply.accountId,
            routed_by: reply.routedBy,
            message_id: reply.messageId,
            message_created_at: reply.messageCreatedAt,
            client_ref: reply.clientRef,
            unsubscribe: reply.unsubscribe,
            action_keyword: reply.actionKeyword,
            action_name: reply.actionName,
          })),
        ),
      ],
    );
  }
}
