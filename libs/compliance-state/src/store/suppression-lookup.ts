import { queryRows, RowQueryRunner } from '@tongdao/database';

export type SuppressionSource = 'blocklist' | 'opt_out' | 'auto';

export interface SuppressionHit {
  reason: string;
  source: SuppressionSource;
}

/** Strongest first: a blocklisted number is reported as such even when the account's list has it too. */
const PRECEDENCE: Record<SuppressionSource, number> = { blocklist: 0, auto: 1, opt_out: 2 };

/**
 * The one query acceptance runs per batch: which of these phones are on the platform blocklist, suppressed
 * automatically, or on the account's opt-out list. Each table is probed through its primary key.
 */
export class SuppressionLookup {
  async find(
    runner: RowQueryRunner,
    accountId: string,
    phones: readonly string[],
  ): Promise<Map<string, SuppressionHit>> {
    const found = new Map<string, SuppressionHit>();
    if (phones.length === 0) return found;
    const rows = await queryRows<{ phone: string; source: SuppressionSource; reason: string }>(
      runner,
      `SELECT phone, 'blocklist' AS source, reason FROM blocklist WHERE phone = ANY($2::text[])
       UNION ALL
       SELECT phone, 'auto', reason FROM auto_suppressions WHERE phone = ANY($2::text[])
       UNION ALL
       SELECT phone, 'opt_out', 'opted out (' || source || ')' FROM opt_outs
        WHERE account_id = $1 AND phone = ANY($2::text[])`,
      [accountId, phones],
    );
    for (const row of rows) {
      const current = found.get(row.phone);
      if (!current || PRECEDENCE[row.source] < PRECEDENCE[current.source])
        found.set(row.phone, { reason: row.reason, source: row.source });
    }
    return found;
  }
}
