import { LevelCharge } from './batch-pricing';
import { LedgerCauseType } from './ledger-entry';
import { Money } from './money';
import { BillingKind } from './price-key';
import { RefundPolicy } from './settlement';

/** One level of a reservation, as stored with it: what was reserved where, at which prices, under which policy. */
export interface ReservedLevel {
  accountId: string;
  depth: number;
  /** The balance stripe holding the reservation; null where nothing was reserved (the operator, a zero price). */
  stripe: number | null;
  refundPolicy: RefundPolicy;
  unitPrices: Record<string, Money>;
  amount: Money;
}

/**
 * Everything settlement needs about one accepted request, stored in the same transaction as its messages. Its id
 * is the batch id, or the message id of a single send, so each message finds it from its own event.
 */
export interface Reservation {
  id: string;
  causeType: Extract<LedgerCauseType, 'batch' | 'message'>;
  senderAccountId: string;
  kind: BillingKind;
  messages: number;
  /** Sender first, the operator last. */
  levels: ReservedLevel[];
}

export interface LevelTerms {
  refundPolicy: RefundPolicy;
  /** Stripe count of this account's balance, to pick one at random. */
  stripes: number;
}

/** Turns priced levels into reserved levels, picking a random stripe wherever something is reserved. */
export function reserveLevels(
  charges: readonly LevelCharge[],
  terms: (accountId: string) => LevelTerms,
  random: () => number = Math.random,
): ReservedLevel[] {
  return charges.map((charge) => {
    const { refundPolicy, stripes } = terms(charge.accountId);
    return {
      accountId: charge.accountId,
      depth: charge.depth,
      stripe: charge.amount > 0 ? Math.floor(random() * Math.max(1, stripes)) : null,
      refundPolicy,
      unitPrices: charge.unitPrices,
      amount: charge.amount,
    };
  });
}
