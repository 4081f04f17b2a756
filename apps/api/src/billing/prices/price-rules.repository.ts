import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BillingKind, moneyFromDatabase, PriceCarrier, PriceRule } from '@tongdao/billing';

export interface PriceEntry {
  carrier: PriceCarrier;
  kind: BillingKind;
  province: string | null;
  unitPrice: number;
}

interface RuleRow {
  owner_account_id: string;
  target_account_id: string | null;
  carrier: PriceCarrier;
  kind: BillingKind;
  province: string | null;
  unit_price: string;
}

/** Price rules; callers have checked that the owner and target lie within their scope. */
@Injectable()
export class PriceRulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The list `owner` sets for `target` (null: for all its children). */
  async list(
    ownerId: string,
    targetId: string | null,
    manager = this.dataSource.manager,
  ): Promise<PriceEntry[]> {
    const rows = (await manager.query(
      `SELECT owner_account_id, target_account_id, carrier, kind, province, unit_price FROM price_rules
        WHERE owner_account_id = $1 AND target_account_id IS NOT DISTINCT FROM $2
        ORDER BY kind, carrier, province NULLS FIRST`,
      [ownerId, targetId],
    )) as RuleRow[];
    return rows.map((row) => ({
      carrier: row.carrier,
      kind: row.kind,
      province: row.province,
      unitPrice: moneyFromDatabase(row.unit_price),
    }));
  }

  /** Replaces the whole list in one transaction, returning the previous one (for the audit trail). */
  async replace(
    ownerId: string,
    targetId: string | null,
    entries: readonly PriceEntry[],
  ): Promise<PriceEntry[]> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      // Serialises concurrent replacements of the same list without touching the account rows.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `price-rules:${ownerId}:${targetId ?? '*'}`,
      ]);
      const before = await this.list(ownerId, targetId, manager);
      await manager.query(
        `DELETE FROM price_rules WHERE owner_account_id = $1 AND target_account_id IS NOT DISTINCT FROM $2`,
        [ownerId, targetId],
      );
      if (entries.length > 0)
        await manager.query(
          `INSERT INTO price_rules (owner_account_id, target_account_id, carrier, kind, province, unit_price)
           SELECT $1, $2, r.carrier, r.kind, r.province, r.unit_price
             FROM json_to_recordset($3::json) AS r(carrier text, kind text, province text, unit_price bigint)`,
          [
            ownerId,
            targetId,
            JSON.stringify(
              entries.map((entry) => ({
                carrier: entry.carrier,
                kind: entry.kind,
                province: entry.province,
                unit_price: entry.unitPrice,
              })),
            ),
          ],
        );
      return before;
    });
  }

  /** Every rule any account of a chain sets for another account of it (or for all its children). */
  async forChain(chainIds: readonly string[]): Promise<PriceRule[]> {
    const rows = (await this.dataSource.query(
      `SELECT owner_account_id, target_account_id, carrier, kind, province, unit_price FROM price_rules
        WHERE owner_account_id = ANY($1::uuid[]) AND (target_account_id IS NULL OR target_account_id = ANY($1::uuid[]))`,
      [chainIds],
    )) as RuleRow[];
    return rows.map((row) => ({
      ownerAccountId: row.owner_account_id,
      targetAccountId: row.target_account_id,
      carrier: row.carrier,
      kind: row.kind,
      province: row.province,
      unitPrice: moneyFromDatabase(row.unit_price),
    }));
  }
}
