/**
 * End-to-end throughput: messages per second from API accept to receipt stored, with the API, the dispatcher(s),
 * a worker and the carrier simulator each in its own process, against real PostgreSQL and Redis.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:e2e -- [--messages 100000] [--batch 5000] [--concurrency 2] [--dispatchers 1]
 *       [--report-delay 0-50] [--mix verification:0,notification:100,marketing:0] [--no-worker] [--keep]
 *       [--webhook]
 *
 * The run ends when every message is final; the figure is messages / (time the last message became final − time
 * the first batch was sent). The simulator's duplicate count is printed with it, so the figure comes with proof
 * that nothing was sent twice, and the worker's outbox cursors show how far downstream work lagged. With
 * `--webhook` the account also subscribes a local endpoint to final reports (the customer's receipt callback, as
 * Kannel's dlr-url is in bench:kannel), and `webhooks` adds the rate until every message's report reached it.
 */
import { Client } from 'pg';
import {
  cpuSeconds,
  machineCpu,
  dumpOutputs,
  loadAverage,
  post,
  recipient,
  SIGNATURE,
  simulatorSummary,
  Stack,
  startStack,
  withClient,
} from './stack';
import { option } from '../support/options';
import { waitForCount } from '../support/wait-for-count';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';

type Kind = 'verification' | 'notification' | 'marketing';

interface Options {
  messages: number;
  batch: number;
  concurrency: number;
  dispatchers: number;
  reportDelay: string;
  mix: Array<[Kind, number]>;
  worker: boolean;
  keep: boolean;
  /** Subscribe a local endpoint to final reports and time the run until every one has reached it. */
  webhook: boolean;
}

function parseOptions(): Options {
  return {
    messages: Number(option('messages', '100000')),
    batch: Number(option('batch', '5000')),
    concurrency: Number(option('concurrency', '2')),
    dispatchers: Number(option('dispatchers', '1')),
    reportDelay: option('report-delay', '0-50'),
    mix: option('mix', 'verification:0,notification:100,marketing:0')
      .split(',')
      .map((pair) => pair.split(':'))
      .map(([kind, share]): [Kind, number] => [kind as Kind, Number(share)])
      .filter(([, share]) => share > 0),
    worker: !process.argv.includes('--no-worker'),
    keep: process.argv.includes('--keep'),
    webhook: process.argv.includes('--webhook'),
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const finalReports = new Map<string, number>();
  const receiver = options.webhook
    ? await startWebhookReceiver((events) => {
        const now = Date.now();
        for (const event of events)
          if (event.message_id && !finalReports.has(event.message_id))
            finalReports.set(event.message_id, now);
      })
    : null;
  try {
    const stack = await startStack({
      reportDelay: options.reportDelay,
      dispatchers: options.dispatchers,
      worker: options.worker,
      keep: options.keep,
      reportsUrl: receiver ? `http://127.0.0.1:${receiver.port}/reports` : undefined,
    });
    try {
      await run(stack, options, receiver && { receiver, finalReports });
    } catch (error) {
      dumpOutputs(stack.children);
      throw error;
    } finally {
      await stack.stop();
    }
  } finally {
    await receiver?.close();
  }
}

/** The customer's endpoint and, per message, when its final report reached it. */
interface Webhooks {
  receiver: WebhookReceiver;
  finalReports: Map<string, number>;
}

async function run(stack: Stack, options: Options, webhooks: Webhooks | null): Promise<void> {
  const bodies = buildBodies(stack, options);
  const cpuBefore = cpuSeconds(stack.pids);
  const machineBefore = machineCpu();
  const started = Date.now();
  let next = 0;
  let accepted = 0;
  const sender = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const result = JSON.parse(
        await post(stack.ports.API_PORT, stack.apiKey, '/v1/messages/batch', body),
      ) as {
        accepted: number;
      };
      accepted += result.accepted;
    }
  };
  const acceptance = { done: false };
  const progress = watchProgress(stack.databaseUrl, options.messages, started, acceptance);
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  acceptance.done = true;
  const acceptedAt = Date.now();
  const finishedAt = await progress;
  const reportsDeliveredAt = webhooks ? await allReportsDelivered(webhooks, options.messages) : null;
  const cpuAfter = cpuSeconds(stack.pids);
  const machineAfter = machineCpu();
  const seconds = (finishedAt - started) / 1000;
  console.log(
    JSON.stringify(
      {
        messages: options.messages,
        accepted,
        acceptSeconds: (acceptedAt - started) / 1000,
        acceptPerSecond: Math.round(accepted / ((acceptedAt - started) / 1000)),
        endToEndSeconds: seconds,
        endToEndPerSecond: Math.round(options.messages / seconds),
        latencyMs: await latency(stack.databaseUrl),
        statuses: await statuses(stack.databaseUrl),
        simulator: await simulatorSummary(stack.ports.SIM_CONTROL_PORT),
        outbox: await outboxState(stack.databaseUrl),
        cpuSeconds: {
          ...Object.fromEntries(
            Object.keys(stack.pids).map((name) => [name, +(cpuAfter[name]! - cpuBefore[name]!).toFixed(1)]),
          ),
          postgres: +(machineAfter.postgres - machineBefore.postgres).toFixed(1),
        },
        machine: machineShare(machineBefore, machineAfter),
        ...(webhooks && {
          webhooks: webhookSummary(webhooks, options.messages, started, reportsDeliveredAt),
        }),
        dispatchers: options.dispatchers,
        loadavg: loadAverage(),
      },
      null,
      2,
    ),
  );
}

/** When every message's final report has reached the endpoint (null if they stopped coming for a minute first). */
async function allReportsDelivered(webhooks: Webhooks, messages: number): Promise<number | null> {
  if (!(await waitForCount(() => webhooks.finalReports.size, messages))) return null;
  let latest = 0;
  for (const at of webhooks.finalReports.values()) latest = Math.max(latest, at);
  return latest;
}

function webhookSummary(
  webhooks: Webhooks,
  messages: number,
  started: number,
  deliveredAt: number | null,
): Record<string, number | null> {
  const { stats, seen } = webhooks.receiver;
  const seconds = deliveredAt === null ? null : (deliveredAt - started) / 1000;
  return {
    finalReports: webhooks.finalReports.size,
    missing: messages - webhooks.finalReports.size,
    duplicates: stats.events - seen.size,
    requests: stats.requests,
    endToEndSeconds: seconds,
    endToEndPerSecond: seconds === null ? null : Math.round(messages / seconds),
  };
}

/** The machine's CPU over the run (both cores together): busy seconds, and the shares idle and taken by the host. */
function machineShare(
  before: ReturnType<typeof machineCpu>,
  after: ReturnType<typeof machineCpu>,
): { busySeconds: number; idleShare: number; stealShare: number } {
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  const steal = after.steal - before.steal;
  const total = busy + idle + steal;
  return {
    busySeconds: +busy.toFixed(1),
    idleShare: +(idle / total).toFixed(3),
    stealShare: +(steal / total).toFixed(3),
  };
}

function buildBodies(stack: Stack, options: Options): string[] {
  const total = options.mix.reduce((sum, [, share]) => sum + share, 0);
  const bodies: string[] = [];
  for (let index = 0, batch = 0; index < options.messages; batch += 1) {
    const size = Math.min(options.batch, options.messages - index);
    // Kinds interleave batch by batch in proportion to the mix.
    const pick = (batch * 7919) % total;
    let cumulative = 0;
    const kind = options.mix.find(([, share]) => (cumulative += share) > pick)![0];
    const recipients = Array.from({ length: size }, (_, offset) => recipient(kind, index + offset));
    bodies.push(JSON.stringify({ signature: SIGNATURE, template_id: stack.templates[kind], recipients }));
    index += size;
  }
  return bodies;
}

/**
 * Resolves with the time the last message became final. While anything is still waiting in the dispatch queue the
 * run cannot be over, and asking that costs an index probe; only then is the whole messages table counted.
 */
async function watchProgress(
  databaseUrl: string,
  total: number,
  started: number,
  acceptance: { done: boolean },
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const timeoutMs = Number(process.env.E2E_TIMEOUT_MS ?? 30 * 60_000);
  const print = (text: string) =>
    process.stderr.write(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${text}\n`);
  try {
    let lastPrint = 0;
    for (;;) {
      if (Date.now() - started > timeoutMs) throw new Error(`not all ${total} final in time`);
      const queued = await client.query(`SELECT 1 FROM dispatch_queue LIMIT 1`);
      if (!acceptance.done || queued.rowCount !== 0) {
        if (Date.now() - lastPrint > 10_000) {
          lastPrint = Date.now();
          print(acceptance.done ? 'all accepted, dispatching' : 'accepting and dispatching');
        }
      } else {
        const rows = await client.query<{ final: string; latest: Date | null }>(
          `SELECT count(*) AS final, max(done_at) AS latest FROM messages WHERE done_at IS NOT NULL`,
        );
        const final = Number(rows.rows[0]!.final);
        print(`${final}/${total} final`);
        if (final >= total) return rows.rows[0]!.latest!.getTime();
      }
      // The figure comes from max(done_at), not from when this poll sees the end, so polling often buys nothing;
      // a count scans the whole messages table, and at 100,000 messages counting every 2 s took 4% of the machine.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await client.end();
  }
}

async function latency(databaseUrl: string): Promise<Record<string, number>> {
  let result: Record<string, number> = {};
  await withClient(databaseUrl, async (client) => {
    const rows = await client.query<{
      p50: number;
      p95: number;
      p99: number;
      max: number;
      submit_p99: number;
    }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY done) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY done) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY done) AS p99, max(done) AS max,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY submit) AS submit_p99
         FROM (SELECT extract(epoch FROM done_at - created_at) * 1000 AS done,
                      extract(epoch FROM submitted_at - created_at) * 1000 AS submit FROM messages) t`,
    );
    const row = rows.rows[0]!;
    result = {
      acceptToFinalP50: Math.round(row.p50),
      acceptToFinalP95: Math.round(row.p95),
      acceptToFinalP99: Math.round(row.p99),
      acceptToFinalMax: Math.round(row.max),
      acceptToSubmitP99: Math.round(row.submit_p99),
    };
  });
  return result;
}

async function statuses(databaseUrl: string): Promise<Record<string, number>> {
  let result: Record<string, number> = {};
  await withClient(databaseUrl, async (client) => {
    const rows = await client.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM messages GROUP BY status`,
    );
    result = Object.fromEntries(rows.rows.map((row) => [row.status, Number(row.n)]));
  });
  return result;
}

/** Each outbox consumer's events handled and how far behind the newest event it ended. */
async function outboxState(databaseUrl: string): Promise<Record<string, unknown>> {
  let result: Record<string, unknown> = {};
  await withClient(databaseUrl, async (client) => {
    const rows = await client.query<{ name: string; events_total: string; behind: string }>(
      // The reply webhooks read the replies stream, every other consumer the message events.
      `SELECT c.name, c.events_total,
              CASE WHEN c.name = 'webhooks:replies'
                THEN (SELECT count(*) FROM replies r WHERE (r.outbox_tx, r.id) > (c.position_tx, c.position_id))
                ELSE (SELECT count(*) FROM message_events e WHERE (e.outbox_tx, e.id) > (c.position_tx, c.position_id))
              END AS behind
         FROM outbox_consumers c`,
    );
    result = Object.fromEntries(
      rows.rows.map((row) => [row.name, { handled: Number(row.events_total), behind: Number(row.behind) }]),
    );
  });
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
