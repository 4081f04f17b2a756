import { ShortCodeGenerator } from '@tongdao/short-links';
import { queryRows, RowQueryRunner } from '../query-rows';
import { InsertedShortLink, NewShortLink, RedirectRecord, StoredShortLink } from './short-link.types';

/** Rows per INSERT statement: the rows travel as one JSON parameter. */
const INSERT_CHUNK = 5000;
/** A generated code collides about never; 12 rounds (growing the code every 3) only matter for a full domain. */
const MAX_CODE_ATTEMPTS = 12;

interface ListOptions {
  tag?: string;
  /** The last id of the previous page. */
  afterId?: string;
  limit: number;
  includeDisabled?: boolean;
}

/**
 * Short links. Every method reading or changing tenant data takes the owner account (the caller has checked the
 * owner is in its scope); `findInScope` checks the scope itself with the owner's account path. The redirect lookup
 * is by host and code, the only public key.
 */
export class ShortLinkRepository {
  constructor(private readonly codes: ShortCodeGenerator = new ShortCodeGenerator()) {}

  /**
   * Inserts links on `runner` (a DataSource, or the EntityManager of a transaction the caller holds), in chunks.
   * Links without a code get a fresh random one, redrawn on a collision with any existing or concurrent insert
   * (the unique index decides; a collision with a concurrent transaction waits for it and then retries).
   * The answer is aligned with `rows`: null where the caller's custom code is already taken on that domain.
   * Each statement inserts in (domain, code) order, so concurrent inserts that collide wait for each other in one
   * order and never deadlock.
   */
  async insertMany(
    runner: RowQueryRunner,
    rows: readonly NewShortLink[],
  ): Promise<Array<InsertedShortLink | null>> {
    const results: Array<InsertedShortLink | null> = new Array<InsertedShortLink | null>(rows.length).fill(
      null,
    );
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const inserted = await this.insertChunk(runner, chunk);
      inserted.forEach((result, index) => (results[start + index] = result));
    }
    return results;
  }

  private async insertChunk(
    runner: RowQueryRunner,
    rows: readonly NewShortLink[],
  ): Promise<Array<InsertedShortLink | null>> {
    const results: Array<InsertedShortLink | null> = new Array<InsertedShortLink | null>(rows.length).fill(
      null,
    );
    let pending = rows.map((row, index) => ({ index, code: row.code ?? this.codes.next(0) }));
    for (let attempt = 0; pending.length > 0 && attempt < MAX_CODE_ATTEMPTS; attempt += 1) {
      const payload = pending.map(({ index, code }) => toRecord(index, code, rows[index]!));
      const inserted = await queryRows<{ id: string; domain_id: string; code: string }>(
        runner,
        `INSERT INTO short_links (domain_id, code, account_id, target_url, tags, expires_at, click_cap, message_id,
           batch_id, campaign_ref, recipient_id, click_id_base)
         SELECT r.domain_id, r.code, r.account_id, r.target_url, coalesce(r.tags, '{}'), r.expires_at, r.click_cap,
           r.message_id, r.batch_id, r.campaign_ref, r.recipient_id, r.click_id_base
         FROM json_to_recordset($1::json) AS r(i int, domain_id uuid, code text, account_id uuid, target_url text,
           tags text[], expires_at timestamptz, click_cap int, message_id uuid, batch_id uuid, campaign_ref text,
           recipient_id text, click_id_base text)
         ORDER BY r.domain_id, r.code, r.i
         ON CONFLICT (domain_id, code) DO NOTHING
         RETURNING id::text AS id, domain_id, code`,
        [JSON.stringify(payload)],
      );
      const insertedIds = new Map<string, string>();
      for (const row of inserted) insertedIds.set(`${row.domain_id}/${row.code}`, row.id);
      const retry: typeof pending = [];
      for (const entry of pending) {
        const key = `${rows[entry.index]!.domainId}/${entry.code}`;
        const id = insertedIds.get(key);
        // Two rows of this chunk may have drawn the same code on one domain: the first one (in input order) won.
        if (id !== undefined && insertedIds.delete(key)) results[entry.index] = { id, code: entry.code };
        else if (rows[entry.index]!.code === undefined)
          retry.push({ index: entry.index, code: this.codes.next(attempt + 1) });
      }
      pending = retry;
    }
    if (pending.length > 0) throw new Error(`no free short code after ${MAX_CODE_ATTEMPTS} attempts`);
    return results;
  }

  /** A link (not deleted) owned by an account inside the scope (path prefix). */
  async findInScope(runner: RowQueryRunner, scopePath: string, id: string): Promise<StoredShortLink | null> {
    const rows = await queryRows<LinkRow>(
      runner,
      `${SELECT_LINK} JOIN accounts a ON a.id = l.account_id
       WHERE l.id = $1 AND l.deleted_at IS NULL AND a.path LIKE $2`,
      [id, `${escapeLike(scopePath)}%`],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /** One account's links, newest first, keyset-paginated on the id (ids grow with time). */
  async listForAccount(
    runner: RowQueryRunner,
    accountId: string,
    options: ListOptions,
  ): Promise<StoredShortLink[]> {
    const parameters: unknown[] = [accountId, options.limit];
    const conditions = ['l.account_id = $1', 'l.deleted_at IS NULL'];
    if (options.tag !== undefined) {
      parameters.push([options.tag]);
      conditions.push(`l.tags @> $${parameters.length}::text[]`);
    }
    if (options.afterId !== undefined) {
      parameters.push(options.afterId);
      conditions.push(`l.id < $${parameters.length}::bigint`);
    }
    if (!options.includeDisabled) conditions.push('l.disabled_at IS NULL');
    const rows = await queryRows<LinkRow>(
      runner,
      `${SELECT_LINK} WHERE ${conditions.join(' AND ')} ORDER BY l.id DESC LIMIT $2`,
      parameters,
    );
    return rows.map(toStored);
  }

  /** Changes the target, tags, expiry or cap of an owner's link; false when it is not (or no longer) there. */
  async update(
    runner: RowQueryRunner,
    accountId: string,
    id: string,
    changes: {
      targetUrl?: string;
      tags?: readonly string[];
      expiresAt?: Date | null;
      clickCap?: number | null;
    },
  ): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE short_links SET
         target_url = CASE WHEN $3 THEN $4 ELSE target_url END,
         tags = CASE WHEN $5 THEN $6::text[] ELSE tags END,
         expires_at = CASE WHEN $7 THEN $8::timestamptz ELSE expires_at END,
         click_cap = CASE WHEN $9 THEN $10::int ELSE click_cap END,
         updated_at = now()
       WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL RETURNING id`,
      [
        id,
        accountId,
        changes.targetUrl !== undefined,
        changes.targetUrl ?? null,
        changes.tags !== undefined,
        changes.tags ?? null,
        changes.expiresAt !== undefined,
        changes.expiresAt ?? null,
        changes.clickCap !== undefined,
        changes.clickCap ?? null,
      ],
    );
    return rows.length > 0;
  }

  async setDisabled(
    runner: RowQueryRunner,
    accountId: string,
    id: string,
    disabled: boolean,
  ): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE short_links SET disabled_at = CASE WHEN $3 THEN coalesce(disabled_at, now()) END, updated_at = now()
       WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL RETURNING id`,
      [id, accountId, disabled],
    );
    return rows.length > 0;
  }

  /** Deletes a link; its row stays (deleted_at) so the code is never reused for another target. */
  async softDelete(runner: RowQueryRunner, accountId: string, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE short_links SET deleted_at = now(), updated_at = now()
       WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL RETURNING id`,
      [id, accountId],
    );
    return rows.length > 0;
  }

  /** The redirector's lookup: a live code on an approved domain; null when there is none (answered 404). */
  async findForRedirect(runner: RowQueryRunner, host: string, code: string): Promise<RedirectRecord | null> {
    const rows = await queryRows<{
      id: string;
      account_id: string;
      target_url: string;
      expires_at: Date | null;
      click_cap: number | null;
      disabled_at: Date | null;
      message_id: string | null;
      recipient_id: string | null;
    }>(
      runner,
      `SELECT l.id::text AS id, l.account_id, l.target_url, l.expires_at, l.click_cap, l.disabled_at, l.message_id,
         l.recipient_id
       FROM short_domains d JOIN short_links l ON l.domain_id = d.id
       WHERE d.host = $1 AND d.status = 'approved' AND l.code = $2 AND l.deleted_at IS NULL`,
      [host, code],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      linkId: row.id,
      accountId: row.account_id,
      targetUrl: row.target_url,
      expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : 0,
      clickCap: row.click_cap ?? 0,
      disabled: row.disabled_at !== null,
      messageId: row.message_id,
      recipientId: row.recipient_id,
    };
  }

  /**
   * Links already minted for messages (any account: message ids are global), so a retried or failed-over send
   * reuses its message's link. Several links per message come back in creation order.
   */
  async findForMessages(
    runner: RowQueryRunner,
    messageIds: readonly string[],
  ): Promise<Map<string, Array<InsertedShortLink & { host: string; recipientId: string | null }>>> {
    const result = new Map<string, Array<InsertedShortLink & { host: string; recipientId: string | null }>>();
    if (messageIds.length === 0) return result;
    const rows = await queryRows<{
      id: string;
      code: string;
      host: string;
      message_id: string;
      recipient_id: string | null;
    }>(
      runner,
      `SELECT l.id::text AS id, l.code, d.host, l.message_id, l.recipient_id
       FROM short_links l JOIN short_domains d ON d.id = l.domain_id
       WHERE l.message_id = ANY($1::uuid[]) AND l.deleted_at IS NULL ORDER BY l.id`,
      [messageIds],
    );
    for (const row of rows) {
      const list = result.get(row.message_id) ?? [];
      list.push({ id: row.id, code: row.code, host: row.host, recipientId: row.recipient_id });
      result.set(row.message_id, list);
    }
    return result;
  }

  /** The host and code of a link, for invalidating the redirectors' caches after a change. */
  async cacheKeyOf(runner: RowQueryRunner, id: string): Promise<{ host: string; code: string } | null> {
    const rows = await queryRows<{ host: string; code: string }>(
      runner,
      `SELECT d.host, l.code FROM short_links l JOIN short_domains d ON d.id = l.domain_id WHERE l.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}

const SELECT_LINK = `SELECT l.id::text AS id, l.domain_id, (SELECT host FROM short_domains WHERE id = l.domain_id) AS host,
  l.code, l.account_id, l.target_url, l.tags, l.expires_at, l.click_cap, l.disabled_at, l.message_id, l.batch_id,
  l.campaign_ref, l.recipient_id, l.click_id_base, l.created_at, l.updated_at FROM short_links l`;

interface LinkRow {
  id: string;
  domain_id: string;
  host: string;
  code: string;
  account_id: string;
  target_url: string;
  tags: string[];
  expires_at: Date | null;
  click_cap: number | null;
  disabled_at: Date | null;
  message_id: string | null;
  batch_id: string | null;
  campaign_ref: string | null;
  recipient_id: string | null;
  click_id_base: string | null;
  created_at: Date;
  updated_at: Date;
}

function toStored(row: LinkRow): StoredShortLink {
  return {
    id: row.id,
    domainId: row.domain_id,
    host: row.host,
    code: row.code,
    accountId: row.account_id,
    targetUrl: row.target_url,
    tags: row.tags ?? [],
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    clickCap: row.click_cap,
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
    messageId: row.message_id,
    batchId: row.batch_id,
    campaignRef: row.campaign_ref,
    recipientId: row.recipient_id,
    clickIdBase: row.click_id_base,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toRecord(index: number, code: string, row: NewShortLink): Record<string, unknown> {
  return {
    i: index,
    domain_id: row.domainId,
    code,
    account_id: row.accountId,
    target_url: row.targetUrl,
    tags: row.tags ?? [],
    expires_at: row.expiresAt ? row.expiresAt.toISOString() : null,
    click_cap: row.clickCap ?? null,
    message_id: row.messageId ?? null,
    batch_id: row.batchId ?? null,
    campaign_ref: row.campaignRef ?? null,
    recipient_id: row.recipientId ?? null,
    click_id_base: row.clickIdBase ?? null,
  };
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
