import { Money } from './money';
import { BillingKind, PriceCarrier, PriceKey } from './price-key';

/**
 * One price a parent sets: for one child (`targetAccountId`) or for every child it has (`null`), per segment, by
 * carrier and kind and optionally province.
 */
export interface PriceRule {
  ownerAccountId: string;
  targetAccountId: string | null;
  carrier: PriceCarrier;
  kind: BillingKind;
  province: string | null;
  unitPrice: Money;
}

/** One account on the path from the operator (root) down to the sender. */
export interface ChainAccount {
  id: string;
  depth: number;
}

/** Where a resolved price came from; `inherited` means the parent set nothing and its own price passes through. */
export type PriceSource =
  'operator' | 'account_province' | 'account' | 'all_children_province' | 'all_children' | 'inherited';

export interface ResolvedPrice {
  accountId: string;
  depth: number;
  /** What this account pays its parent per segment; 0 for the operator, which pays nobody. */
  unitPrice: Money;
  source: PriceSource;
}

/**
 * No price anywhere above the account for that carrier and kind. Inheritance only ever stops at the operator's
 * children, so `accountId` is always a direct child of the operator: the operator has to set its price.
 */
export class PriceNotSetError extends Error {
  constructor(
    readonly accountId: string,
    readonly kind: BillingKind,
    readonly key: PriceKey,
  ) {
    super(
      `No price is set for ${key.carrier} ${kind} messages${key.province ? ` (${key.province})` : ''} ` +
        `for account ${accountId}`,
    );
    this.name = 'PriceNotSetError';
  }
}

/**
 * The price rules relevant to one sender's chain, resolved level by level from the top:
 *   the parent's rule for this child in this province → for this child → for all its children in this
 *   province → for all its children → the parent's own price (inherited) → an error at the operator's children.
 * A child-specific list is a deliberate contract, so even its province-less entry beats an all-children
 * province price.
 */
export class PriceBook {
  private readonly rules = new Map<string, Money>();

  constructor(rules: readonly PriceRule[]) {
    for (const rule of rules) this.rules.set(ruleKey(rule), rule.unitPrice);
  }

  /** `chain` runs from the operator (index 0) down to the sender; the answer is in the same order. */
  resolveChain(chain: readonly ChainAccount[], kind: BillingKind, key: PriceKey): ResolvedPrice[] {
    const resolved: ResolvedPrice[] = [];
    chain.forEach((account, index) => {
      if (index === 0) {
        resolved.push({ accountId: account.id, depth: account.depth, unitPrice: 0, source: 'operator' });
        return;
      }
      const parent = chain[index - 1]!;
      const explicit = this.explicitPrice(parent.id, account.id, kind, key);
      if (explicit) {
        resolved.push({ accountId: account.id, depth: account.depth, ...explicit });
        return;
      }
      if (index === 1) throw new PriceNotSetError(account.id, kind, key);
      const inherited = resolved[index - 1]!;
      resolved.push({
        accountId: account.id,
        depth: account.depth,
        unitPrice: inherited.unitPrice,
        source: 'inherited',
      });
    });
    return resolved;
  }

  private explicitPrice(
    ownerId: string,
    childId: string,
    kind: BillingKind,
    key: PriceKey,
  ): { unitPrice: Money; source: PriceSource } | null {
    const candidates: Array<[string | null, string | null, PriceSource]> = [
      [childId, key.province, 'account_province'],
      [childId, null, 'account'],
      [null, key.province, 'all_children_province'],
      [null, null, 'all_children'],
    ];
    for (const [target, province, source] of candidates) {
      if (province === null && source.endsWith('_province')) continue;
      const price = this.rules.get(
        ruleKey({ ownerAccountId: ownerId, targetAccountId: target, carrier: key.carrier, kind, province }),
      );
      if (price !== undefined) return { unitPrice: price, source };
    }
    return null;
  }
}

function ruleKey(rule: Omit<PriceRule, 'unitPrice'>): string {
  return [
    rule.ownerAccountId,
    rule.targetAccountId ?? '*',
    rule.carrier,
    rule.kind,
    rule.province ?? '',
  ].join('|');
}
