import { randomUUID } from 'node:crypto';
import { queryRows, RowQueryRunner } from '../query-rows';
import { escapeLike } from './short-link.repository';
import { ShortDomainStatus, StoredShortDomain } from './short-link.types';

/**
 * Short domains. Account domains are read through the caller's scope (account path prefix); platform domains
 * (no account) are visible to everyone and usable by every account.
 */
export class ShortDomainRepository {
  /** Null when a live (pending, approved or disabled) row already holds the host. */
  async insertPending(
    runner: RowQueryRunner,
    accountId: string,
    host: string,
  ): Promise<StoredShortDomain | null> {
    const rows = await queryRows<DomainRow>(
      runner,
      `INSERT INTO short_domains (id, account_id, host, status) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (host) WHERE status <> 'rejected' DO NOTHING RETURNING *`,
      [randomUUID(), accountId, host],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /**
   * Makes `host` the approved platform default (seeded at boot from the configuration). Idempotent and safe when
   * several processes boot at once; an older default stops being the default but keeps answering.
   */
  async ensureDefault(runner: RowQueryRunner, host: string): Promise<StoredShortDomain> {
    // Callers run this in a transaction: the lock serialises processes booting at once.
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('short_domains_default'))`);
    await runner.query(
      `UPDATE short_domains SET is_default = false, updated_at = now() WHERE is_default AND host <> $1`,
      [host],
    );
    await runner.query(
      `INSERT INTO short_domains (id, account_id, host, status, is_default, decided_at)
       VALUES ($1, NULL, $2, 'approved', true, now())
       ON CONFLICT (host) WHERE status <> 'rejected' DO NOTHING`,
      [randomUUID(), host],
    );
    const rows = await queryRows<DomainRow>(
      runner,
      `UPDATE short_domains SET is_default = true, status = 'approved', updated_at = now()
       WHERE host = $1 AND status <> 'rejected' AND account_id IS NULL RETURNING *`,
      [host],
    );
    if (!rows[0]) throw new Error(`short domain ${host} is held by an account; choose another default`);
    return toStored(rows[0]);
  }

  /** An account domain inside the scope, or a platform domain. */
  async findVisible(
    runner: RowQueryRunner,
    scopePath: string,
    id: string,
  ): Promise<ScopedShortDomain | null> {
    const rows = await queryRows<DomainRow & { owner_path: string | null }>(
      runner,
      `SELECT d.*, a.path AS owner_path FROM short_domains d LEFT JOIN accounts a ON a.id = d.account_id
       WHERE d.id = $1 AND (d.account_id IS NULL OR a.path LIKE $2)`,
      [id, `${escapeLike(scopePath)}%`],
    );
    const row = rows[0];
    return row ? { domain: toStored(row), ownerPath: row.owner_path } : null;
  }

  /** The account's own domains and the platform's, newest first. */
  async listForAccount(
    runner: RowQueryRunner,
    accountId: string,
    status?: ShortDomainStatus,
  ): Promise<StoredShortDomain[]> {
    const rows = await queryRows<DomainRow>(
      runner,
      `SELECT * FROM short_domains WHERE (account_id = $1 OR (account_id IS NULL AND status = 'approved'))
         AND ($2::text IS NULL OR status = $2) ORDER BY is_default DESC, created_at DESC LIMIT 1000`,
      [accountId, status ?? null],
    );
    return rows.map(toStored);
  }

  /** Decides a pending domain; false when it was no longer pending. */
  async decide(
    runner: RowQueryRunner,
    id: string,
    review: { status: 'approved' | 'rejected'; reviewerAccountId: string; reason: string | null },
  ): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE short_domains SET status = $2, reviewer_account_id = $3, reason = $4, decided_at = now(),
         updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, review.status, review.reviewerAccountId, review.reason],
    );
    return rows.length > 0;
  }

  /**
   * Withdraws an account's domain. Without links it is removed (the host is free again); with links it is kept as
   * `disabled` so the links' codes stay reserved, and the redirector stops answering on it.
   */
  async withdraw(
    runner: RowQueryRunner,
    accountId: string,
    id: string,
  ): Promise<'deleted' | 'disabled' | null> {
    const deleted = await queryRows<{ id: string }>(
      runner,
      `DELETE FROM short_domains d WHERE d.id = $1 AND d.account_id = $2
         AND NOT EXISTS (SELECT 1 FROM short_links l WHERE l.domain_id = d.id) RETURNING id`,
      [id, accountId],
    );
    if (deleted.length > 0) return 'deleted';
    const disabled = await queryRows<{ id: string }>(
      runner,
      `UPDATE short_domains SET status = 'disabled', updated_at = now()
       WHERE id = $1 AND account_id = $2 AND status <> 'rejected' RETURNING id`,
      [id, accountId],
    );
    return disabled.length > 0 ? 'disabled' : null;
  }

  /**
   * The approved domain a new link of `ownerAccountIds[last]` goes on: the given host if the owner or one of its
   * ancestors (`ownerAccountIds`, root first) holds it or it is a platform domain; without a host the platform
   * default.
   */
  async findUsable(
    runner: RowQueryRunner,
    ownerAccountIds: readonly string[],
    host?: string,
  ): Promise<StoredShortDomain | null> {
    const rows = await queryRows<DomainRow>(
      runner,
      host === undefined
        ? `SELECT * FROM short_domains WHERE is_default AND status = 'approved'`
        : `SELECT * FROM short_domains WHERE host = $1 AND status = 'approved'
             AND (account_id IS NULL OR account_id = ANY($2::uuid[]))`,
      host === undefined ? [] : [host, ownerAccountIds],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /**
   * Whether `host` is a Tongdao short domain the account may put in its messages: approved, and the platform's, the
   * account's own or an ancestor's (for the compliance link rule).
   */
  async isUsableHostFor(runner: RowQueryRunner, accountId: string, host: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `SELECT d.id FROM short_domains d
       WHERE d.host = lower($2) AND d.status = 'approved'
         AND (d.account_id IS NULL OR EXISTS (
           SELECT 1 FROM accounts a WHERE a.id = $1 AND a.path LIKE '%/' || d.account_id::text || '/%'))`,
      [accountId, host],
    );
    return rows.length > 0;
  }

  /** Whether the redirector answers on `host` at all (an approved domain). */
  async isApprovedHost(runner: RowQueryRunner, host: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `SELECT id FROM short_domains WHERE host = $1 AND status = 'approved'`,
      [host],
    );
    return rows.length > 0;
  }
}

export interface ScopedShortDomain {
  domain: StoredShortDomain;
  /** Null for a platform domain. */
  ownerPath: string | null;
}

interface DomainRow {
  id: string;
  account_id: string | null;
  host: string;
  status: ShortDomainStatus;
  is_default: boolean;
  reviewer_account_id: string | null;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
}

function toStored(row: DomainRow): StoredShortDomain {
  return {
    id: row.id,
    accountId: row.account_id,
    host: row.host,
    status: row.status,
    isDefault: row.is_default,
    reviewerAccountId: row.reviewer_account_id,
    reason: row.reason,
    createdAt: new Date(row.created_at),
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
  };
}
