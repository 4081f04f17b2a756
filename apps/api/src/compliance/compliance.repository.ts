import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SensitiveWord, VariableTypeInput, WordCategory } from '@tongdao/compliance';
import { MessageKind } from '@tongdao/database/entities';

export interface ComplianceSettingsRow {
  account_id: string;
  unsubscribe_text: string | null;
  quiet_hours_enabled: boolean;
  quiet_start: number | null;
  quiet_end: number | null;
  quiet_time_zone: string | null;
  updated_at: Date;
}

export interface HeldMessageRow {
  messageId: string;
  accountId: string;
  createdAt: Date;
  reason: 'quiet_hours' | 'review';
  detail: string;
  releaseAt: Date | null;
}

const WORDS_LIST = 'sensitive_words';

/** The only SQL of compliance at acceptance: word lists, link domains, account settings, held messages. */
@Injectable()
export class ComplianceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadWords(): Promise<SensitiveWord[]> {
    const rows = (await this.dataSource.query('SELECT account_id, word, category FROM sensitive_words')) as {
      account_id: string | null;
      word: string;
      category: WordCategory;
    }[];
    return rows.map((row) => ({ word: row.word, category: row.category, accountId: row.account_id }));
  }

  async wordsVersion(): Promise<string> {
    const rows = (await this.dataSource.query(
      'SELECT version::text AS version FROM compliance_list_versions WHERE name = $1',
      [WORDS_LIST],
    )) as { version: string }[];
    return rows[0]?.version ?? '0';
  }

  /** Adds or recategorises words of one list (account or platform) and bumps the version, in one transaction. */
  async upsertWords(
    accountId: string | null,
    words: readonly { word: string; category: WordCategory }[],
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const conflict =
        accountId === null
          ? '(word) WHERE account_id IS NULL'
          : '(account_id, word) WHERE account_id IS NOT NULL';
      const rows = (await manager.query(
        `INSERT INTO sensitive_words (account_id, word, category)
         SELECT $1::uuid, w.word, w.category FROM json_to_recordset($2::json) AS w(word text, category text)
         ON CONFLICT ${conflict} DO UPDATE SET category = EXCLUDED.category
         RETURNING id`,
        [accountId, JSON.stringify(words)],
      )) as unknown[];
      await this.bumpWords(manager);
      return rows.length;
    });
  }

  async deleteWord(accountId: string | null, word: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `DELETE FROM sensitive_words WHERE account_id IS NOT DISTINCT FROM $1::uuid AND word = $2 RETURNING id`,
        [accountId, word],
      )) as unknown[];
      if (rows.length > 0) await this.bumpWords(manager);
      return rows.length > 0;
    });
  }

  async listWords(
    accountId: string | null,
    after: string | null,
    limit: number,
  ): Promise<{ word: string; category: WordCategory; created_at: Date }[]> {
    return (await this.dataSource.query(
      `SELECT word, category, created_at FROM sensitive_words
        WHERE account_id IS NOT DISTINCT FROM $1::uuid AND ($2::text IS NULL OR word > $2)
        ORDER BY word LIMIT $3`,
      [accountId, after, limit],
    )) as { word: string; category: WordCategory; created_at: Date }[];
  }

  private async bumpWords(manager: EntityManager): Promise<void> {
    await manager.query(
      'UPDATE compliance_list_versions SET version = version + 1, updated_at = now() WHERE name = $1',
      [WORDS_LIST],
    );
  }

  async linkDomains(accountId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      'SELECT host FROM account_link_domains WHERE account_id = $1 ORDER BY host',
      [accountId],
    )) as { host: string }[];
    return rows.map((row) => row.host);
  }

  async addLinkDomain(accountId: string, host: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO account_link_domains (account_id, host) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [accountId, host],
    );
  }

  async removeLinkDomain(accountId: string, host: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      'DELETE FROM account_link_domains WHERE account_id = $1 AND host = $2 RETURNING host',
      [accountId, host],
    )) as unknown[];
    return rows.length > 0;
  }

  async settings(accountId: string): Promise<ComplianceSettingsRow | null> {
    const rows = (await this.dataSource.query(
      'SELECT * FROM account_compliance_settings WHERE account_id = $1',
      [accountId],
    )) as ComplianceSettingsRow[];
    return rows[0] ?? null;
  }

  async saveSettings(row: Omit<ComplianceSettingsRow, 'updated_at'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO account_compliance_settings
              (account_id, unsubscribe_text, quiet_hours_enabled, quiet_start, quiet_end, quiet_time_zone)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id) DO UPDATE SET unsubscribe_text = EXCLUDED.unsubscribe_text,
         quiet_hours_enabled = EXCLUDED.quiet_hours_enabled, quiet_start = EXCLUDED.quiet_start,
         quiet_end = EXCLUDED.quiet_end, quiet_time_zone = EXCLUDED.quiet_time_zone, updated_at = now()`,
      [
        row.account_id,
        row.unsubscribe_text,
        row.quiet_hours_enabled,
        row.quiet_start,
        row.quiet_end,
        row.quiet_time_zone,
      ],
    );
  }

  async variableTypes(templateId: string): Promise<Record<string, VariableTypeInput> | null> {
    const rows = (await this.dataSource.query('SELECT variable_types FROM templates WHERE id = $1', [
      templateId,
    ])) as { variable_types: Record<string, VariableTypeInput> | null }[];
    return rows[0]?.variable_types ?? null;
  }

  /** Inside the acceptance transaction, right after the messages. */
  async insertHeld(manager: EntityManager, rows: readonly HeldMessageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO held_messages (message_id, account_id, created_at, reason, detail, release_at)
       SELECT h.message_id, h.account_id, h.created_at, h.reason, h.detail, h.release_at
         FROM json_to_recordset($1::json)
           AS h(message_id uuid, account_id uuid, created_at timestamptz, reason text, detail text,
                release_at timestamptz)`,
      [
        JSON.stringify(
          rows.map((row) => ({
            message_id: row.messageId,
            account_id: row.accountId,
            created_at: row.createdAt,
            reason: row.reason,
            detail: row.detail,
            release_at: row.releaseAt,
          })),
        ),
      ],
    );
  }

  /** Whether issue 8a's `short_domains` table exists in this database. */
  async hasShortDomainsTable(): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT to_regclass('short_domains') IS NOT NULL AS present`,
    )) as { present: boolean }[];
    return rows[0]?.present === true;
  }

  /** Approved short domains of the platform and of the account. */
  async shortHosts(accountId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT lower(host) AS host FROM short_domains
        WHERE status = 'approved' AND (account_id IS NULL OR account_id = $1)`,
      [accountId],
    )) as { host: string }[];
    return rows.map((row) => row.host);
  }

  /** A HELD message of the scope's subtree with its hold, locked for the reviewing transaction. */
  async lockHeld(
    manager: EntityManager,
    scopePath: string,
    messageId: string,
  ): Promise<HeldForReview | null> {
    const rows = (await manager.query(
      `SELECT h.message_id, h.created_at::text AS created_at, h.account_id, a.path AS account_path, h.reason,
              h.detail, h.release_at, m.kind
         FROM held_messages h
         JOIN accounts a ON a.id = h.account_id
         JOIN messages m ON m.id = h.message_id AND m.created_at = h.created_at
        WHERE h.message_id = $1 AND a.path LIKE $2
        FOR UPDATE OF h`,
      [messageId, `${scopePath}%`],
    )) as HeldForReviewRow[];
    const row = rows[0];
    return row
      ? {
          messageId: row.message_id,
          createdAt: row.created_at,
          accountId: row.account_id,
          accountPath: row.account_path,
          reason: row.reason,
          detail: row.detail,
          releaseAt: row.release_at,
          kind: row.kind,
        }
      : null;
  }

  async listHeld(scopePath: string, reason: 'review' | 'quiet_hours' | undefined, limit: number) {
    return (await this.dataSource.query(
      `SELECT h.message_id AS id, h.account_id, h.reason, h.detail, h.release_at, h.created_at
         FROM held_messages h JOIN accounts a ON a.id = h.account_id
        WHERE a.path LIKE $1 AND ($2::text IS NULL OR h.reason = $2)
        ORDER BY h.created_at, h.message_id LIMIT $3`,
      [`${scopePath}%`, reason ?? null, limit],
    )) as {
      id: string;
      account_id: string;
      reason: string;
      detail: string;
      release_at: Date | null;
      created_at: Date;
    }[];
  }

  /** Hands a reviewed message to the HELD releaser (issue 9b), which queues it at `releaseAt`, paced. */
  async scheduleRelease(
    manager: EntityManager,
    messageId: string,
    reason: 'review' | 'quiet_hours',
    releaseAt: Date,
    detail: string,
  ): Promise<void> {
    await manager.query(
      'UPDATE held_messages SET reason = $2, release_at = $3, detail = $4 WHERE message_id = $1',
      [messageId, reason, releaseAt, detail],
    );
  }

  async deleteHeld(manager: EntityManager, messageId: string): Promise<void> {
    await manager.query('DELETE FROM held_messages WHERE message_id = $1', [messageId]);
  }
}

interface HeldForReviewRow {
  message_id: string;
  created_at: string;
  account_id: string;
  account_path: string;
  reason: 'quiet_hours' | 'review';
  detail: string | null;
  release_at: Date | null;
  kind: MessageKind;
}

export interface HeldForReview {
  messageId: string;
  /** Exact text of the partition key. */
  createdAt: string;
  accountId: string;
  accountPath: string;
  reason: 'quiet_hours' | 'review';
  detail: string | null;
  releaseAt: Date | null;
  kind: MessageKind;
}
