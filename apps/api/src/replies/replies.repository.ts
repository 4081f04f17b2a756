import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxPosition, queryRows, ReplyRecord, ReplyStreamReader } from '@tongdao/database';
import { AccountScope } from '../common/account-scope';
import { accountTreeIds } from '../common/account-tree';

export interface UnmatchedReply {
  id: string;
  receivedAt: Date;
  channelId: string;
  phone: string;
  destination: string;
  content: string;
  unsubscribe: boolean;
}

/** Stored replies: one account tree's in commit order, and the operator's unmatched ones. */
@Injectable()
export class RepliesRepository {
  private readonly reader = new ReplyStreamReader();

  constructor(private readonly dataSource: DataSource) {}

  async readForTree(scope: AccountScope, after: OutboxPosition, limit: number): Promise<ReplyRecord[]> {
    const accounts = await accountTreeIds(this.dataSource, scope);
    return this.reader.readForAccounts(this.dataSource, accounts, after, limit);
  }

  /** Replies no account could be found for, newest first (operator only: they belong to no tenant). */
  async unmatched(limit: number, beforeId?: string): Promise<UnmatchedReply[]> {
    const rows = await queryRows<{
      id: string;
      received_at: Date;
      channel_id: string;
      phone: string;
      destination: string;
      content: string;
      unsubscribe: boolean;
    }>(
      this.dataSource,
      `SELECT id::text AS id, received_at, channel_id, phone, destination, content, unsubscribe
         FROM replies WHERE account_id IS NULL AND ($1::bigint IS NULL OR id < $1)
        ORDER BY replies.id DESC LIMIT $2`,
      [beforeId ?? null, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      receivedAt: row.received_at,
      channelId: row.channel_id,
      phone: row.phone,
      destination: row.destination,
      content: row.content,
      unsubscribe: row.unsubscribe,
    }));
  }
}
