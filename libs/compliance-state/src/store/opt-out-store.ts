import { queryRows, RowQueryRunner } from '@tongdao/database';

export interface OptOutRow {
  phone: string;
  source: string;
  note: string | null;
  createdAt: Date;
}

export interface NewOptOut {
  phone: string;
  source: string;
  note?: string | null;
}

/**
 * `opt_outs`: per account, the numbers that asked not to get its marketing (a TD reply, an import, the API). The
 * first source and time of a listed number are kept. Every method takes the account: the list is the account's
 * own.
 */
export class OptOutStore {
  /** Adds numbers that are not listed yet; returns the phones actually added. */
  async add(runner: RowQueryRunner, accountId: string, rows: readonly NewOptOut[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const added = await queryRows<{ phone: string }>(
      runner,
      `INSERT INTO opt_outs (account_id, phone, source, note)
       SELECT $1, r.phone, r.source, r.note
         FROM jsonb_to_recordset($2::jsonb) AS r(phone text, source text, note text)
       ON CONFLICT (account_id, phone) DO NOTHING
       RETURNING phone`,
      [
        accountId,
        JSON.stringify(rows.map((row) => ({ phone: row.phone, source: row.source, note: row.note ?? null }))),
      ],
    );
    return added.map((row) => row.phone);
  }

  async remove(runner: RowQueryRunner, accountId: string, phone: string): Promise<boolean> {
    const rows = await queryRows<{ phone: string }>(
      runner,
      `DELETE FROM opt_outs WHERE account_id = $1 AND phone = $2 RETURNING phone`,
      [accountId, phone],
    );
    return rows.length > 0;
  }

  /** One page in phone order after `afterPhone` (keyset), optionally one phone only. */
  async page(
    runner: RowQueryRunner,
    accountId: string,
    options: { afterPhone?: string; phone?: string; limit: number },
  ): Promise<OptOutRow[]> {
    const rows = await queryRows<{ phone: string; source: string; note: string | null; created_at: Date }>(
      runner,
      `SELECT phone, source, note, created_at FROM opt_outs
        WHERE account_id = $1 AND ($2::text IS NULL OR phone > $2) AND ($3::text IS NULL OR phone = $3)
        ORDER BY phone LIMIT $4`,
      [accountId, options.afterPhone ?? null, options.phone ?? null, options.limit],
    );
    return rows.map((row) => ({
      phone: row.phone,
      source: row.source,
      note: row.note,
      createdAt: new Date(row.created_at),
    }));
  }
}
