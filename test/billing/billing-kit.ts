import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { comparePositions, MessageTransitions, OutboxPosition } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { waitFor } from '@tongdao/testing';
import { BillingSettlementConsumer } from '../../apps/worker/src/billing/billing-settlement.consumer';
import { OutboxCursorRepository } from '../../apps/worker/src/outbox/outbox-cursor.repository';
import { OutboxRunnerService } from '../../apps/worker/src/outbox/outbox-runner.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export type FinalOutcome = 'DELIVERED' | 'UNDELIVERED' | 'EXPIRED' | 'REJECTED' | 'FAILED';

export interface Finish {
  status: FinalOutcome;
  /** Whether the message reached a carrier before it ended (default: yes unless FAILED). */
  submitted?: boolean;
}

/** The real worker app (outbox runner and its consumers), driven one batch at a time by the test. */
export interface BillingWorker {
  app: INestApplication;
  /** Runs the settlement consumer until its cursor has passed `position`. */
  settleThrough(position: OutboxPosition): Promise<void>;
  close(): Promise<void>;
}

export async function startBillingWorker(config: AppConfig): Promise<BillingWorker> {
  const app = await NestFactory.create(WorkerModule.forRoot(config), { logger: false });
  await app.init();
  const runner = app.get(OutboxRunnerService);
  const consumer = app.get(BillingSettlementConsumer);
  const cursors = app.get(OutboxCursorRepository);
  await cursors.ensure(consumer.name, 'beginning');
  return {
    app,
    settleThrough: async (position) => {
      const reached = async () => {
        await runner.runOnce(consumer);
        const cursor = (await cursors.list()).find((candidate) => candidate.name === consumer.name);
        return cursor !== undefined && comparePositions(cursor.position, position) >= 0;
      };
      // Readers see an event once every older transaction on the server has ended; other suites' may lag it.
      if (!(await waitFor(reached, (done) => done, 60_000))) throw new Error('settlement did not catch up');
    },
    close: () => app.close(),
  };
}

/**
 * Ends messages as the dispatcher and receipts do (through the one transition function: SUBMITTED when they
 * reached a carrier, then their final status) and lets the real worker settle them through the outbox.
 */
export async function finishAndSettle(
  dataSource: DataSource,
  worker: BillingWorker,
  ids: readonly string[],
  finish: (id: string, index: number) => Finish,
): Promise<void> {
  const rows = (await dataSource.query(
    `SELECT id, created_at::text AS created_at FROM messages WHERE id = ANY($1::uuid[])`,
    [ids],
  )) as Array<{ id: string; created_at: string }>;
  const createdAt = new Map(rows.map((row) => [row.id, row.created_at]));
  const outcomes = ids.map((id, index) => ({ id, createdAt: createdAt.get(id)!, ...finish(id, index) }));
  const transitions = new MessageTransitions();
  await transitions.apply(
    dataSource,
    outcomes
      .filter((outcome) => outcome.submitted ?? outcome.status !== 'FAILED')
      .map((outcome) => ({ id: outcome.id, createdAt: outcome.createdAt, to: MessageStatus.Submitted })),
  );
  const applied = await transitions.apply(
    dataSource,
    outcomes.map((outcome) => ({
      id: outcome.id,
      createdAt: outcome.createdAt,
      to: outcome.status as MessageStatus,
    })),
  );
  if (applied.length !== ids.length)
    throw new Error(`only ${applied.length} of ${ids.length} messages ended`);
  const [last] = (await dataSource.query(
    `SELECT outbox_tx::text AS tx, id::text AS id FROM message_events
      WHERE message_id = ANY($1::uuid[]) ORDER BY outbox_tx DESC, id DESC LIMIT 1`,
    [ids],
  )) as OutboxPosition[];
  await worker.settleThrough(last!);
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
