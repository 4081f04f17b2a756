import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { BalanceStore, LedgerStore, ReservationStore, UsageStore } from '@tongdao/billing-store';
import { MetricsService } from '@tongdao/platform';
import { BillingSettlementConsumer } from '../../apps/worker/src/billing/billing-settlement.consumer';
import { SettlementEvent } from '../../apps/worker/src/billing/settlement-event';

export type FinalOutcome = 'DELIVERED' | 'UNDELIVERED' | 'EXPIRED' | 'REJECTED' | 'FAILED';

export interface Finish {
  status: FinalOutcome;
  /** Whether the message reached a carrier before it ended (default: yes unless FAILED). */
  submitted?: boolean;
}

export function settlementConsumer(config: AppConfig): BillingSettlementConsumer {
  return new BillingSettlementConsumer(
    new ReservationStore(),
    new BalanceStore(config.resellers.balanceStripes),
    new LedgerStore(),
    new UsageStore(),
    config,
    new MetricsService(),
  );
}

interface MessageRow {
  id: string;
  created_at: Date;
  account_id: string;
  batch_id: string | null;
  kind: string;
  segments: number;
  carrier: string | null;
  province: string | null;
}

/**
 * Ends messages the way the dispatcher and receipts would (status, times and the final event) and hands their
 * final events to the settlement consumer inside one transaction, as the outbox framework does.
 */
export async function finishAndSettle(
  dataSource: DataSource,
  consumer: BillingSettlementConsumer,
  ids: readonly string[],
  finish: (id: string, index: number) => Finish,
): Promise<void> {
  const rows = (await dataSource.query(
    `SELECT id, created_at, account_id, batch_id, kind, segments, carrier, province FROM messages WHERE id = ANY($1::uuid[])`,
    [ids],
  )) as MessageRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const events: SettlementEvent[] = ids.map((id, index) => {
    const row = byId.get(id);
    if (!row) throw new Error(`no message ${id}`);
    const outcome = finish(id, index);
    const submitted = outcome.submitted ?? outcome.status !== 'FAILED';
    return {
      messageId: id,
      messageCreatedAt: row.created_at,
      accountId: row.account_id,
      batchId: row.batch_id,
      status: outcome.status,
      kind: row.kind,
      segments: Number(row.segments),
      carrier: row.carrier,
      province: row.province,
      submittedAt: submitted ? new Date() : null,
    };
  });
  await dataSource.transaction(async (tx) => {
    await tx.query(
      `UPDATE messages m SET status = e.status, submitted_at = e.submitted_at, done_at = now(), updated_at = now()
         FROM json_to_recordset($1::json) AS e(id uuid, status text, submitted_at timestamptz)
        WHERE m.id = e.id`,
      [
        JSON.stringify(
          events.map((event) => ({
            id: event.messageId,
            status: event.status,
            submitted_at: event.submittedAt,
          })),
        ),
      ],
    );
    await tx.query(
      `INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status)
       SELECT e.id, now(), e.created_at, e.account_id, e.status
         FROM json_to_recordset($1::json) AS e(id uuid, created_at timestamptz, account_id uuid, status text)`,
      [
        JSON.stringify(
          events.map((event) => ({
            id: event.messageId,
            created_at: event.messageCreatedAt,
            account_id: event.accountId,
            status: event.status,
          })),
        ),
      ],
    );
    await consumer.handle(events, tx);
  });
}

export interface AccountMoney {
  balance: number;
  reserved: number;
  credit: number;
  ledgerBalance: number;
  ledgerReserved: number;
  minStripeFree: number;
}

/** Each account's balance from its stripes and from its ledger, and its worst stripe. */
export async function moneyByAccount(dataSource: DataSource): Promise<Map<string, AccountMoney>> {
  const rows = (await dataSource.query(
    `SELECT a.id,
            COALESCE((SELECT sum(balance) FROM balance_stripes s WHERE s.account_id = a.id), 0)::bigint AS balance,
            COALESCE((SELECT sum(reserved) FROM balance_stripes s WHERE s.account_id = a.id), 0)::bigint AS reserved,
            COALESCE((SELECT sum(credit) FROM balance_stripes s WHERE s.account_id = a.id), 0)::bigint AS credit,
            COALESCE((SELECT min(balance - reserved + credit) FROM balance_stripes s WHERE s.account_id = a.id), 0)::bigint
              AS min_free,
            COALESCE((SELECT sum(amount) FROM ledger_entries l WHERE l.account_id = a.id), 0)::bigint AS ledger_balance,
            COALESCE((SELECT sum(reserved_delta) FROM ledger_entries l WHERE l.account_id = a.id), 0)::bigint
              AS ledger_reserved
       FROM accounts a`,
  )) as Array<Record<string, string>>;
  return new Map(
    rows.map((row) => [
      row.id!,
      {
        balance: Number(row.balance),
        reserved: Number(row.reserved),
        credit: Number(row.credit),
        ledgerBalance: Number(row.ledger_balance),
        ledgerReserved: Number(row.ledger_reserved),
        minStripeFree: Number(row.min_free),
      },
    ]),
  );
}

/** Asserts what must hold for every account at any moment: the ledger sums to the balance, no stripe in the red. */
export function expectLedgerConsistent(money: Map<string, AccountMoney>): void {
  for (const [accountId, account] of money) {
    expect({ accountId, balance: account.ledgerBalance, reserved: account.ledgerReserved }).toEqual({
      accountId,
      balance: account.balance,
      reserved: account.reserved,
    });
    expect({ accountId, minStripeFree: Math.min(0, account.minStripeFree) }).toEqual({
      accountId,
      minStripeFree: 0,
    });
  }
}
