/**
 * End-to-end benchmark: messages per second from API accept to receipt stored, with the API, the dispatcher(s) and
 * the carrier simulator each in its own process, against real PostgreSQL and Redis.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     node -r @swc-node/register bench/e2e/run.ts [--messages 100000] [--batch 5000] [--concurrency 2]
 *       [--dispatchers 1] [--report-delay 0-50] [--mix verification:0,notification:100,marketing:0]
 *
 * A fresh database is created on DATABASE_URL's server and dropped afterwards. The run ends when every message is
 * final; the figure is messages / (time the last message became final − time the first batch was sent). The
 * simulator's duplicate count is printed with it, so the figure comes with proof that nothing was sent twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Client } from 'pg';
import { SecretBox } from '../../libs/platform/src/crypto/secret-box';
import { generateApiKey, generateSigningSecret } from '../../apps/api/src/auth/api-key-format';
import { ALL_SCOPES } from '../../apps/api/src/auth/scope';
import { ChildApp, freeAppPorts, startChildApp } from '../../test/support/child-app';

interface Options {
  messages: number;
  batch: number;
  concurrency: number;
  dispatchers: number;
  reportDelay: string;
  mix: Record<string, number>;
  keep: boolean;
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1]!;
}

function parseOptions(): Options {
  const mix = Object.fromEntries(
    option('mix', 'verification:0,notification:100,marketing:0')
      .split(',')
      .map((pair) => pair.split(':'))
      .map(([kind, share]) => [kind!, Number(share)]),
  );
  return {
    messages: Number(option('messages', '100000')),
    batch: Number(option('batch', '5000')),
    concurrency: Number(option('concurrency', '2')),
    dispatchers: Number(option('dispatchers', '1')),
    reportDelay: option('report-delay', '0-50'),
    mix,
    keep: process.argv.includes('--keep'),
  };
}

/** Mobile 55%, Unicom 25%, Telecom 20%: roughly the mainland market. */
const PREFIXES = ['139', '138', '135', '150', '187', '130', '156', '186', '189', '133', '199'];

function phoneFor(index: number): string {
  return `${PREFIXES[index % PREFIXES.length]}${String(index).padStart(8, '0')}`;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!serverUrl || !redisUrl)
    throw new Error('Set DATABASE_URL (a server; a fresh database is made) and REDIS_URL');
  const options = parseOptions();
  const database = `tongdao_e2e_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${database}`);
  const children: ChildApp[] = [];
  try {
    await run(withDatabase(serverUrl, database), redisUrl, options, children);
  } catch (error) {
    for (const child of children)
      process.stderr.write(
        `--- ${child.process.pid} output (tail)\n${child.output().split('\n').slice(-40).join('\n')}\n`,
      );
    throw error;
  } finally {
    for (const child of children.reverse()) await child.stop('SIGTERM');
    if (!options.keep) await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function run(
  databaseUrl: string,
  redisUrl: string,
  options: Options,
  children: ChildApp[],
): Promise<void> {
  const { ports, env: portEnv } = await freeAppPorts();
  const secretsKey = randomBytes(32).toString('hex');
  const env = {
    ...process.env,
    ...portEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SECRETS_KEY: secretsKey,
    SIM_REPORT_DELAY_MS: options.reportDelay,
    SIM_SUBMIT_LATENCY_MS: '0-0',
  };
  const simulator = startChildApp('apps/carrier-sim/src/main.ts', env);
  children.push(simulator);
  await waitForHttp(ports.SIM_CONTROL_PORT, '/gateways');
  const api = startChildApp('apps/api/src/main.ts', env);
  children.push(api);
  await waitForHttp(ports.API_PORT, '/readyz');
  const seed = await seedSender(databaseUrl, secretsKey);
  for (let index = 0; index < options.dispatchers; index += 1) {
    const port = index === 0 ? ports.DISPATCHER_HEALTH_PORT : ports.DISPATCHER_HEALTH_PORT + 100 + index;
    const dispatcher = startChildApp('apps/dispatcher/src/main.ts', {
      ...env,
      DISPATCHER_HEALTH_PORT: String(port),
      DISPATCHER_ID: `bench-dispatcher-${index}`,
      START_SIMULATOR: 'false',
    });
    children.push(dispatcher);
    await waitForHttp(port, '/readyz');
  }
  const pids = Object.fromEntries(
    children.map((child, index) => [
      index === 0 ? 'simulator' : index === 1 ? 'api' : `dispatcher${index - 2}`,
      child.process.pid!,
    ]),
  );
  const cpuBefore = cpuSeconds(pids);

  const bodies = buildBodies(seed, options);
  const started = Date.now();
  let acceptedAt = 0;
  let next = 0;
  let accepted = 0;
  const sender = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const result = JSON.parse(await post(ports.API_PORT, seed.apiKey, body)) as { accepted: number };
      accepted += result.accepted;
    }
  };
  const progress = watchProgress(databaseUrl, options.messages, started);
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  acceptedAt = Date.now();
  const finishedAt = await progress;
  const cpuAfter = cpuSeconds(pids);

  const seconds = (finishedAt - started) / 1000;
  const stats = await finalStats(databaseUrl);
  const duplicates = await simulatorDuplicates(ports.SIM_CONTROL_PORT);
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  console.log(
    JSON.stringify(
      {
        messages: options.messages,
        accepted,
        acceptSeconds: (acceptedAt - started) / 1000,
        acceptPerSecond: Math.round(accepted / ((acceptedAt - started) / 1000)),
        endToEndSeconds: seconds,
        endToEndPerSecond: Math.round(options.messages / seconds),
        latencyMs: stats.latency,
        statuses: stats.statuses,
        simulator: duplicates,
        cpuSeconds: Object.fromEntries(
          Object.keys(pids).map((name) => [name, +(cpuAfter[name]! - cpuBefore[name]!).toFixed(1)]),
        ),
        dispatchers: options.dispatchers,
        loadavg: load,
      },
      null,
      2,
    ),
  );
}

interface Seed {
  apiKey: string;
  templates: Record<string, string>;
}

/** The operator account with a key, an approved signature and one approved template per kind, straight in SQL. */
async function seedSender(databaseUrl: string, secretsKey: string): Promise<Seed> {
  const key = generateApiKey();
  const accountId = randomUUID();
  const templates: Record<string, string> = {
    verification: randomUUID(),
    notification: randomUUID(),
    marketing: randomUUID(),
  };
  const bodies: Record<string, string> = {
    verification: '您的验证码是${code}，5分钟内有效，请勿告诉他人。',
    notification: '亲爱的${name}，您的订单${order}已发货，请注意查收。',
    marketing: '${name}您好，会员日全场8折，详情见App。回TD退订',
  };
  const secrets = new SecretBox(Buffer.from(secretsKey, 'hex'), 'api-key-signing-secret');
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'Bench operator')`,
      [accountId, `/${accountId}/`],
    );
    await client.query(
      `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, scopes, signing_secret_encrypted)
       VALUES ($1, $2, 'bench', $3, $4, $5, $6)`,
      [
        randomUUID(),
        accountId,
        key.prefix,
        key.secretHash,
        [...ALL_SCOPES],
        secrets.seal(generateSigningSecret()),
      ],
    );
    await client.query(
      `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, '通道科技', 'approved')`,
      [randomUUID(), accountId],
    );
    for (const [kind, id] of Object.entries(templates)) {
      const variables = [...bodies[kind]!.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
      await client.query(
        `INSERT INTO templates (id, account_id, name, kind, body, variables, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'approved')`,
        [id, accountId, `bench ${kind}`, kind, bodies[kind], variables],
      );
    }
  });
  return { apiKey: key.fullKey, templates };
}

function buildBodies(seed: Seed, options: Options): string[] {
  const total = Object.values(options.mix).reduce((sum, share) => sum + share, 0);
  const kinds = Object.entries(options.mix).filter(([, share]) => share > 0);
  const bodies: string[] = [];
  let index = 0;
  let batchNumber = 0;
  while (index < options.messages) {
    const size = Math.min(options.batch, options.messages - index);
    // Kinds interleave batch by batch in proportion to the mix.
    const pick = (batchNumber * 7919) % total;
    let cumulative = 0;
    const kind = kinds.find(([, share]) => (cumulative += share) > pick)![0];
    const recipients = Array.from({ length: size }, (_, offset) => {
      const n = index + offset;
      return {
        phone: phoneFor(n),
        template_params:
          kind === 'verification'
            ? { code: String(100000 + (n % 900000)) }
            : { name: `客户${n % 1000}`, order: `SO${n}` },
        client_ref: `e2e-${n}`,
      };
    });
    bodies.push(JSON.stringify({ signature: '通道科技', template_id: seed.templates[kind], recipients }));
    index += size;
    batchNumber += 1;
  }
  return bodies;
}

/** Resolves with the time the last message became final (polls a cheap count). */
async function watchProgress(databaseUrl: string, total: number, started: number): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let lastPrint = 0;
    for (;;) {
      const rows = await client.query<{ final: string; latest: Date | null }>(
        `SELECT count(*) AS final, max(done_at) AS latest FROM messages WHERE done_at IS NOT NULL`,
      );
      const final = Number(rows.rows[0]!.final);
      if (Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${final}/${total} final\n`);
      }
      if (final >= total) return rows.rows[0]!.latest!.getTime();
      if (Date.now() - started > Number(process.env.E2E_TIMEOUT_MS ?? 30 * 60_000))
        throw new Error(`only ${final}/${total} final in time`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}

async function finalStats(
  databaseUrl: string,
): Promise<{ latency: Record<string, number>; statuses: Record<string, number> }> {
  let result = { latency: {}, statuses: {} };
  await withClient(databaseUrl, async (client) => {
    const latency = await client.query<{ p50: number; p95: number; p99: number; max: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
         FROM (SELECT extract(epoch FROM done_at - created_at) * 1000 AS ms FROM messages) t`,
    );
    const statuses = await client.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM messages GROUP BY status`,
    );
    const row = latency.rows[0]!;
    result = {
      latency: {
        p50: Math.round(row.p50),
        p95: Math.round(row.p95),
        p99: Math.round(row.p99),
        max: Math.round(row.max),
      },
      statuses: Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)])),
    };
  });
  return result;
}

async function simulatorDuplicates(port: number): Promise<Record<string, unknown>> {
  const gateways = JSON.parse(await get(port, '/gateways')) as
    Array<{ name: string }> | { gateways: Array<{ name: string }> };
  const list = Array.isArray(gateways) ? gateways : gateways.gateways;
  const summary: Record<string, unknown> = {};
  for (const gateway of list) {
    const body = JSON.parse(await get(port, `/gateways/${gateway.name}/summary`)) as {
      messages: number;
      duplicates: number;
    };
    if (body.messages > 0) summary[gateway.name] = { messages: body.messages, duplicates: body.duplicates };
  }
  return summary;
}

function cpuSeconds(pids: Record<string, number>): Record<string, number> {
  const ticks = 100;
  return Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return [name, (Number(fields[11]) + Number(fields[12])) / ticks];
      } catch {
        return [name, 0];
      }
    }),
  );
}

async function waitForHttp(port: number, path: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await get(port, path);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks).toString('utf8'))
          : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function post(port: number, apiKey: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/messages/batch',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${apiKey}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 202) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 500)}`));
          else resolve(text);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(sql));
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
