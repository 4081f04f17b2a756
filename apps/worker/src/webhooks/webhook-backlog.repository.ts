import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';

export interface AccountBacklog {
  accountId: string;
  pending: number;
  oldestEnqueuedAt: Date | null;
  deadLetters: number;
}

/** Platform-wide webhook backlog figures for the metrics, and the retention of dead letters. */
@Injectable()
export class WebhookBacklogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async backlogByAccount(): Promise<AccountBacklog[]> {
    const rows = await queryRows<{ account_id: string; pending: string; oldest: Date | null; dead: string }>(
      this.dataSource,
      `SELECT account_id, count(*) FILTER (WHERE dead_at IS NULL) AS pending,
              min(enqueued_at) FILTER (WHERE dead_at IS NULL) AS oldest,
              count(*) FILTER (WHERE dead_at IS NOT NULL) AS dead
         FROM webhook_events GROUP BY account_id`,
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      pending: Number(row.pending),
      oldestEnqueuedAt: row.oldest,
      deadLetters: Number(row.dead),
    }));
  }

  /** Deletes dead letters older than the retention, a slice at a time. */
  async purgeDeadLetters(olderThanDays: number, limit: number): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `DELETE FROM webhook_events WHERE id IN (
         SELECT id FROM webhook_events
          WHERE dead_at IS NOT NULL AND dead_at < now() - make_interval(days => $1)
          LIMIT $2)
       RETURNING id`,
      [olderThanDays, limit],
    );
    return rows.length;
  }
}
