/**
 * Reseller ingest benchmark: 50 customers of one reseller send batches at once, with pricing, the limits script
 * and the reservation at every level on. Reports recipients accepted per second, then checks the money: every
 * ledger sums to its balance and the reseller reserved exactly its cost of what was accepted.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:resellers -- [batches per customer=2] [recipients per batch=5000] [customers=50]
 *   … npm run bench:resellers -- --single 20000 [customers=50]      # single sends instead of batches
 *
 * BILLING_BALANCE_STRIPES (default 8) sets how many rows each balance is spread over; run the single-send mode
 * with 1 and with 8 to see the reseller's row stop being the queue every customer waits in.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { loadConfig } from '@tongdao/config';
import { AccountProvisioning } from '../../apps/api/src/accounts/account-provisioning';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp } from '../../apps/api/src/configure-api-app';
import { withClient, withDatabase } from '../support/database';
import { post, send } from '../support/http';

interface BenchOptions {
  mode: 'batch' | 'single';
  batches: number;
  recipients: number;
  customers: number;
  singles: number;
}

const RESELLER_COST = 300;
const CUSTOMER_PRICE = 420;

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (a fresh database is created on it)');
  const options = parseOptions(process.argv.slice(2));
  const database = `tongdao_bench_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`));
  try {
    await run(withDatabase(serverUrl, database), options);
  } finally {
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

async function run(databaseUrl: string, options: BenchOptions): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `bench-${randomBytes(3).toString('hex')}:`,
    BILLING_BALANCE_STRIPES: process.env.BILLING_BALANCE_STRIPES,
    API_PORT: '0',
  });
  const app = await NestFactory.create(ApiModule.forRoot(config), { logger: ['warn', 'error'] });
  configureApiApp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer() as { address(): AddressInfo }).address().port;
  try {
    const tree = await seed(app.get(AccountProvisioning), databaseUrl, port, options);
    const started = process.hrtime.bigint();
    const accepted =
      options.mode === 'batch'
        ? await sendBatches(port, tree, options)
        : await sendSingles(port, tree, options);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const what =
      options.mode === 'batch'
        ? `${options.customers} customers × ${options.batches} batches of ${options.recipients}`
        : `${options.customers} customers sending single messages`;
    console.log(
      `resellers (${what}, ${config.resellers.balanceStripes} stripes): ${accepted} recipients in ${seconds.toFixed(2)} s, ` +
        `${Math.round(accepted / seconds)} recipients/s`,
    );
    await verify(databaseUrl, tree.resellerId, accepted);
  } finally {
    await app.close();
  }
}

interface Tree {
  resellerId: string;
  templateId: string;
  customerKeys: string[];
}

async function seed(
  provisioning: AccountProvisioning,
  databaseUrl: string,
  port: number,
  options: BenchOptions,
): Promise<Tree> {
  const operator = await provisioning.ensureOperator('Bench operator');
  const operatorKey = operator.key!.fullKey;
  const templateId = randomUUID();
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, '通道科技', 'approved')`,
      [randomUUID(), operator.account.id],
    );
    await client.query(
      `INSERT INTO templates (id, account_id, name, kind, body, variables, status)
       VALUES ($1, $2, 'shipping', 'notification', '亲爱的\${name}，您的订单\${order}已发货，请注意查收。', ARRAY['name','order'], 'approved')`,
      [templateId, operator.account.id],
    );
  });
  const total =
    options.mode === 'batch' ? options.customers * options.batches * options.recipients : options.singles;
  const reseller = await call(port, operatorKey, 'POST', '/v1/accounts', {
    name: '华东代理',
    kind: 'reseller',
  });
  const resellerId = reseller.id as string;
  await call(port, operatorKey, 'PUT', `/v1/accounts/${resellerId}/prices`, {
    prices: ['CMCC', 'CUCC', 'CTCC', 'CBN'].map((carrier) => ({
      carrier,
      kind: 'notification',
      unit_price: RESELLER_COST,
    })),
  });
  await call(port, operatorKey, 'POST', `/v1/accounts/${resellerId}/top-ups`, {
    amount: total * RESELLER_COST * 2,
    reference: 'bench',
  });
  const resellerKey = (
    await call(port, operatorKey, 'POST', `/v1/accounts/${resellerId}/api-keys`, { name: 'bench' })
  ).key as string;
  await call(port, resellerKey, 'PUT', `/v1/accounts/${resellerId}/child-prices`, {
    prices: ['CMCC', 'CUCC', 'CTCC', 'CBN'].map((carrier) => ({
      carrier,
      kind: 'notification',
      unit_price: CUSTOMER_PRICE,
    })),
  });
  const customerKeys: string[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    const customer = await call(port, resellerKey, 'POST', '/v1/accounts', {
      name: `商户${index}`,
      kind: 'customer',
    });
    await call(port, resellerKey, 'POST', `/v1/accounts/${customer.id as string}/top-ups`, {
      amount: total * CUSTOMER_PRICE,
      reference: 'bench',
    });
    customerKeys.push(
      (
        await call(port, resellerKey, 'POST', `/v1/accounts/${customer.id as string}/api-keys`, {
          name: 'bench',
        })
      ).key as string,
    );
  }
  return { resellerId, templateId, customerKeys };
}

async function sendBatches(port: number, tree: Tree, options: BenchOptions): Promise<number> {
  const bodies = tree.customerKeys.map((_, customer) =>
    Array.from({ length: options.batches }, (__, batch) =>
      batchBody(tree.templateId, customer, batch, options.recipients),
    ),
  );
  const results = await Promise.all(
    tree.customerKeys.map(async (key, customer) => {
      let accepted = 0;
      for (const body of bodies[customer]!)
        accepted += (JSON.parse(await post(port, key, '/v1/messages/batch', body)) as { accepted: number })
          .accepted;
      return accepted;
    }),
  );
  const accepted = results.reduce((sum, count) => sum + count, 0);
  const expected = options.customers * options.batches * options.recipients;
  if (accepted !== expected) throw new Error(`accepted ${accepted} of ${expected} recipients`);
  return accepted;
}

async function sendSingles(port: number, tree: Tree, options: BenchOptions): Promise<number> {
  let next = 0;
  const results = await Promise.all(
    tree.customerKeys.map(async (key, customer) => {
      let accepted = 0;
      while (next < options.singles) {
        const index = next++;
        const body = JSON.stringify({
          phone: `13${String(customer % 10)}${String(index).padStart(8, '0')}`,
          signature: '通道科技',
          template_id: tree.templateId,
          template_params: { name: '客户', order: `SO${index}` },
        });
        await post(port, key, '/v1/messages', body);
        accepted += 1;
      }
      return accepted;
    }),
  );
  return results.reduce((sum, count) => sum + count, 0);
}

/** Every ledger sums to its balance, nothing is negative, and the reseller reserved its cost of every recipient. */
async function verify(databaseUrl: string, resellerId: string, accepted: number): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const mismatched = await client.query(
      `SELECT s.account_id FROM (SELECT account_id, sum(balance) AS balance, sum(reserved) AS reserved,
                                        min(balance - reserved + credit) AS worst
                                   FROM balance_stripes GROUP BY account_id) s
         LEFT JOIN (SELECT account_id, sum(amount) AS balance, sum(reserved_delta) AS reserved
                      FROM ledger_entries GROUP BY account_id) l ON l.account_id = s.account_id
        WHERE l.balance IS DISTINCT FROM s.balance OR l.reserved IS DISTINCT FROM s.reserved OR s.worst < 0`,
    );
    if (mismatched.rowCount)
      throw new Error(`ledger and balance disagree for ${mismatched.rowCount} accounts`);
    const [reseller] = (
      await client.query(
        `SELECT sum(reserved)::bigint AS reserved FROM balance_stripes WHERE account_id = $1`,
        [resellerId],
      )
    ).rows as Array<{ reserved: string }>;
    if (Number(reseller!.reserved) !== accepted * RESELLER_COST)
      throw new Error(`reseller reserved ${reseller!.reserved}, expected ${accepted * RESELLER_COST}`);
  });
  console.log(
    'money checked: every ledger sums to its balance, no stripe below zero, reseller reserved its cost of every recipient',
  );
}

function batchBody(templateId: string, customer: number, batch: number, size: number): string {
  const recipients = Array.from({ length: size }, (_, index) => ({
    phone: `13${customer % 10}${String(((customer * 97 + batch) * size + index) % 100_000_000).padStart(8, '0')}`,
    template_params: { name: `客户${index}`, order: `SO${batch}-${index}` },
    client_ref: `c${customer}-b${batch}-${index}`,
  }));
  return JSON.stringify({ signature: '通道科技', template_id: templateId, recipients });
}

async function call(
  port: number,
  key: string,
  method: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  return JSON.parse(await send(port, key, method, path, JSON.stringify(body))) as Record<string, unknown>;
}

function parseOptions(args: string[]): BenchOptions {
  if (args[0] === '--single') {
    const [singles = 20_000, customers = 50] = args.slice(1).map(Number);
    return { mode: 'single', singles, customers, batches: 0, recipients: 0 };
  }
  const [batches = 2, recipients = 5000, customers = 50] = args.map(Number);
  return { mode: 'batch', batches, recipients, customers, singles: 0 };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
