import { queryRows, RowQueryRunner } from '@tongdao/database';

export interface ConsentRow {
  phone: string;
  source: string;
  evidence: string | null;
  consentedAt: Date;
  revokedAt: Date | null;
  revokeSource: string | null;
  updatedAt: Date;
}

export interface ConsentRecord {
  phone: string;
  source: string;
  evidence: string | null;
  at: Date;
}

interface RawConsent {
  phone: string;
  source: string;
  evidence: string | null;
  consented_at: Date;
  revoked_at: Date | null;
  revoke_source: string | null;
  updated_at: Date;
}

const COLUMNS = 'phone, source, evidence, consented_at, revoked_at, revoke_source, updated_at';

/**
 * `consents`: per account and phone, marketing consent on record (source, time, optional evidence such as a form
 * id or a recording reference) and its revocation. Recording again after a revocation restores it.
 */
export class ConsentStore {
  async record(
    runner: RowQueryRunner,
    accountId: string,
    records: readonly ConsentRecord[],
  ): Promise<number> {
    if (records.length === 0) return 0;
    const rows = await queryRows<{ phone: string }>(
      runner,
      `INSERT INTO consents AS c (account_id, phone, source, evidence, consented_at)
       SELECT $1, r.phone, r.source, r.evidence, r.at
         FROM jsonb_to_recordset($2::jsonb) AS r(phone text, source text, evidence text, at timestamptz)
       ON CONFLICT (account_id, phone) DO UPDATE
          SET source = excluded.source, evidence = excluded.evidence, consented_at = excluded.consented_at,
              revoked_at = NULL, revoke_source = NULL, updated_at = now()
       RETURNING phone`,
      [
        accountId,
        JSON.stringify(
          records.map((record) => ({
            phone: record.phone,
            source: record.source,
            evidence: record.evidence,
            at: record.at,
          })),
        ),
      ],
    );
    return rows.length;
  }

  /** Marks consent revoked (kept on record); null when there was none to revoke. */
  async revoke(
    runner: RowQueryRunner,
    accountId: string,
    phone: string,
    source: string,
    at: Date,
  ): Promise<ConsentRow | null> {
    const rows = await queryRows<RawConsent>(
      runner,
      `UPDATE consents SET revoked_at = $4, revoke_source = $3, updated_at = now()
        WHERE account_id = $1 AND phone = $2 AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
      [accountId, phone, source, at],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async find(runner: RowQueryRunner, accountId: string, phone: string): Promise<ConsentRow | null> {
    const rows = await queryRows<RawConsent>(
      runner,
      `SELECT ${COLUMNS} FROM consents WHERE account_id = $1 AND phone = $2`,
      [accountId, phone],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async page(
    runner: RowQueryRunner,
    accountId: string,
    options: { afterPhone?: string; limit: number; activeOnly: boolean },
  ): Promise<ConsentRow[]> {
    const rows = await queryRows<RawConsent>(
      runner,
      `SELECT ${COLUMNS} FROM consents
        WHERE account_id = $1 AND ($2::text IS NULL OR phone > $2) AND (NOT $3 OR revoked_at IS NULL)
        ORDER BY phone LIMIT $4`,
      [accountId, options.afterPhone ?? null, options.activeOnly, options.limit],
    );
    return rows.map(toRow);
  }

  /**
   * The phones without consent on record, when the account requires consent (its own setting, else
   * `requiredByDefault`); none otherwise. One statement per batch, probing the consents' primary key with the
   * batch's phones (an anti-join would hash the account's whole list), and not at all when consent is not required.
   */
  async missing(
    runner: RowQueryRunner,
    accountId: string,
    phones: readonly string[],
    requiredByDefault: boolean,
  ): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const [row] = await queryRows<{ required: boolean; consented: string[] | null }>(
      runner,
      `WITH s AS (
         SELECT coalesce((SELECT requires_marketing_consent FROM compliance_state_settings WHERE account_id = $1), $3)
             AS required
       )
       SELECT s.required,
              CASE WHEN s.required THEN ARRAY(
                SELECT phone FROM consents WHERE account_id = $1 AND phone = ANY($2::text[]) AND revoked_at IS NULL
              ) END AS consented
         FROM s`,
      [accountId, phones, requiredByDefault],
    );
    if (!row?.required) return new Set();
    const consented = new Set(row.consented ?? []);
    return new Set(phones.filter((phone) => !consented.has(phone)));
  }
}

function toRow(row: RawConsent): ConsentRow {
  return {
    phone: row.phone,
    source: row.source,
    evidence: row.evidence,
    consentedAt: new Date(row.consented_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    revokeSource: row.revoke_source,
    updatedAt: new Date(row.updated_at),
  };
}
