import { queryRows, RowQueryRunner } from '@tongdao/database';

export interface BlocklistRow {
  phone: string;
  reason: string;
  createdAt: Date;
}

/** `blocklist`: numbers no account may send to (operator-maintained, platform-wide). */
export class BlocklistStore {
  /** Adds or replaces the reason; true when the number was not listed before. */
  async put(runner: RowQueryRunner, phone: string, reason: string, actorAccountId: string): Promise<boolean> {
    const rows = await queryRows<{ inserted: boolean }>(
      runner,
      `INSERT INTO blocklist (phone, reason, created_by) VALUES ($1, $2, $3)
       ON CONFLICT (phone) DO UPDATE SET reason = excluded.reason
       RETURNING (xmax = 0) AS inserted`,
      [phone, reason, actorAccountId],
    );
    return Boolean(rows[0]?.inserted);
  }

  async remove(runner: RowQueryRunner, phone: string): Promise<boolean> {
    const rows = await queryRows<{ phone: string }>(
      runner,
      `DELETE FROM blocklist WHERE phone = $1 RETURNING phone`,
      [phone],
    );
    return rows.length > 0;
  }

  async page(
    runner: RowQueryRunner,
    options: { afterPhone?: string; phone?: string; limit: number },
  ): Promise<BlocklistRow[]> {
    const rows = await queryRows<{ phone: string; reason: string; created_at: Date }>(
      runner,
      `SELECT phone, reason, created_at FROM blocklist
        WHERE ($1::text IS NULL OR phone > $1) AND ($2::text IS NULL OR phone = $2)
        ORDER BY phone LIMIT $3`,
      [options.afterPhone ?? null, options.phone ?? null, options.limit],
    );
    return rows.map((row) => ({ phone: row.phone, reason: row.reason, createdAt: new Date(row.created_at) }));
  }
}
