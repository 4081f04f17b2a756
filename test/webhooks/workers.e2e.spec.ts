import { randomBytes } from 'node:crypto';
import { MessageStatus } from '@tongdao/lifecycle';
import {
  CHILD_START_TIMEOUT_MS,
  ChildApp,
  childEnv,
  freePorts,
  startChildApp,
  startWebhookReceiver,
  waitFor,
  WebhookReceiver,
} from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import { advance, createSender, phones, sendBatch } from './webhook-test-kit';

// Two worker processes start in the test; each may take CHILD_START_TIMEOUT_MS on a heavily loaded machine.
jest.setTimeout(2 * CHILD_START_TIMEOUT_MS + 120_000);

const SENDERS = 4;
const PER_SENDER = 500;

/** Webhook delivery shared by worker processes, one of them killed with SIGKILL halfway. */
describe('webhook delivery across worker processes', () => {
  const secretsKey = randomBytes(32).toString('hex');
  let api: ApiTestApp;
  let receiver: WebhookReceiver;
  const workers: ChildApp[] = [];

  beforeAll(async () => {
    api = await createApiTestApp({ SECRETS_KEY: secretsKey, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    receiver = await startWebhookReceiver();
    // A slowish endpoint, so deliveries are in flight when a worker dies.
    receiver.answer(() => ({ status: 200, delayMs: 15 }));
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await receiver?.close();
    await api?.close();
  });

  async function startWorker(port: number): Promise<ChildApp> {
    const worker = startChildApp(
      'apps/worker/src/main.ts',
      childEnv({
        DATABASE_URL: api.database.url,
        DATABASE_POOL_SIZE: '6',
        SECRETS_KEY: secretsKey,
        LOG_LEVEL: 'info',
        WORKER_HEALTH_PORT: String(port),
        WORKER_POLL_INTERVAL_MS: '20',
        WEBHOOK_POLL_INTERVAL_MS: '20',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_BATCH_SIZE: '20',
        WEBHOOK_CONCURRENCY: '6',
        WEBHOOK_ENDPOINT_LANES: '4',
        WEBHOOK_TIMEOUT_MS: '1000',
      }),
    );
    workers.push(worker);
    await worker.waitForOutput(/outbox consumer started/, CHILD_START_TIMEOUT_MS);
    await waitFor(
      () => delivered(port).catch(() => -1),
      (count) => count >= 0,
      60_000,
    );
    return worker;
  }

  /** Events this worker process delivered, from its own /metrics. */
  async function delivered(port: number): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return [...text.matchAll(/^tongdao_webhook_events_delivered_total\{[^}]*\} (\d+)/gm)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
  }

  function eventIds(): string[] {
    return receiver.delivered().map((event) => String(event.event_id));
  }

  it('shares lanes between workers without duplicates, and a SIGKILLed worker’s lanes are taken over', async () => {
    const [portA, portB] = await freePorts(2);
    const a = await startWorker(portA!);
    await startWorker(portB!);

    const ids: string[] = [];
    for (let index = 0; index < SENDERS; index++) {
      const sender = await createSender(api);
      await api.http
        .put('/v1/webhooks/settings')
        .set('Authorization', `Bearer ${sender.key}`)
        .send({ reports_url: `http://127.0.0.1:${receiver.port}/hook`, report_statuses: ['SUBMITTED'] })
        .expect(200);
      ids.push(...(await sendBatch(api, sender, phones(PER_SENDER))));
    }
    for (let start = 0; start < ids.length; start += 250)
      await advance(api, ids.slice(start, start + 250), MessageStatus.Submitted);

    // Both workers take lanes; on a loaded machine the second may start delivering well after the first.
    const shares = await waitFor(
      async () => ({
        received: eventIds().length,
        byA: await delivered(portA!),
        byB: await delivered(portB!),
      }),
      ({ received, byA, byB }) => received >= ids.length / 4 && byA > 0 && byB > 0,
      120_000,
    );
    const beforeKill = eventIds();
    expect(new Set(beforeKill).size).toBe(beforeKill.length);
    expect(shares.byA).toBeGreaterThan(0);
    expect(shares.byB).toBeGreaterThan(0);

    a.process.kill('SIGKILL');
    await a.exited();

    const all = await waitFor(
      async () => new Set(eventIds()),
      (unique) => unique.size >= ids.length,
      180_000,
    );
    expect(all.size).toBe(ids.length);
    const received = receiver.delivered();
    expect(new Set(received.map((event) => event.message_id))).toEqual(new Set(ids));
    // At least once: only the batches the killed worker had on the wire can arrive twice.
    expect(received.length - all.size).toBeLessThanOrEqual(6 * 20);
    // A batch is deleted with the next round trip after its 2xx (or, if its sender died, once it is sent again).
    const pending = await waitFor(
      async () =>
        (
          (await api.database.dataSource.query(
            `SELECT count(*)::int AS pending FROM webhook_events`,
          )) as Array<{
            pending: number;
          }>
        )[0]!.pending,
      (count) => count === 0,
      60_000,
    );
    expect(pending).toBe(0);
    expect(receiver.delivered().length - ids.length).toBeLessThanOrEqual(6 * 20);
  });
});
