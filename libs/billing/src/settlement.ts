import { Money, multiplyMoney } from './money';

/**
 * What happens to a submitted message that never arrives. `none`: every submitted segment is paid (the common
 * 提交计费 contract). `undelivered`: a submitted message that ends in a failure is refunded. Messages that never
 * reached a carrier are never charged under either policy.
 */
export type RefundPolicy = 'none' | 'undelivered';
export const REFUND_POLICIES: readonly RefundPolicy[] = ['none', 'undelivered'];

export interface MessageOutcome {
  /** The message was handed to a carrier (it has a submitted time). */
  submitted: boolean;
  /** Its final status is DELIVERED. */
  delivered: boolean;
  segments: number;
}

/** Ledger effects of settling one message at one level. */
export interface LevelSettlement {
  charge: Money;
  release: Money;
  refund: Money;
}

export function settleAtLevel(
  unitPrice: Money,
  policy: RefundPolicy,
  outcome: MessageOutcome,
): LevelSettlement {
  const amount = multiplyMoney(unitPrice, outcome.segments);
  if (!outcome.submitted) return { charge: 0, release: amount, refund: 0 };
  const refund = !outcome.delivered && policy === 'undelivered' ? amount : 0;
  return { charge: amount, release: 0, refund };
}

/** What the account finally paid for the message at that level. */
export function netCharge(settlement: LevelSettlement): Money {
  return settlement.charge - settlement.refund;
}
