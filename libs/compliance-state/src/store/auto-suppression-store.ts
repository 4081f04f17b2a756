import { queryRows, RowQueryRunner } from '@tongdao/database';

/** One permanent failure of a number, as the worker saw it in the outbox. */
export interface PermanentFailure {
  phone: string;
  code: string;
  failedAt: Date;
}

export interface AutoSuppressionRow {
  phone: string;
  reason: string;
  lastCode: string;
  failures: number;
  createdAt: Date;
}

/**
 * `permanent_failures` counts each number's permanent failures (a count restarts when its first failure is older
 * than the window, and is forgotten when the number gets a message delivered); at `threshold` the number goes into
 * `auto_suppressions`, platform-wide: an empty or stopped number is so for every sender.
 */
export class AutoSuppressionStore {
  /** Counts the failures (in the caller's transaction) and returns the phones newly suppressed. */
  async recordFailures(
    runner: RowQueryRunner,
    failures: readonly PermanentFailure[],
    threshold: number,
    windowSeconds: number,
  ): Promise<string[]> {
    if (failures.length === 0) return [];
    const rows = await queryRows<{ phone: string }>(
      runner,
      `WITH f AS (
         SELECT r.phone, count(*)::int AS n, min(r.failed_at) AS first_at, max(r.failed_at) AS last_at,
                (array_agg(r.code ORDER BY r.failed_at DESC, r.seq DESC))[1] AS code
           FROM jsonb_to_recordset($1::jsonb) AS r(phone text, code text, failed_at timestamptz, seq integer)
          GROUP BY r.phone
          ORDER BY r.phone
       ),
       counted AS (
         INSERT INTO permanent_failures AS p (phone, failures, first_failed_at, last_failed_at, last_code)
         SELECT phone, n, first_at, last_at, code FROM f
         ON CONFLICT (phone) DO UPDATE
            SET failures = CASE WHEN p.first_failed_at < excluded.last_failed_at - make_interval(secs => $3)
                                THEN excluded.failures ELSE p.failures + excluded.failures END,
                first_failed_at = CASE WHEN p.first_failed_at < excluded.last_failed_at - make_interval(secs => $3)
                                       THEN excluded.first_failed_at ELSE p.first_failed_at END,
                last_failed_at = greatest(p.last_failed_at, excluded.last_failed_at),
                last_code = excluded.last_code
         RETURNING p.phone, p.failures, p.last_code
       )
       INSERT INTO auto_suppressions (phone, reason, last_code, failures)
       SELECT phone, 'permanent failures: ' || failures || ' × ' || last_code, last_code, failures
         FROM counted WHERE failures >= $2
       ON CONFLICT (phone) DO NOTHING
       RETURNING phone`,
      [
        JSON.stringify(
          // Failures come in outbox order; `seq` keeps that order where two share a millisecond.
          failures.map((failure, seq) => ({
            phone: failure.phone,
            code: failure.code,
            failed_at: failure.failedAt,
            seq,
          })),
        ),
        threshold,
        windowSeconds,
      ],
    );
    return rows.map((row) => row.phone);
  }

  /** A delivered message shows the number works: its failure count starts over. */
  async forgetFailures(runner: RowQueryRunner, phones: readonly string[]): Promise<void> {
    if (phones.length === 0) return;
    await runner.query(`DELETE FROM permanent_failures WHERE phone = ANY($1::text[])`, [[...phones]]);
  }

  /** Clears a suppression and its failure count (the number was reissued, or the codes were wrong). */
  async clear(runner: RowQueryRunner, phone: string): Promise<boolean> {
    const rows = await queryRows<{ phone: string }>(
      runner,
      `WITH gone AS (DELETE FROM permanent_failures WHERE phone = $1)
       DELETE FROM auto_suppressions WHERE phone = $1 RETURNING phone`,
      [phone],
    );
    return rows.length > 0;
  }

  async page(
    runner: RowQueryRunner,
    options: { afterPhone?: string; phone?: string; limit: number },
  ): Promise<AutoSuppressionRow[]> {
    const rows = await queryRows<{
      phone: string;
      reason: string;
      last_code: string;
      failures: number;
      created_at: Date;
    }>(
      runner,
      `SELECT phone, reason, last_code, failures, created_at FROM auto_suppressions
        WHERE ($1::text IS NULL OR phone > $1) AND ($2::text IS NULL OR phone = $2)
        ORDER BY phone LIMIT $3`,
      [options.afterPhone ?? null, options.phone ?? null, options.limit],
    );
    return rows.map((row) => ({
      phone: row.phone,
      reason: row.reason,
      lastCode: row.last_code,
      failures: Number(row.failures),
      createdAt: new Date(row.created_at),
    }));
  }
}
