/**
 * Verification codes under bulk marketing: the time from API accept to carrier submit of single verification codes
 * while marketing flows at a steady rate, optionally on top of a marketing backlog loaded before dispatch starts.
 *
 *   DATABASE_URL=… REDIS_URL=… npm run bench:priority -- [--marketing-rate 3000] [--seconds 30] [--otp-rate 20]
 *     [--backlog 0] [--report-delay 0-50]
 *
 * Prints percentiles of accept → submitted (the carrier acknowledged every segment and the dispatcher committed
 * it) for the verification codes, and the marketing rate actually achieved.
 */
import {
  cpuSeconds,
  dumpOutputs,
  loadAverage,
  post,
  recipient,
  SIGNATURE,
  Stack,
  startStack,
  withClient,
} from './stack';
import { numberOption } from '../support/options';

const MARKETING_RATE = numberOption('marketing-rate', 3000);
const SECONDS = numberOption('seconds', 30);
const OTP_RATE = numberOption('otp-rate', 20);
const BACKLOG = numberOption('backlog', 0);
const REPORT_DELAY = (() => {
  const index = process.argv.indexOf('--report-delay');
  return index === -1 ? '0-50' : process.argv[index + 1]!;
})();
const BACKLOG_BATCH = 10_000;
const TICK_MS = 100;

async function main(): Promise<void> {
  const stack = await startStack({
    reportDelay: REPORT_DELAY,
    dispatchers: 1,
    worker: false,
    deferDispatchers: true,
  });
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
  const batch = (kind: 'marketing' | 'verification', size: number): string =>
    JSON.stringify({
      signature: SIGNATURE,
      template_id: stack.templates[kind],
      recipients: Array.from({ length: size }, () => recipient(kind, sequence++)),
    });
  for (let loaded = 0; loaded < BACKLOG; loaded += BACKLOG_BATCH)
    await postAll(
      stack.ports.API_PORT,
      stack.apiKey,
      '/v1/messages/batch',
      batch('marketing', Math.min(BACKLOG_BATCH, BACKLOG - loaded)),
    );
  await stack.startDispatchers();
  const cpuBefore = cpuSeconds(stack.pids);
  const started = Date.now();
  const pending: Promise<unknown>[] = [];
  const perTick = Math.max(1, Math.round((MARKETING_RATE * TICK_MS) / 1000));
  const marketing = setInterval(() => {
    pending.push(
      postAll(stack.ports.API_PORT, stack.apiKey, '/v1/messages/batch', batch('marketing', perTick)),
    );
  }, TICK_MS);
  const otp = setInterval(() => {
    const body = JSON.stringify({
      signature: SIGNATURE,
      template_id: stack.templates.verification,
      ...recipient('verification', sequence++),
    });
    pending.push(post(stack.ports.API_PORT, stack.apiKey, '/v1/messages', body));
  }, 1000 / OTP_RATE);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  clearInterval(marketing);
  clearInterval(otp);
  await Promise.all(pending);
  await waitForVerificationCodes(stack.databaseUrl);
  const cpuAfter = cpuSeconds(stack.pids);
  const figures = await measure(stack.databaseUrl, started);
  console.log(
    JSON.stringify(
      {
        ...figures,
        marketingRateOffered: MARKETING_RATE,
        backlog: BACKLOG,
        seconds: SECONDS,
        cpuSeconds: Object.fromEntries(
          Object.keys(stack.pids).map((name) => [
            name,
            +((cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0)).toFixed(1),
          ]),
        ),
        loadavg: loadAverage(),
      },
      null,
      2,
    ),
  );
}

/** Posts a batch and insists every recipient was accepted (a rejected recipient would skew the figures). */
async function postAll(port: number, apiKey: string, path: string, body: string): Promise<void> {
  const result = JSON.parse(await post(port, apiKey, path, body)) as { rejected: number; results: unknown[] };
  if (result.rejected > 0)
    throw new Error(`recipients rejected: ${JSON.stringify(result.results.slice(0, 2))}`);
}

async function waitForVerificationCodes(databaseUrl: string): Promise<void> {
  for (let round = 0; round < 600; round += 1) {
    let left = 1;
    await withClient(databaseUrl, async (client) => {
      const rows = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM messages WHERE kind = 'verification' AND submitted_at IS NULL AND done_at IS NULL`,
      );
      left = Number(rows.rows[0]!.n);
    });
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('verification codes still unsubmitted after 2 minutes');
}

async function measure(databaseUrl: string, started: number): Promise<Record<string, number>> {
  let figures: Record<string, number> = {};
  await withClient(databaseUrl, async (client) => {
    const otp = await client.query<{ n: string; p50: number; p95: number; p99: number; max: number }>(
      `SELECT count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
         FROM (SELECT extract(epoch FROM submitted_at - created_at) * 1000 AS ms FROM messages
                WHERE kind = 'verification' AND submitted_at IS NOT NULL) t`,
    );
    const marketing = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM messages WHERE kind = 'marketing' AND submitted_at >= $1`,
      [new Date(started)],
    );
    const row = otp.rows[0]!;
    figures = {
      verificationCodes: Number(row.n),
      otpAcceptToSubmitP50Ms: Math.round(row.p50),
      otpAcceptToSubmitP95Ms: Math.round(row.p95),
      otpAcceptToSubmitP99Ms: Math.round(row.p99),
      otpAcceptToSubmitMaxMs: Math.round(row.max),
      marketingSubmittedPerSecond: Math.round(Number(marketing.rows[0]!.n) / ((Date.now() - started) / 1000)),
    };
  });
  return figures;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
