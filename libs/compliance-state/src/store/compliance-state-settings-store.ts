import type { MessageKind } from '@tongdao/lifecycle';
import { queryRows, RowQueryRunner } from '@tongdao/database';

/** An account's own settings; null or a missing kind means the platform default. */
export interface ComplianceStateSettings {
  requiresMarketingConsent: boolean | null;
  /** Cap list text per kind (`''` = no cap for that kind). */
  caps: Partial<Record<MessageKind, string>>;
}

export interface SettingsChange {
  /** undefined: unchanged; null: back to the platform default. */
  requiresMarketingConsent?: boolean | null;
  /** Per kind: text to set, null to go back to the default; kinds left out are unchanged. */
  caps?: Partial<Record<MessageKind, string | null>>;
}

/** What acceptance needs for one batch's caps: the account's cap text for the kind and its exempt phones. */
export interface CapContext {
  capText: string | null;
  exempt: Set<string>;
}

export interface ExemptNumberRow {
  phone: string;
  note: string | null;
  platform: boolean;
  createdAt: Date;
}

/**
 * `compliance_state_settings` (consent requirement and cap overrides per account) and `cap_exempt_numbers` (test
 * numbers no cap applies to, per account or, with a null account, platform-wide).
 */
export class ComplianceStateSettingsStore {
  async get(runner: RowQueryRunner, accountId: string): Promise<ComplianceStateSettings> {
    const rows = await queryRows<{
      requires_marketing_consent: boolean | null;
      caps: Record<string, string> | null;
    }>(
      runner,
      `SELECT requires_marketing_consent, caps FROM compliance_state_settings WHERE account_id = $1`,
      [accountId],
    );
    return {
      requiresMarketingConsent: rows[0]?.requires_marketing_consent ?? null,
      caps: (rows[0]?.caps ?? {}) as Partial<Record<MessageKind, string>>,
    };
  }

  async update(runner: RowQueryRunner, accountId: string, change: SettingsChange): Promise<void> {
    const set = Object.entries(change.caps ?? {}).filter(([, text]) => text !== null);
    const unset = Object.entries(change.caps ?? {})
      .filter(([, text]) => text === null)
      .map(([kind]) => kind);
    await runner.query(
      `INSERT INTO compliance_state_settings AS s (account_id, requires_marketing_consent, caps)
       VALUES ($1, $3, $4::jsonb - $5::text[])
       ON CONFLICT (account_id) DO UPDATE
          SET requires_marketing_consent = CASE WHEN $2 THEN excluded.requires_marketing_consent
                                                ELSE s.requires_marketing_consent END,
              caps = (coalesce(s.caps, '{}'::jsonb) || $4::jsonb) - $5::text[],
              updated_at = now()`,
      [
        accountId,
        change.requiresMarketingConsent !== undefined,
        change.requiresMarketingConsent ?? null,
        JSON.stringify(Object.fromEntries(set)),
        unset,
      ],
    );
  }

  /** One statement per batch: the account's cap override for the kind and which phones are exempt. */
  async capContext(
    runner: RowQueryRunner,
    accountId: string,
    kind: MessageKind,
    phones: readonly string[],
  ): Promise<CapContext> {
    const rows = await queryRows<{ cap_text: string | null; exempt: string[] | null }>(
      runner,
      `SELECT (SELECT caps ->> $2 FROM compliance_state_settings WHERE account_id = $1) AS cap_text,
              ARRAY(SELECT DISTINCT phone FROM cap_exempt_numbers
                     WHERE phone = ANY($3::text[]) AND (account_id = $1 OR account_id IS NULL)) AS exempt`,
      [accountId, kind, phones],
    );
    return { capText: rows[0]?.cap_text ?? null, exempt: new Set(rows[0]?.exempt ?? []) };
  }

  /** accountId null: platform-wide. True when added, false when it was there already. */
  async addExempt(
    runner: RowQueryRunner,
    accountId: string | null,
    phone: string,
    note: string | null,
  ): Promise<boolean> {
    const rows = await queryRows<{ phone: string }>(
      runner,
      `INSERT INTO cap_exempt_numbers (account_id, phone, note) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING phone`,
      [accountId, phone, note],
    );
    return rows.length > 0;
  }

  async removeExempt(runner: RowQueryRunner, accountId: string | null, phone: string): Promise<boolean> {
    const rows = await queryRows<{ phone: string }>(
      runner,
      `DELETE FROM cap_exempt_numbers WHERE account_id IS NOT DISTINCT FROM $1 AND phone = $2 RETURNING phone`,
      [accountId, phone],
    );
    return rows.length > 0;
  }

  /** The account's own exempt numbers (or the platform's, for null). */
  async listExempt(runner: RowQueryRunner, accountId: string | null): Promise<ExemptNumberRow[]> {
    const rows = await queryRows<{ phone: string; note: string | null; created_at: Date }>(
      runner,
      `SELECT phone, note, created_at FROM cap_exempt_numbers
        WHERE account_id IS NOT DISTINCT FROM $1 ORDER BY phone LIMIT 10000`,
      [accountId],
    );
    return rows.map((row) => ({
      phone: row.phone,
      note: row.note,
      platform: accountId === null,
      createdAt: new Date(row.created_at),
    }));
  }
}
