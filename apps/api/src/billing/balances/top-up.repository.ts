import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { moneyFromDatabase } from '@tongdao/billing';

export interface TopUpRecord {
  id: string;
  accountId: string;
  amount: number;
  reference: string;
  note: string | null;
  createdAt: Date;
}

interface TopUpRow {
  id: string;
  account_id: string;
  amount: string;
  reference: string;
  note: string | null;
  created_at: Date;
}

/** Top-up requests; the (account, reference) key makes a repeated payment notification harmless. */
@Injectable()
export class TopUpRepository {
  /** The new top-up, or null when the account already has one with this reference. */
  async insert(
    manager: EntityManager,
    topUp: Omit<TopUpRecord, 'createdAt'>,
    actor: { keyId: string; accountId: string },
  ): Promise<TopUpRecord | null> {
    const rows = (await manager.query(
      `INSERT INTO top_ups (id, account_id, amount, reference, note, actor_key_id, actor_account_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, reference) DO NOTHING
       RETURNING id, account_id, amount, reference, note, created_at`,
      [topUp.id, topUp.accountId, topUp.amount, topUp.reference, topUp.note, actor.keyId, actor.accountId],
    )) as TopUpRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByReference(
    manager: EntityManager,
    accountId: string,
    reference: string,
  ): Promise<TopUpRecord | null> {
    const rows = (await manager.query(
      `SELECT id, account_id, amount, reference, note, created_at FROM top_ups WHERE account_id = $1 AND reference = $2`,
      [accountId, reference],
    )) as TopUpRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }
}

function toRecord(row: TopUpRow): TopUpRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    amount: moneyFromDatabase(row.amount),
    reference: row.reference,
    note: row.note,
    createdAt: row.created_at,
  };
}
