import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { QuickReply } from '@tongdao/replies';

export interface ReplySettings {
  accountId: string;
  extension: string | null;
  /** null: the platform's default keywords. */
  unsubscribeKeywords: string[] | null;
  quickReplies: QuickReply[];
}

export interface ReplySettingsChange {
  unsubscribeKeywords?: string[] | null;
  quickReplies?: QuickReply[];
}

interface SettingsRow {
  account_id: string;
  extension: string | null;
  unsubscribe_keywords: string[] | null;
  quick_replies: QuickReply[];
}

/** Extension codes are assigned one at a time, so the prefix rule holds across concurrent requests. */
const EXTENSION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('tongdao:reply-extensions'))`;

/** A code clashes with another account's when either is a prefix of the other. */
const CLASH = `SELECT 1 FROM reply_settings
  WHERE account_id <> $1 AND extension IS NOT NULL AND (left(extension, length($2)) = $2 OR left($2, length(extension)) = extension)
  LIMIT 1`;

/** Per-account reply settings: extension code, unsubscribe keywords, quick replies (table reply_settings). */
@Injectable()
export class ReplySettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(accountId: string): Promise<ReplySettings | null> {
    const rows = await queryRows<SettingsRow>(
      this.dataSource,
      `SELECT account_id, extension, unsubscribe_keywords, quick_replies FROM reply_settings WHERE account_id = $1`,
      [accountId],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async save(accountId: string, change: ReplySettingsChange): Promise<ReplySettings> {
    const rows = await queryRows<SettingsRow>(
      this.dataSource,
      `INSERT INTO reply_settings (account_id, unsubscribe_keywords, quick_replies)
       VALUES ($1, CASE WHEN $2 THEN $3::text[] END, coalesce($4::jsonb, '[]'))
       ON CONFLICT (account_id) DO UPDATE
          SET unsubscribe_keywords = CASE WHEN $2 THEN $3::text[] ELSE reply_settings.unsubscribe_keywords END,
              quick_replies = coalesce($4::jsonb, reply_settings.quick_replies),
              updated_at = now()
       RETURNING account_id, extension, unsubscribe_keywords, quick_replies`,
      [
        accountId,
        change.unsubscribeKeywords !== undefined,
        change.unsubscribeKeywords ?? null,
        change.quickReplies === undefined ? null : JSON.stringify(change.quickReplies),
      ],
    );
    return toSettings(rows[0]!);
  }

  /** Sets (or clears) a code; false when it clashes with another account's. */
  async setExtension(accountId: string, extension: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(EXTENSION_LOCK);
      if (extension !== null && (await queryRows(tx, CLASH, [accountId, extension])).length > 0) return false;
      await tx.query(
        `INSERT INTO reply_settings (account_id, extension) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET extension = excluded.extension, updated_at = now()`,
        [accountId, extension],
      );
      return true;
    });
  }

  /**
   * The account's code, assigning the next free `digits`-wide one if it has none. Null when it has none and the
   * automatic codes of that width are used up.
   */
  async ensureExtension(accountId: string, digits: number): Promise<string | null> {
    const current = await this.find(accountId);
    if (current?.extension) return current.extension;
    return this.dataSource.transaction(async (tx) => {
      await tx.query(EXTENSION_LOCK);
      const existing = await queryRows<{ extension: string | null }>(
        tx,
        `SELECT extension FROM reply_settings WHERE account_id = $1`,
        [accountId],
      );
      if (existing[0]?.extension) return existing[0].extension;
      for (;;) {
        const [{ n }] = await queryRows<{ n: string }>(
          tx,
          `SELECT nextval('reply_extension_seq')::text AS n`,
        );
        const code = String(10 ** (digits - 1) + Number(n) - 1);
        if (code.length > digits) return null;
        if ((await queryRows(tx, CLASH, [accountId, code])).length > 0) continue;
        await tx.query(
          `INSERT INTO reply_settings (account_id, extension) VALUES ($1, $2)
           ON CONFLICT (account_id) DO UPDATE SET extension = excluded.extension, updated_at = now()`,
          [accountId, code],
        );
        return code;
      }
    });
  }
}

function toSettings(row: SettingsRow): ReplySettings {
  return {
    accountId: row.account_id,
    extension: row.extension,
    unsubscribeKeywords: row.unsubscribe_keywords,
    quickReplies: row.quick_replies ?? [],
  };
}
