import {
  BalanceTotals,
  compareLockOrder,
  moneyFromDatabase,
  Money,
  redistribute,
  Redistribution,
  StripeDelta,
  StripeState,
} from '@tongdao/billing';
import { queryRows, RowQueryRunner } from '@tongdao/database/query-rows';

interface StripeRow {
  stripe: number;
  balance: string;
  reserved: string;
  credit: string;
}

interface TotalsRow {
  account_id: string;
  balance: string;
  reserved: string;
  credit: string;
}

/** One level's share of a reservation: which account, which of its stripes, how much. */
export interface StripeReservation {
  accountId: string;
  depth: number;
  stripe: number;
  amount: Money;
}

export type ChangeOutcome = { ok: true; totals: BalanceTotals } | { ok: false; available: Money };

/**
 * Balances spread over stripes (see @tongdao/billing balance-stripes). Every path that locks stripes takes them
 * in one order, deepest account first, then account id, then stripe, so concurrent batches, top-ups and
 * settlements cannot deadlock.
 */
export class BalanceStore {
  constructor(private readonly stripeCount: number) {}

  /**
   * Reserves on the chosen stripe if it can afford it (one statement, one row locked, and no lock kept when it
   * cannot: see try_reserve_stripe in the migration); otherwise locks all the account's stripes in order, gathers
   * free money onto the chosen one and reserves there. False when the account as a whole cannot pay.
   */
  async reserve(runner: RowQueryRunner, reservation: StripeReservation): Promise<boolean> {
    const [row] = await queryRows<{ reserved: boolean }>(
      runner,
      `SELECT try_reserve_stripe($1, $2::smallint, $3) AS reserved`,
      [reservation.accountId, reservation.stripe, reservation.amount],
    );
    if (row?.reserved) return true;
    const outcome = await this.change(runner, reservation.accountId, reservation.depth, {
      reserve: { stripe: reservation.stripe, amount: reservation.amount },
    });
    return outcome.ok;
  }

  /** Applies a top-up, an adjustment, a credit limit or a reservation with every stripe of the account locked. */
  async change(
    runner: RowQueryRunner,
    accountId: string,
    depth: number,
    change: Redistribution,
  ): Promise<ChangeOutcome> {
    const wanted = Math.max(this.stripeCount, (change.reserve?.stripe ?? 0) + 1);
    await runner.query(
      `INSERT INTO balance_stripes (account_id, stripe, depth)
       SELECT $1, s, $2 FROM generate_series(0, $3 - 1) AS s
       ON CONFLICT (account_id, stripe) DO NOTHING`,
      [accountId, depth, wanted],
    );
    const stripes = (
      await queryRows<StripeRow>(
        runner,
        `SELECT stripe, balance, reserved, credit FROM balance_stripes
          WHERE account_id = $1 ORDER BY stripe FOR UPDATE`,
        [accountId],
      )
    ).map(toStripe);
    const result = redistribute(stripes, change);
    if (!result.ok) return result;
    await runner.query(
      `UPDATE balance_stripes s SET balance = r.balance, reserved = r.reserved, credit = r.credit
         FROM json_to_recordset($2::json) AS r(stripe smallint, balance bigint, reserved bigint, credit bigint)
        WHERE s.account_id = $1 AND s.stripe = r.stripe`,
      [accountId, JSON.stringify(result.stripes)],
    );
    const totals = result.stripes.reduce(
      (sum, stripe) => ({
        balance: sum.balance + stripe.balance,
        reserved: sum.reserved + stripe.reserved,
        credit: sum.credit + stripe.credit,
      }),
      { balance: 0, reserved: 0, credit: 0 },
    );
    return { ok: true, totals: { ...totals, available: totals.balance - totals.reserved + totals.credit } };
  }

  /** Settlement: adds to balances and reserved amounts, locking the stripes in the one global order first. */
  async applyDeltas(runner: RowQueryRunner, deltas: readonly StripeDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const ordered = [...deltas].sort(compareLockOrder);
    const payload = JSON.stringify(
      ordered.map((delta, position) => ({
        position,
        account_id: delta.accountId,
        stripe: delta.stripe,
        balance: delta.balance,
        reserved: delta.reserved,
      })),
    );
    const locked = await queryRows<{ account_id: string }>(
      runner,
      `SELECT s.account_id FROM balance_stripes s
         JOIN json_to_recordset($1::json) AS r(position int, account_id uuid, stripe smallint)
           ON s.account_id = r.account_id AND s.stripe = r.stripe
        ORDER BY r.position FOR UPDATE OF s`,
      [payload],
    );
    if (locked.length !== ordered.length)
      throw new Error(`settlement expected ${ordered.length} balance stripes, found ${locked.length}`);
    await runner.query(
      `UPDATE balance_stripes s SET balance = s.balance + r.balance, reserved = s.reserved + r.reserved
         FROM json_to_recordset($1::json) AS r(account_id uuid, stripe smallint, balance bigint, reserved bigint)
        WHERE s.account_id = r.account_id AND s.stripe = r.stripe`,
      [payload],
    );
  }

  /** Balance, reserved, credit and available per account (accounts without stripes have zeros). */
  async totals(runner: RowQueryRunner, accountIds: readonly string[]): Promise<Map<string, BalanceTotals>> {
    const rows = await queryRows<TotalsRow>(
      runner,
      `SELECT account_id, sum(balance) AS balance, sum(reserved) AS reserved, sum(credit) AS credit
         FROM balance_stripes WHERE account_id = ANY($1::uuid[]) GROUP BY account_id`,
      [accountIds],
    );
    const totals = new Map<string, BalanceTotals>(
      accountIds.map((id) => [id, { balance: 0, reserved: 0, credit: 0, available: 0 }]),
    );
    for (const row of rows) {
      const balance = moneyFromDatabase(row.balance);
      const reserved = moneyFromDatabase(row.reserved);
      const credit = moneyFromDatabase(row.credit);
      totals.set(row.account_id, { balance, reserved, credit, available: balance - reserved + credit });
    }
    return totals;
  }
}

function toStripe(row: StripeRow): StripeState {
  return {
    stripe: Number(row.stripe),
    balance: moneyFromDatabase(row.balance),
    reserved: moneyFromDatabase(row.reserved),
    credit: moneyFromDatabase(row.credit),
  };
}
