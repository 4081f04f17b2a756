import type { MessageKind } from '@tongdao/lifecycle';
import { queryRows, RowQueryRunner } from '@tongdao/database';

/** A held message whose release time has come, locked for this releaser. */
export interface DueHeldMessage {
  messageId: string;
  /** Exact text form of the message's partition key. */
  createdAt: string;
  accountId: string;
  kind: MessageKind;
  phone: string;
  carrier: string | null;
  releaseAt: Date;
}

/**
 * SQL of the HELD releaser over 9a's `held_messages` (one row per HELD message; `release_at` null while it waits
 * for a review) and this module's `held_release_pacing` (the next free release slot per account and for the
 * platform).
 */
export class HeldReleaseStore {
  /**
   * Due rows, oldest release time first, locked with SKIP LOCKED so that several releasers take disjoint sets.
   * Must run inside the releasing transaction.
   */
  async lockDue(runner: RowQueryRunner, limit: number): Promise<DueHeldMessage[]> {
    const rows = await queryRows<{
      message_id: string;
      created_at: string;
      account_id: string;
      kind: MessageKind;
      phone: string;
      carrier: string | null;
      release_at: Date;
    }>(
      runner,
      `WITH due AS (
         SELECT h.message_id, h.created_at, h.account_id, h.release_at FROM held_messages h
          WHERE h.release_at <= now()
          ORDER BY h.release_at, h.message_id
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       SELECT due.message_id, m.created_at::text AS created_at, due.account_id, m.kind, m.phone, m.carrier,
              due.release_at
         FROM due LEFT JOIN messages m ON m.id = due.message_id AND m.created_at = due.created_at
        ORDER BY due.release_at, due.message_id`,
      [limit],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      createdAt: row.created_at,
      accountId: row.account_id,
      kind: row.kind,
      phone: row.phone,
      carrier: row.carrier,
      releaseAt: new Date(row.release_at),
    }));
  }

  /** Locks (creating them when new) the pace rows, always in key order so that releasers never deadlock. */
  async lockPaces(runner: RowQueryRunner, keys: readonly string[]): Promise<Map<string, Date>> {
    const sorted = [...new Set(keys)].sort();
    await runner.query(
      `INSERT INTO held_release_pacing (pace_key, next_slot_at)
       SELECT k, 'epoch'::timestamptz FROM unnest($1::text[]) AS k ORDER BY k
       ON CONFLICT (pace_key) DO NOTHING`,
      [sorted],
    );
    const rows = await queryRows<{ pace_key: string; next_slot_at: Date | string }>(
      runner,
      `SELECT pace_key, next_slot_at FROM held_release_pacing WHERE pace_key = ANY($1::text[])
        ORDER BY pace_key FOR UPDATE`,
      [sorted],
    );
    return new Map(
      rows.map((row) => [
        row.pace_key,
        row.next_slot_at instanceof Date && !Number.isNaN(row.next_slot_at.getTime())
          ? row.next_slot_at
          : new Date(0),
      ]),
    );
  }

  async savePaces(runner: RowQueryRunner, slots: ReadonlyMap<string, Date>): Promise<void> {
    if (slots.size === 0) return;
    await runner.query(
      `UPDATE held_release_pacing p SET next_slot_at = s.at
         FROM jsonb_to_recordset($1::jsonb) AS s(key text, at timestamptz) WHERE p.pace_key = s.key`,
      [JSON.stringify([...slots].map(([key, at]) => ({ key, at })))],
    );
  }

  async remove(runner: RowQueryRunner, messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await runner.query(`DELETE FROM held_messages WHERE message_id = ANY($1::uuid[])`, [[...messageIds]]);
  }
}
