/**
 * Failover: China Mobile traffic flows at a steady rate over the two simulated Mobile channels; mid-run one gateway
 * turns into a black hole (accepts TCP, answers nothing). Measures how long until every message accepted before the
 * failure is submitted on the redundant channel, how long messages accepted after it take, and whether the carrier
 * side received each message exactly once.
 *
 *   DATABASE_URL=… REDIS_URL=… npm run bench:failover -- [--rate 1000] [--seconds 20] [--fail-at 8] [--gateway cmpp3]
 */
import { request } from 'node:http';
import {
  dumpOutputs,
  loadAverage,
  post,
  SIGNATURE,
  simulatorSummary,
  Stack,
  startStack,
  withClient,
} from './stack';
import { option } from '../support/options';

const RATE = Number(option('rate', '1000'));
const SECONDS = Number(option('seconds', '20'));
const FAIL_AT = Number(option('fail-at', '8'));
const GATEWAY = option('gateway', 'cmpp3');
const TICK_MS = 100;
/** China Mobile prefixes only: both Mobile channels compete for this traffic. */
const MOBILE = ['139', '138', '135', '150', '187', '134', '182'];

async function main(): Promise<void> {
  const stack = await startStack({ reportDelay: '0-50', dispatchers: 1, worker: false });
  try {
    await run(stack);
  } catch (error) {
    dumpOutputs(stack.children);
    throw error;
  } finally {
    await stack.stop();
  }
}

async function run(stack: Stack): Promise<void> {
  let sequence = 0;
  const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
  const pending: Promise<unknown>[] = [];
  const started = Date.now();
  let failedAt = 0;
  const sender = setInterval(() => {
    const recipients = Array.from({ length: perTick }, () => {
      const n = sequence++;
      return {
        phone: `${MOBILE[n % MOBILE.length]}${String(n).padStart(8, '0')}`,
        template_params: { name: `客户${n % 100}`, order: `F${n}` },
      };
    });
    const body = JSON.stringify({
      signature: SIGNATURE,
      template_id: stack.templates.notification,
      recipients,
    });
    pending.push(post(stack.ports.API_PORT, stack.apiKey, '/v1/messages/batch', body));
  }, TICK_MS);
  const failure = setTimeout(() => {
    failedAt = Date.now();
    void patch(stack.ports.SIM_CONTROL_PORT, `/gateways/${GATEWAY}`, { blackHole: true });
  }, FAIL_AT * 1000);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  clearInterval(sender);
  clearTimeout(failure);
  await Promise.all(pending);
  await waitUntilNoneQueued(stack.databaseUrl);
  const figures = await measure(stack.databaseUrl, new Date(failedAt));
  const simulator = await simulatorSummary(stack.ports.SIM_CONTROL_PORT);
  const gateways = Object.values(simulator) as Array<{ messages: number; duplicates: number }>;
  console.log(
    JSON.stringify(
      {
        messages: sequence,
        rate: RATE,
        failedGateway: GATEWAY,
        failedAfterSeconds: (failedAt - started) / 1000,
        ...figures,
        carrierReceivedOnce: gateways.reduce(
          (sum, gateway) => sum + gateway.messages - gateway.duplicates,
          0,
        ),
        carrierDuplicates: gateways.reduce((sum, gateway) => sum + gateway.duplicates, 0),
        simulator,
        loadavg: loadAverage(),
      },
      null,
      2,
    ),
  );
}

async function waitUntilNoneQueued(databaseUrl: string): Promise<void> {
  for (let round = 0; round < 1200; round += 1) {
    let queued = 1;
    await withClient(databaseUrl, async (client) => {
      const rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM dispatch_queue`);
      queued = Number(rows.rows[0]!.n);
    });
    if (queued === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('messages still queued two minutes after the run');
}

async function measure(databaseUrl: string, failedAt: Date): Promise<Record<string, unknown>> {
  let figures: Record<string, unknown> = {};
  await withClient(databaseUrl, async (client) => {
    const before = await client.query<{ n: string; last: Date | null }>(
      `SELECT count(*) AS n, max(submitted_at) AS last FROM messages
        WHERE created_at < $1 AND (submitted_at IS NULL OR submitted_at >= $1)`,
      [failedAt],
    );
    const after = await client.query<{ p50: number; p99: number; max: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
              max(ms) AS max
         FROM (SELECT extract(epoch FROM submitted_at - created_at) * 1000 AS ms FROM messages WHERE created_at >= $1) t`,
      [failedAt],
    );
    const channels = await client.query<{ channel_id: string | null; status: string; n: string }>(
      `SELECT channel_id, status, count(*) AS n FROM messages GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const row = before.rows[0]!;
    figures = {
      pendingAtFailure: Number(row.n),
      lastPendingSubmittedSecondsAfterFailure: row.last
        ? (row.last.getTime() - failedAt.getTime()) / 1000
        : null,
      acceptedAfterFailureSubmitMs: {
        p50: Math.round(after.rows[0]!.p50),
        p99: Math.round(after.rows[0]!.p99),
        max: Math.round(after.rows[0]!.max),
      },
      byChannel: channels.rows.map((r) => `${r.channel_id ?? '-'} ${r.status} ${r.n}`),
    };
  });
  return figures;
}

function patch(port: number, path: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
