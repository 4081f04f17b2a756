import { Money } from './money';

/** The six things that ever change a balance. */
export type LedgerEntryType = 'top_up' | 'reserve' | 'charge' | 'release' | 'refund' | 'adjustment';
export const LEDGER_ENTRY_TYPES: readonly LedgerEntryType[] = [
  'top_up',
  'reserve',
  'charge',
  'release',
  'refund',
  'adjustment',
];

/** What an entry is about: a batch or single message (reservations and settlements), a top-up, an adjustment. */
export type LedgerCauseType = 'batch' | 'message' | 'top_up' | 'adjustment';

/**
 * One line of the append-only ledger. `amount` is its effect on the balance and `reservedDelta` its effect on the
 * reserved amount, so the balance is the sum of `amount` and the reserved amount the sum of `reservedDelta`:
 *   top_up +t/0, adjustment ±a/0, reserve 0/+r, charge −c/−c, release 0/−r, refund +f/0.
 */
export interface LedgerDraft {
  accountId: string;
  type: LedgerEntryType;
  amount: Money;
  reservedDelta: Money;
  causeType: LedgerCauseType;
  causeId: string;
  messages: number | null;
  segments: number | null;
  actorKeyId: string | null;
  actorAccountId: string | null;
  note: string | null;
}

export function ledgerEffect(type: LedgerEntryType, value: Money): { amount: Money; reservedDelta: Money } {
  switch (type) {
    case 'top_up':
    case 'adjustment':
    case 'refund':
      return { amount: value, reservedDelta: 0 };
    case 'reserve':
      return { amount: 0, reservedDelta: value };
    case 'charge':
      return { amount: -value, reservedDelta: -value };
    case 'release':
      return { amount: 0, reservedDelta: -value };
  }
}
