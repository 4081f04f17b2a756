import { assertMoney, Money } from './money';

/**
 * A balance is kept in several rows ("stripes") so that concurrent senders under one reseller lock different
 * rows instead of queueing on one. Each stripe must stay within its own means:
 * `balance - reserved + credit >= 0`. The account's figures are the sums over its stripes.
 */
export interface StripeState {
  stripe: number;
  balance: Money;
  reserved: Money;
  credit: Money;
}

export function stripeFree(stripe: StripeState): Money {
  return stripe.balance - stripe.reserved + stripe.credit;
}

export interface BalanceTotals {
  balance: Money;
  reserved: Money;
  credit: Money;
  /** What can still be reserved: balance - reserved + credit. */
  available: Money;
}

export function totalsOf(stripes: readonly StripeState[]): BalanceTotals {
  let balance = 0;
  let reserved = 0;
  let credit = 0;
  for (const stripe of stripes) {
    balance += stripe.balance;
    reserved += stripe.reserved;
    credit += stripe.credit;
  }
  return { balance, reserved, credit, available: assertMoney(balance - reserved + credit) };
}

export interface Redistribution {
  /** Added to the account's balance (a top-up, an adjustment). */
  balanceDelta?: Money;
  /** The account's new credit limit, spread over the stripes. */
  creditLimit?: Money;
  /** Reserve this much on this stripe. */
  reserve?: { stripe: number; amount: Money };
}

export type RedistributionResult = { ok: true; stripes: StripeState[] } | { ok: false; available: Money };

/**
 * Applies a change to an account whose stripes are all locked, and spreads what is free evenly over the stripes
 * again, so the next reservations find room on whichever stripe they pick. Reserved amounts never move (each is
 * settled on the stripe that holds it). Refuses (ok: false) a reservation or a debit the account cannot afford;
 * lowering the credit limit below what is used is allowed and leaves the stripes short until money comes in.
 */
export function redistribute(stripes: readonly StripeState[], change: Redistribution): RedistributionResult {
  if (stripes.length === 0) throw new Error('an account has at least one stripe');
  const ordered = [...stripes].sort((a, b) => a.stripe - b.stripe);
  const balanceDelta = assertMoney(change.balanceDelta ?? 0, 'balance change');
  const credits =
    change.creditLimit === undefined
      ? ordered.map((stripe) => stripe.credit)
      : spreadEvenly(assertMoney(change.creditLimit, 'credit limit'), ordered.length);
  const needed = change.reserve?.amount ?? 0;
  const current = totalsOf(ordered);
  const creditTotal = credits.reduce((sum, credit) => sum + credit, 0);
  const freeAfter = current.balance + balanceDelta - current.reserved + creditTotal;
  const debits = needed > 0 || balanceDelta < 0;
  if (debits && freeAfter < needed) return { ok: false, available: current.available };
  const shares = spreadEvenly(freeAfter - needed, ordered.length);
  return {
    ok: true,
    stripes: ordered.map((stripe, index) => {
      const extra = change.reserve && change.reserve.stripe === stripe.stripe ? needed : 0;
      const reserved = stripe.reserved + extra;
      const credit = credits[index]!;
      const free = shares[index]!;
      return { stripe: stripe.stripe, balance: free + reserved - credit, reserved, credit };
    }),
  };
}

/** Splits `total` (possibly negative) into `parts` integers that differ by at most one. */
export function spreadEvenly(total: Money, parts: number): Money[] {
  const share = Math.floor(total / parts);
  const remainder = total - share * parts;
  return Array.from({ length: parts }, (_, index) => share + (index < remainder ? 1 : 0));
}
