/**
 * Ingest benchmark: recipients accepted per second through POST /v1/messages/batch against real PostgreSQL.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres [REDIS_URL=redis://127.0.0.1:6379] \
 *     node -r @swc-node/register bench/ingest/run.ts [batches=20] [concurrency=3] [recipients=10000]
 *
 * Creates a fresh database on DATABASE_URL's server, runs the API in this process on a loopback port, and drops
 * the database afterwards.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { loadConfig } from '@tongdao/config';
import { AccountProvisioning } from '../../apps/api/src/accounts/account-provisioning';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp } from '../../apps/api/src/configure-api-app';
import { admin, withClient, withDatabase } from '../support/database';
import { post } from '../support/http';

interface BenchOptions {
  batches: number;
  concurrency: number;
  recipients: number;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (a fresh database is created on it)');
  const options = parseOptions(process.argv.slice(2));
  const database = `tongdao_bench_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${database}`);
  try {
    await run(withDatabase(serverUrl, database), options);
  } finally {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function run(databaseUrl: string, options: BenchOptions): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(options.concurrency + 2),
    REDIS_URL: process.env.REDIS_URL,
    API_PORT: '0',
  });
  const app = await NestFactory.create(ApiModule.forRoot(config), { logger: ['warn', 'error'] });
  configureApiApp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  try {
    const key = await seed(app.get(AccountProvisioning), databaseUrl);
    const bodies = Array.from({ length: options.batches }, (_, batch) =>
      batchBody(key.templateId, batch, options.recipients),
    );
    await post(port, key.apiKey, '/v1/messages/batch', bodies[0]!); // warm-up: JIT, connection pool, plan cache
    const started = process.hrtime.bigint();
    let next = 0;
    let accepted = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const result = JSON.parse(await post(port, key.apiKey, '/v1/messages/batch', body)) as {
          accepted: number;
        };
        accepted += result.accepted;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const expected = options.batches * options.recipients;
    if (accepted !== expected) throw new Error(`accepted ${accepted} of ${expected} recipients`);
    console.log(
      `ingest: ${accepted} recipients in ${options.batches} batches of ${options.recipients}, concurrency ${options.concurrency}: ` +
        `${seconds.toFixed(2)} s, ${Math.round(accepted / seconds)} recipients/s`,
    );
  } finally {
    await app.close();
  }
}

async function seed(
  provisioning: AccountProvisioning,
  databaseUrl: string,
): Promise<{ apiKey: string; templateId: string }> {
  const operator = await provisioning.ensureOperator('Bench operator');
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
  return { apiKey: operator.key!.fullKey, templateId };
}

function batchBody(templateId: string, batch: number, size: number): string {
  const recipients = Array.from({ length: size }, (_, index) => ({
    phone: `1${39 - (batch % 5)}${String(batch * size + index).padStart(8, '0')}`,
    template_params: { name: `客户${index}`, order: `SO${batch}-${index}` },
    client_ref: `b${batch}-${index}`,
  }));
  return JSON.stringify({ signature: '通道科技', template_id: templateId, recipients });
}

function parseOptions(args: string[]): BenchOptions {
  const [batches = 20, concurrency = 3, recipients = 10_000] = args.map(Number);
  return { batches, concurrency, recipients };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
