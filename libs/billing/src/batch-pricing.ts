import { addMoney, Money, multiplyMoney } from './money';
import { PriceBook, ChainAccount } from './price-book';
import { BillingKind, PriceKey, priceKeyString } from './price-key';

/** One accepted message as pricing sees it. */
export interface PricedLine {
  key: PriceKey;
  segments: number;
}

/** What one level of the tree is charged for a batch, and the unit prices it was charged at. */
export interface LevelCharge {
  accountId: string;
  depth: number;
  /** Unit price per price-key string (`CMCC|广东`) for every key present in the batch. */
  unitPrices: Record<string, Money>;
  /** Sum over the batch of unit price × segments. */
  amount: Money;
}

/**
 * Prices a batch at every level of the sender's chain. `chain` runs from the operator down to the sender; the
 * answer runs from the sender up to the operator (the order in which balances are locked, see README).
 */
export function priceBatch(
  book: PriceBook,
  chain: readonly ChainAccount[],
  kind: BillingKind,
  lines: readonly PricedLine[],
): LevelCharge[] {
  const segmentsByKey = new Map<string, { key: PriceKey; segments: number }>();
  for (const line of lines) {
    const id = priceKeyString(line.key);
    const entry = segmentsByKey.get(id);
    if (entry) entry.segments += line.segments;
    else segmentsByKey.set(id, { key: line.key, segments: line.segments });
  }
  const levels: LevelCharge[] = chain.map((account) => ({
    accountId: account.id,
    depth: account.depth,
    unitPrices: {},
    amount: 0,
  }));
  for (const [id, { key, segments }] of segmentsByKey) {
    book.resolveChain(chain, kind, key).forEach((price, index) => {
      const level = levels[index]!;
      level.unitPrices[id] = price.unitPrice;
      level.amount = addMoney(level.amount, multiplyMoney(price.unitPrice, segments));
    });
  }
  return levels.reverse();
}
