import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BillingKind, Money, moneyFromDatabase, PriceRule, RefundPolicy } from '@tongdao/billing';

/** One account on the path from the operator down to a sender, with what acceptance needs to know of it. */
export interface ChainMember {
  id: string;
  depth: number;
  status: string;
  allowedKinds: string[];
  tpsLimit: number | null;
  dailyQuota: number | null;
  monthlyQuota: number | null;
  refundPolicy: RefundPolicy;
  available: Money;
}

export interface SenderChain {
  /** The operator first, the sender last. */
  members: ChainMember[];
  rules: PriceRule[];
}

interface ChainJson {
  id: string;
  depth: number;
  status: string;
  allowed_kinds: string[];
  tps_limit: number | null;
  daily_quota: number | string | null;
  monthly_quota: number | string | null;
  refund_policy: RefundPolicy;
  available: number | string;
}

interface RuleJson {
  owner_account_id: string;
  target_account_id: string | null;
  carrier: PriceRule['carrier'];
  kind: BillingKind;
  province: string | null;
  unit_price: number | string;
}

/*
 * One round trip: the sender's ancestors (from its materialised path) with their settings and available
 * balance, and the price rules any of them set for the others for this kind.
 */
const CHAIN_SQL = `
WITH chain AS (
  SELECT a.id, a.depth, a.status, a.allowed_kinds, a.tps_limit, a.daily_quota, a.monthly_quota, a.refund_policy,
         COALESCE((SELECT sum(s.balance - s.reserved + s.credit) FROM balance_stripes s WHERE s.account_id = a.id), 0)
           AS available
    FROM accounts a
   WHERE a.id = ANY (string_to_array(trim(BOTH '/' FROM (SELECT path FROM accounts WHERE id = $1)), '/')::uuid[])
)
SELECT (SELECT json_agg(chain ORDER BY chain.depth) FROM chain) AS members,
       (SELECT json_agg(r) FROM (
          SELECT p.owner_account_id, p.target_account_id, p.carrier, p.kind, p.province, p.unit_price
            FROM price_rules p
           WHERE p.kind = $2 AND p.owner_account_id IN (SELECT id FROM chain)
             AND (p.target_account_id IS NULL OR p.target_account_id IN (SELECT id FROM chain))) r) AS rules`;

@Injectable()
export class SenderChainRepository {
  async load(manager: EntityManager, senderId: string, kind: BillingKind): Promise<SenderChain> {
    const [row] = (await manager.query(CHAIN_SQL, [senderId, kind])) as Array<{
      members: ChainJson[] | null;
      rules: RuleJson[] | null;
    }>;
    return {
      members: (row?.members ?? []).map((member) => ({
        id: member.id,
        depth: member.depth,
        status: member.status,
        allowedKinds: member.allowed_kinds,
        tpsLimit: member.tps_limit,
        dailyQuota: member.daily_quota === null ? null : Number(member.daily_quota),
        monthlyQuota: member.monthly_quota === null ? null : Number(member.monthly_quota),
        refundPolicy: member.refund_policy,
        available: moneyFromDatabase(member.available),
      })),
      rules: (row?.rules ?? []).map((rule) => ({
        ownerAccountId: rule.owner_account_id,
        targetAccountId: rule.target_account_id,
        carrier: rule.carrier,
        kind: rule.kind,
        province: rule.province,
        unitPrice: moneyFromDatabase(rule.unit_price),
      })),
    };
  }
}
