/**
 * The whole gateway for end-to-end benchmarks: the carrier simulator, the API, dispatchers and optionally a worker,
 * each in its own process, on a fresh database of DATABASE_URL's server and on REDIS_URL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { SecretBox } from '../../libs/platform/src/crypto/secret-box';
import { generateApiKey, generateSigningSecret } from '../../apps/api/src/auth/api-key-format';
import { ALL_SCOPES } from '../../apps/api/src/auth/scope';
import { AppPorts, ChildApp, freeAppPorts, startChildApp } from '../../test/support/child-app';
import { admin, withClient, withDatabase } from '../support/database';
export { admin, withClient } from '../support/database';
export { post } from '../support/http';

export interface StackOptions {
  /** Simulator report delay range in ms, e.g. `0-50`. */
  reportDelay: string;
  dispatchers: number;
  worker: boolean;
  /** Leave the dispatchers to `startDispatchers()` (to load a backlog first). */
  deferDispatchers?: boolean;
  /** Extra environment for every process (e.g. SIM_* behaviour, DISPATCHER_* tuning). */
  env?: Record<string, string>;
  keep?: boolean;
  /** The customer's endpoint for final-status report webhooks (on 127.0.0.1), as a customer would set it. */
  reportsUrl?: string;
}

export interface Stack {
  databaseUrl: string;
  ports: AppPorts;
  apiKey: string;
  templates: Record<'verification' | 'notification' | 'marketing', string>;
  /** Process name → pid, for CPU accounting. */
  pids: Record<string, number>;
  children: ChildApp[];
  startDispatchers(): Promise<void>;
  stop(): Promise<void>;
}

export const SIGNATURE = '通道科技';

const TEMPLATE_BODIES = {
  verification: '您的验证码是${code}，5分钟内有效，请勿告诉他人。',
  notification: '亲爱的${name}，您的订单${order}已发货，请注意查收。',
  marketing: '${name}您好，会员日全场8折，详情见App。回TD退订',
} as const;

export async function startStack(options: StackOptions): Promise<Stack> {
  const serverUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!serverUrl || !redisUrl)
    throw new Error('Set DATABASE_URL (a server; a fresh database is made) and REDIS_URL');
  const database = `tongdao_e2e_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(serverUrl, database);
  const children: ChildApp[] = [];
  const pids: Record<string, number> = {};
  const stop = async (): Promise<void> => {
    for (const child of [...children].reverse()) await child.stop('SIGTERM');
    if (!options.keep) await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  try {
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
      // Leases, rate buckets and statistics of this run only: concurrent runs must not share them.
      REDIS_KEY_PREFIX: `${database}:`,
      SIM_REPORT_DELAY_MS: options.reportDelay,
      SIM_SUBMIT_LATENCY_MS: '0-0',
      // Marketing sent between 22:00 and 08:00 Asia/Shanghai (14:00-24:00 UTC) would be held until morning: a
      // benchmark measures the message path, whatever the hour it runs at.
      COMPLIANCE_QUIET_HOURS: 'off',
      ...(options.reportsUrl ? { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } : {}),
      ...options.env,
    };
    const start = (name: string, entry: string, extra: Record<string, string> = {}): ChildApp => {
      const child = startChildApp(entry, { ...env, ...extra });
      children.push(child);
      pids[name] = child.process.pid!;
      return child;
    };
    start('simulator', 'apps/carrier-sim/src/main.ts');
    await waitForHttp(ports.SIM_CONTROL_PORT, '/gateways');
    start('api', 'apps/api/src/main.ts');
    await waitForHttp(ports.API_PORT, '/readyz');
    const seed = await seedSender(databaseUrl, secretsKey);
    if (options.reportsUrl) await subscribeToFinalReports(databaseUrl, seed.accountId, options.reportsUrl);
    if (options.worker) {
      start('worker', 'apps/worker/src/main.ts');
      await waitForHttp(ports.WORKER_HEALTH_PORT, '/readyz');
    }
    const startDispatchers = async (): Promise<void> => {
      for (let index = 0; index < options.dispatchers; index += 1) {
        const port = index === 0 ? ports.DISPATCHER_HEALTH_PORT : ports.DISPATCHER_HEALTH_PORT + 100 + index;
        start(`dispatcher${index}`, 'apps/dispatcher/src/main.ts', {
          DISPATCHER_HEALTH_PORT: String(port),
          DISPATCHER_ID: `bench-dispatcher-${index}`,
        });
        await waitForHttp(port, '/readyz');
      }
    };
    if (!options.deferDispatchers) await startDispatchers();
    return {
      databaseUrl,
      ports,
      apiKey: seed.apiKey,
      templates: seed.templates,
      pids,
      children,
      startDispatchers,
      stop,
    };
  } catch (error) {
    dumpOutputs(children);
    await stop();
    throw error;
  }
}

export function dumpOutputs(children: readonly ChildApp[]): void {
  for (const child of children)
    process.stderr.write(
      `--- pid ${child.process.pid} output (tail)\n${child.output().split('\n').slice(-40).join('\n')}\n`,
    );
}

/** The operator account with a key, an approved signature and one approved template per kind, straight in SQL. */
async function seedSender(
  databaseUrl: string,
  secretsKey: string,
): Promise<{ accountId: string; apiKey: string; templates: Stack['templates'] }> {
  const key = generateApiKey();
  const accountId = randomUUID();
  const templates = { verification: randomUUID(), notification: randomUUID(), marketing: randomUUID() };
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
      `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, $3, 'approved')`,
      [randomUUID(), accountId, SIGNATURE],
    );
    for (const [kind, id] of Object.entries(templates) as Array<[keyof typeof TEMPLATE_BODIES, string]>) {
      const body = TEMPLATE_BODIES[kind];
      const variables = [...body.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
      await client.query(
        `INSERT INTO templates (id, account_id, name, kind, body, variables, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'approved')`,
        [id, accountId, `bench ${kind}`, kind, body, variables],
      );
    }
  });
  return { accountId, apiKey: key.fullKey, templates };
}

/** Final statuses only, as a receipt callback (Kannel's dlr-url with its final-report mask) carries them. */
async function subscribeToFinalReports(databaseUrl: string, accountId: string, url: string): Promise<void> {
  await withClient(databaseUrl, (client) =>
    client.query(
      `INSERT INTO webhook_settings (account_id, reports_url, report_statuses) VALUES ($1, $2, $3)`,
      [accountId, url, ['DELIVERED', 'UNDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED']],
    ),
  );
}

/** Mobile 55%, Unicom 25%, Telecom 20%: roughly the mainland market. */
const PREFIXES = ['139', '138', '135', '150', '187', '130', '156', '186', '189', '133', '199'];

export function phoneFor(index: number): string {
  return `${PREFIXES[index % PREFIXES.length]}${String(index).padStart(8, '0')}`;
}

export function recipient(kind: keyof typeof TEMPLATE_BODIES, index: number): Record<string, unknown> {
  return {
    phone: phoneFor(index),
    template_params:
      kind === 'verification'
        ? { code: String(100000 + (index % 900000)) }
        : kind === 'marketing'
          ? { name: `客户${index % 1000}` }
          : { name: `客户${index % 1000}`, order: `SO${index}` },
    client_ref: `e2e-${index}`,
  };
}

export function cpuSeconds(pids: Record<string, number>): Record<string, number> {
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

/**
 * CPU seconds of the local PostgreSQL server's processes (backends, WAL writer, checkpointer), and of the whole
 * machine busy and idle: with the apps' own figures they say where a run's CPU went and whether it was saturated.
 * Backends that exit during the run take their share with them, so run it while the apps' pools are open.
 */
export function machineCpu(): { postgres: number; busy: number; idle: number; steal: number } {
  const ticks = 100;
  let postgres = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes(' (postgres) ')) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      postgres += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const values = times.map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are the time nothing ran; steal, the time the
  // virtual machine's host ran something else instead.
  const idle = values[3]! + values[4]!;
  const steal = values[7]!;
  const busy = values.slice(0, 7).reduce((sum, value) => sum + value, 0) - idle;
  return { postgres: postgres / ticks, busy: busy / ticks, idle: idle / ticks, steal: steal / ticks };
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').trim();
}

/** What each simulated gateway received, with its duplicate count. */
export async function simulatorSummary(port: number): Promise<Record<string, unknown>> {
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

export async function waitForHttp(port: number, path: string): Promise<void> {
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

export function get(port: number, path: string): Promise<string> {
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
