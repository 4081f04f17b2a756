import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

const RETENTION = '24 hours';

export interface StoredResponse {
  requestHash: Buffer;
  status: number;
  body: unknown;
}

/**
 * Idempotency keys are claimed inside the same transaction that stores the messages. A concurrent request with
 * the same key blocks on the unique index until the first one commits, then sees its stored response; if the
 * first one rolls back, the second simply proceeds. Expired keys are taken over in place.
 */
@Injectable()
export class IdempotencyRepository {
  /** True when this transaction now owns the key; false when a live response already exists. */
  async claim(manager: EntityManager, accountId: string, key: string, requestHash: Buffer): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO idempotency_keys (account_id, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + interval '${RETENTION}')
       ON CONFLICT (account_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
              created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE idempotency_keys.expires_at < now()
       RETURNING key`,
      [accountId, key, requestHash],
    )) as unknown[];
    return rows.length > 0;
  }

  async find(manager: EntityManager, accountId: string, key: string): Promise<StoredResponse | null> {
    const rows = (await manager.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE account_id = $1 AND key = $2`,
      [accountId, key],
    )) as Array<{ request_hash: Buffer; response_status: number; response_body: unknown }>;
    const row = rows[0];
    return row
      ? { requestHash: row.request_hash, status: row.response_status, body: row.response_body }
      : null;
  }

  async complete(
    manager: EntityManager,
    accountId: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE account_id = $1 AND key = $2`,
      [accountId, key, status, JSON.stringify(body)],
    );
  }

  /** Housekeeping for a periodic job; returns the number of rows removed. */
  async purgeExpired(manager: EntityManager): Promise<number> {
    const result = (await manager.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`)) as [
      unknown[],
      number,
    ];
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
