import { LedgerDraft, ledgerEffect, LedgerEntryType } from './ledger-entry';
import { addMoney, Money } from './money';
import { BillingKind, PriceKey, priceKeyString } from './price-key';
import { Reservation } from './reservation';
import { MessageOutcome, netCharge, settleAtLevel } from './settlement';

/** A message that reached its final status, as the settlement sees it. */
export interface SettledMessage {
  messageId: string;
  reservationId: string;
  kind: BillingKind;
  key: PriceKey;
  /** Billing day of the message's acceptance (see BillingCalendar). */
  day: string;
  outcome: MessageOutcome;
}

/** A change to one stripe of one account's balance. */
export interface StripeDelta {
  accountId: string;
  depth: number;
  stripe: number;
  balance: Money;
  reserved: Money;
}

/** Additions to one row of the daily usage rollup. */
export interface UsageDelta {
  accountId: string;
  day: string;
  carrier: string;
  kind: BillingKind;
  /** Empty when the province is unknown. */
  province: string;
  messages: number;
  segments: number;
  delivered: number;
  failed: number;
  /** What the account paid its parent for this traffic (net of refunds). */
  charged: Money;
  /** What its sub-accounts paid it for the part of this traffic they sent. */
  revenue: Money;
  /** The part of `charged` paid for traffic its sub-accounts sent (so margin = revenue - cost). */
  cost: Money;
}

export interface SettlementPlan {
  ledger: LedgerDraft[];
  stripes: StripeDelta[];
  /** Messages settled per reservation. */
  progress: Map<string, number>;
  usage: UsageDelta[];
}

export class SettlementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettlementError';
  }
}

/**
 * Settles messages against their reservations at every level: charges, releases and refunds aggregated per
 * account and reservation for the ledger, per stripe for the balances, and per account × day × carrier × kind ×
 * province for the usage rollup. Pure, so the consumer only has to load reservations and write the plan.
 */
export function planSettlement(
  messages: readonly SettledMessage[],
  reservations: ReadonlyMap<string, Reservation>,
): SettlementPlan {
  const ledger = new Map<string, LedgerDraft>();
  const stripes = new Map<string, StripeDelta>();
  const progress = new Map<string, number>();
  const usage = new Map<string, UsageDelta>();
  for (const message of messages) {
    const reservation = reservations.get(message.reservationId);
    if (!reservation) throw new SettlementError(`no reservation ${message.reservationId}`);
    progress.set(reservation.id, (progress.get(reservation.id) ?? 0) + 1);
    const keyId = priceKeyString(message.key);
    let childNet = 0;
    reservation.levels.forEach((level, index) => {
      const unitPrice = level.unitPrices[keyId];
      if (unitPrice === undefined)
        throw new SettlementError(`reservation ${reservation.id} has no price for ${keyId}`);
      const settled = settleAtLevel(unitPrice, level.refundPolicy, message.outcome);
      const net = netCharge(settled);
      const entries: Array<[LedgerEntryType, Money]> = [
        ['charge', settled.charge],
        ['release', settled.release],
        ['refund', settled.refund],
      ];
      for (const [type, value] of entries) {
        if (value === 0) continue;
        addLedger(ledger, reservation, level.accountId, type, value, message.outcome.segments);
        if (level.stripe === null)
          throw new SettlementError(`reservation ${reservation.id} holds money without a stripe`);
        addStripe(stripes, level.accountId, level.depth, level.stripe, ledgerEffect(type, value));
      }
      addUsage(usage, {
        accountId: level.accountId,
        day: message.day,
        carrier: message.key.carrier,
        kind: message.kind,
        province: message.key.province ?? '',
        messages: 1,
        segments: message.outcome.segments,
        delivered: message.outcome.delivered ? 1 : 0,
        failed: message.outcome.delivered ? 0 : 1,
        charged: net,
        revenue: index === 0 ? 0 : childNet,
        cost: index === 0 ? 0 : net,
      });
      childNet = net;
    });
  }
  return {
    ledger: [...ledger.values()],
    stripes: [...stripes.values()],
    progress,
    usage: [...usage.values()],
  };
}

function addLedger(
  ledger: Map<string, LedgerDraft>,
  reservation: Reservation,
  accountId: string,
  type: LedgerEntryType,
  value: Money,
  segments: number,
): void {
  const id = `${accountId}|${reservation.id}|${type}`;
  const effect = ledgerEffect(type, value);
  const entry = ledger.get(id);
  if (entry) {
    entry.amount = addMoney(entry.amount, effect.amount);
    entry.reservedDelta = addMoney(entry.reservedDelta, effect.reservedDelta);
    entry.messages = (entry.messages ?? 0) + 1;
    entry.segments = (entry.segments ?? 0) + segments;
    return;
  }
  ledger.set(id, {
    accountId,
    type,
    ...effect,
    causeType: reservation.causeType,
    causeId: reservation.id,
    messages: 1,
    segments,
    actorKeyId: null,
    actorAccountId: null,
    note: null,
  });
}

function addStripe(
  stripes: Map<string, StripeDelta>,
  accountId: string,
  depth: number,
  stripe: number,
  effect: { amount: Money; reservedDelta: Money },
): void {
  const id = `${accountId}|${stripe}`;
  const delta = stripes.get(id) ?? { accountId, depth, stripe, balance: 0, reserved: 0 };
  delta.balance = addMoney(delta.balance, effect.amount);
  delta.reserved = addMoney(delta.reserved, effect.reservedDelta);
  stripes.set(id, delta);
}

function addUsage(usage: Map<string, UsageDelta>, delta: UsageDelta): void {
  const id = [delta.accountId, delta.day, delta.carrier, delta.kind, delta.province].join('|');
  const row = usage.get(id);
  if (!row) {
    usage.set(id, delta);
    return;
  }
  row.messages += delta.messages;
  row.segments += delta.segments;
  row.delivered += delta.delivered;
  row.failed += delta.failed;
  row.charged = addMoney(row.charged, delta.charged);
  row.revenue = addMoney(row.revenue, delta.revenue);
  row.cost = addMoney(row.cost, delta.cost);
}

/** Stripe locks are always taken deepest account first, then by account id and stripe: one order, no deadlocks. */
export function compareLockOrder(
  a: Pick<StripeDelta, 'accountId' | 'depth' | 'stripe'>,
  b: Pick<StripeDelta, 'accountId' | 'depth' | 'stripe'>,
): number {
  if (a.depth !== b.depth) return b.depth - a.depth;
  if (a.accountId !== b.accountId) return a.accountId < b.accountId ? -1 : 1;
  return a.stripe - b.stripe;
}
