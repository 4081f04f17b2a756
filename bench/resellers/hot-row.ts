/**
 * The reseller's balance under contention, without HTTP: concurrent transactions each do what acceptance does for
 * money (the reservation with its ledger entries, then reserving at the customer and at the reseller, then commit)
 * for customers of one reseller, once with every balance in one row and once spread over stripes. With one row,
 * every transaction queues behind the previous one's commit on the reseller's row; with stripes they do not.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:resellers:hot-row -- [seconds=10] [connections=50] [stripes=8]
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Reservation } from '@tongdao/billing';
import { BalanceStore, ReservationStore } from '@tongdao/billing-store';
import { dataSourceOptions, migrateWithLock, RowQueryRunner } from '@tongdao/database';

const RESELLER_COST = 300;
const CUSTOMER_PRICE = 420;

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (a fresh database is created on it)');
  const [seconds = 10, connections = 50, stripes = 8] = process.argv.slice(2).map(Number);
  const name = `tongdao_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const migrator = new DataSource(dataSourceOptions({ url: url.toString(), poolSize: 2 }));
    await migrator.initialize();
    await migrateWithLock(migrator);
    await migrator.destroy();
    const pool = new Pool({ connectionString: url.toString(), max: connections });
    for (const stripeCount of [1, stripes]) {
      const rate = await measure(pool, stripeCount, connections, seconds);
      console.log(
        `hot row: ${connections} connections, customers of one reseller, ${stripeCount} stripe(s): ${Math.round(rate)} reservations/s`,
      );
    }
    await pool.end();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function measure(
  pool: Pool,
  stripeCount: number,
  connections: number,
  seconds: number,
): Promise<number> {
  const balances = new BalanceStore(stripeCount);
  const reservations = new ReservationStore();
  const operator = randomUUID();
  const reseller = randomUUID();
  const customers = Array.from({ length: connections }, () => randomUUID());
  await pool.query(
    `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'op')
       ON CONFLICT DO NOTHING`,
    [operator, `/${operator}/`],
  );
  await pool.query(
    `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, $2, $3, 1, 'reseller', 'r')`,
    [reseller, operator, `/${operator}/${reseller}/`],
  );
  await inTransaction(pool, (runner) => balances.change(runner, reseller, 1, { balanceDelta: 1e12 }));
  for (const customer of customers) {
    await pool.query(
      `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, $2, $3, 2, 'customer', 'c')`,
      [customer, reseller, `/${operator}/${reseller}/${customer}/`],
    );
    await inTransaction(pool, (runner) => balances.change(runner, customer, 2, { balanceDelta: 1e12 }));
  }
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  let done = 0;
  await Promise.all(
    customers.map(async (customer) => {
      while (Date.now() < deadline) {
        const reservation: Reservation = {
          id: randomUUID(),
          causeType: 'message',
          senderAccountId: customer,
          kind: 'notification',
          messages: 1,
          levels: [
            {
              accountId: customer,
              depth: 2,
              stripe: pick(stripeCount),
              refundPolicy: 'none',
              unitPrices: { 'CMCC|': CUSTOMER_PRICE },
              amount: CUSTOMER_PRICE,
            },
            {
              accountId: reseller,
              depth: 1,
              stripe: pick(stripeCount),
              refundPolicy: 'none',
              unitPrices: { 'CMCC|': RESELLER_COST },
              amount: RESELLER_COST,
            },
          ],
        };
        await inTransaction(pool, async (runner) => {
          await reservations.insert(runner, reservation, new Date(), 1, { keyId: null, accountId: customer });
          for (const level of reservation.levels)
            if (
              !(await balances.reserve(runner, {
                accountId: level.accountId,
                depth: level.depth,
                stripe: level.stripe!,
                amount: level.amount,
              }))
            )
              throw new Error('unexpectedly short of money');
        });
        done += 1;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

function pick(stripes: number): number {
  return Math.floor(Math.random() * stripes);
}

async function inTransaction<T>(pool: Pool, work: (runner: RowQueryRunner) => Promise<T>): Promise<T> {
  const client: PoolClient = await pool.connect();
  const runner: RowQueryRunner = {
    query: async (sql, parameters) => (await client.query(sql, parameters as unknown[])).rows,
  };
  try {
    await client.query('BEGIN');
    const result = await work(runner);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
