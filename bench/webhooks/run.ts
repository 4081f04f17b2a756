/**
 * Webhook throughput: report events delivered per second to a local HTTP receiver, batching on, by worker
 * processes against real PostgreSQL. A backlog of message status changes is written to the outbox first; then the
 * worker(s) start, fan the events out into the delivery queue and POST them in signed batches.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:webhooks -- [--events 200000] [--accounts 4] [--batch 100] [--workers 1] [--lanes 4]
 *       [--concurrency 32] [--keep]
 *
 * `--workers 0` starts none and prints the database URL, so a worker can be run by hand (under a profiler, say).
 *
 * Printed: events/s from the first to the last delivered event (the delivery rate), events/s from worker start
 * (fan-out, delivery and start-up together), requests and mean batch size, duplicates (none expected), the CPU
 * seconds of the workers, of their PostgreSQL backends and of the receiver (on a busy machine these say more than
 * the rate), and the load average at the time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateWithLock } from '../../libs/database/src';
import { ChildApp, freePorts, startChildApp } from '../../test/support/child-app';
import { admin, cpuSeconds, loadAverage } from '../e2e/stack';
import { option } from '../support/options';
import { startWebhookReceiver } from '../support/webhook-receiver';

interface Options {
  events: number;
  accounts: number;
  batch: number;
  workers: number;
  lanes: number;
  concurrency: number;
  keep: boolean;
}

function options(): Options {
  return {
    events: Number(option('events', '200000')),
    accounts: Number(option('accounts', '4')),
    batch: Number(option('batch', '100')),
    workers: Number(option('workers', '1')),
    lanes: Number(option('lanes', '4')),
    concurrency: Number(option('concurrency', '32')),
    keep: process.argv.includes('--keep'),
  };
}

async function seed(databaseUrl: string, opts: Options, receiverPort: number): Promise<void> {
  const dataSource = new DataSource(
    dataSourceOptions({ url: databaseUrl, poolSize: 2, applicationName: 'bench' }),
  );
  await dataSource.initialize();
  try {
    await migrateWithLock(dataSource);
    const operator = randomUUID();
    await dataSource.query(
      `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'bench')`,
      [operator, `/${operator}/`],
    );
    for (let index = 0; index < opts.accounts; index++) {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, $2, $3, 1, 'customer', $4)`,
        [id, operator, `/${operator}/${id}/`, `customer ${index}`],
      );
      await dataSource.query(`INSERT INTO webhook_settings (account_id, reports_url) VALUES ($1, $2)`, [
        id,
        `http://127.0.0.1:${receiverPort}/reports/${index}`,
      ]);
    }
    // The report consumer starts at the beginning of the outbox, so the whole backlog is delivered.
    await dataSource.query(`INSERT INTO outbox_consumers (name) VALUES ('webhooks:reports')`);
    const chunk = 50_000;
    for (let done = 0; done < opts.events; done += chunk) {
      await dataSource.query(
        `WITH acc AS (SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n FROM accounts WHERE kind = 'customer'),
         ins AS (
           INSERT INTO messages (id, created_at, account_id, phone, content, signature, kind, encoding, segments, status,
                                 carrier, send_at, queued_at, updated_at, client_ref)
           SELECT gen_random_uuid(), now(), acc.id, '+86139' || lpad(g::text, 8, '0'), 'bench', 'Tongdao',
                  'notification', 'UCS2', 1, 'QUEUED', 'CMCC', now(), now(), now(), 'ref-' || g
             FROM generate_series($1::int, $2::int) g JOIN acc ON acc.n = g % $3
           RETURNING id, created_at, account_id)
         INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status)
         SELECT id, created_at, created_at, account_id, 'QUEUED' FROM ins`,
        [done, Math.min(done + chunk, opts.events) - 1, opts.accounts],
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const opts = options();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set DATABASE_URL (a server; a fresh database is made)');
  const database = `tongdao_webhooks_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const receiver = await startWebhookReceiver();
  const workers: ChildApp[] = [];
  try {
    const seeding = performance.now();
    await seed(databaseUrl, opts, receiver.port);
    console.log(`seeded ${opts.events} events in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const ports = await freePorts(opts.workers);
    const started = performance.now();
    const receiverCpuStart = process.cpuUsage();
    // One key for every worker: a secret one worker seals, the others must open.
    const secretsKey = randomBytes(32).toString('hex');
    for (const port of ports) {
      const worker = startChildApp('apps/worker/src/main.ts', {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        SECRETS_KEY: secretsKey,
        WORKER_HEALTH_PORT: String(port),
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_BATCH_SIZE: String(opts.batch),
        WEBHOOK_ENDPOINT_LANES: String(opts.lanes),
        WEBHOOK_CONCURRENCY: String(opts.concurrency),
        WEBHOOK_ACCOUNT_MAX_IN_FLIGHT: String(opts.concurrency),
      });
      workers.push(worker);
    }
    if (opts.workers === 0)
      console.log(
        `no workers started: run one yourself (e.g. under --cpu-prof) with DATABASE_URL=${databaseUrl} ` +
          `WEBHOOK_ALLOWED_HOSTS=127.0.0.1 WORKER_HEALTH_PORT=<free port>`,
      );
    const deadline = Date.now() + 30 * 60_000;
    let lastReport = Date.now();
    while (receiver.seen.size < opts.events && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const worker of workers)
        if (worker.process.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        console.log(`  … ${receiver.seen.size} / ${opts.events} delivered`);
      }
    }
    const { stats } = receiver;
    const databaseCpu = await backendCpuSeconds(databaseUrl);
    const receiverCpu = process.cpuUsage(receiverCpuStart);
    const deliverySeconds = (stats.last - stats.first) / 1000;
    const totalSeconds = (stats.last - started) / 1000;
    const cpu = cpuSeconds(
      Object.fromEntries(workers.map((worker, index) => [`worker${index}`, worker.process.pid!])),
    );
    console.log(
      JSON.stringify(
        {
          events: opts.events,
          delivered: receiver.seen.size,
          duplicates: stats.events - receiver.seen.size,
          requests: stats.requests,
          meanBatch: Number((stats.events / stats.requests).toFixed(1)),
          deliveryEventsPerSecond: Math.round(receiver.seen.size / deliverySeconds),
          fromWorkerStartEventsPerSecond: Math.round(receiver.seen.size / totalSeconds),
          deliverySeconds: Number(deliverySeconds.toFixed(2)),
          workerCpuSeconds: cpu,
          postgresBackendCpuSeconds: databaseCpu,
          receiverCpuSeconds: Number(((receiverCpu.user + receiverCpu.system) / 1e6).toFixed(2)),
          options: opts,
          loadAverage: loadAverage(),
        },
        null,
        2,
      ),
    );
  } finally {
    for (const worker of workers) await worker.stop('SIGTERM');
    await receiver.close();
    if (!opts.keep) await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

/** CPU the PostgreSQL backends serving the workers have used (they live as long as the workers' pools). */
async function backendCpuSeconds(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'tongdao-worker%'`,
    );
    const seconds = cpuSeconds(Object.fromEntries(rows.map((row) => [String(row.pid), row.pid])));
    return Number(
      Object.values(seconds)
        .reduce((sum, value) => sum + value, 0)
        .toFixed(2),
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
