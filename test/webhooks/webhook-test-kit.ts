import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LookupAddress } from 'node:dns';
import { AppConfig, loadConfig } from '@tongdao/config';
import { MessageTransitions } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { DnsResolver } from '@tongdao/net-safety';
import { MetricsService } from '@tongdao/platform';
import { ApiTestApp } from '../support/api-app';
import { AccountEntity } from '@tongdao/database/entities';
import { OutboxRunnerService } from '../../apps/worker/src/outbox/outbox-runner.service';
import { WEBHOOK_DNS_RESOLVER } from '../../apps/worker/src/webhooks/webhook-dns';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** A DNS that answers from a table (an unknown name does not resolve), like a server the test controls. */
export function fakeResolver(answers: Record<string, string[]>): DnsResolver {
  return (hostname, callback) => {
    const addresses = answers[hostname.toLowerCase()];
    if (!addresses) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      return;
    }
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

export interface TestWorker {
  app: INestApplication;
  config: AppConfig;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

/** The worker app in this process, against the test database, with webhook timings a test can wait for. */
export async function startTestWorker(
  databaseUrl: string,
  secretsKey: string,
  env: Record<string, string> = {},
  resolver?: DnsResolver,
): Promise<TestWorker> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL,
    DATABASE_POOL_SIZE: '6',
    SECRETS_KEY: secretsKey,
    WORKER_POLL_INTERVAL_MS: '20',
    WEBHOOK_POLL_INTERVAL_MS: '20',
    ...env,
  });
  let builder = Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] });
  if (resolver) builder = builder.overrideProvider(WEBHOOK_DNS_RESOLVER).useValue(resolver);
  const app = (await builder.compile()).createNestApplication({ logger: false });
  await app.init();
  await app.get(OutboxRunnerService).start();
  return {
    app,
    config,
    metric: async (name, labels = {}) => {
      const metrics = await app.get(MetricsService).registry.getMetricsAsJSON();
      const metric = metrics.find((entry) => entry.name === name);
      return (metric?.values ?? [])
        .filter((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))
        .reduce((sum, value) => sum + Number(value.value), 0);
    },
    close: () => app.close(),
  };
}

export interface TestSender {
  account: AccountEntity;
  key: string;
  templateId: string;
}

/** An account with a key, an approved signature and a marketing or notification template. */
export async function createSender(
  api: ApiTestApp,
  parent: AccountEntity = api.seed.operator,
  kind: 'notification' | 'marketing' | 'verification' = 'notification',
): Promise<TestSender> {
  const account = await api.seed.createAccount(parent);
  const key = (await api.seed.issueKey(account)).fullKey;
  await api.seed.approvedSignature(account, 'Tongdao');
  const body = kind === 'marketing' ? '会员日全场8折，回TD退订' : '您的订单${order}已发货';
  const templateId = await api.seed.approvedTemplate(account, body, kind);
  return { account, key, templateId };
}

/** Sends one batch through the API and returns the accepted ids in recipient order. */
export async function sendBatch(
  api: ApiTestApp,
  sender: TestSender,
  phones: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const response = await api.http
    .post('/v1/messages/batch')
    .set('Authorization', `Bearer ${sender.key}`)
    .send({
      signature: 'Tongdao',
      template_id: sender.templateId,
      recipients: phones.map((phone, index) => ({
        phone,
        template_params: { order: `A${index}` },
        client_ref: `ref-${index}`,
      })),
      ...extra,
    });
  if (response.status !== 202)
    throw new Error(`batch refused: ${response.status} ${JSON.stringify(response.body)}`);
  const results = response.body.results as Array<{ result: string; id?: string }>;
  return results.map((result) => {
    if (result.result !== 'accepted') throw new Error(`recipient refused: ${JSON.stringify(result)}`);
    return result.id!;
  });
}

const transitions = new MessageTransitions();

/** Moves messages on as the dispatcher would (one transaction per call), e.g. SUBMITTED then DELIVERED. */
export async function advance(api: ApiTestApp, ids: readonly string[], to: MessageStatus): Promise<void> {
  const rows = (await api.database.dataSource.query(
    `SELECT id, created_at::text AS created_at FROM messages WHERE id = ANY($1::uuid[])`,
    [ids],
  )) as Array<{ id: string; created_at: string }>;
  const detail =
    to === MessageStatus.Submitted
      ? { channel_id: 'test-channel', attempt: 1 }
      : to === MessageStatus.Delivered
        ? { stats: ['DELIVRD'] }
        : to === MessageStatus.Undelivered
          ? { stats: ['MK:0001'] }
          : null;
  await transitions.apply(
    api.database.dataSource,
    rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      to,
      channelId: to === MessageStatus.Submitted ? 'test-channel' : undefined,
      carrierMessageIds: to === MessageStatus.Submitted ? [`c-${row.id}`] : undefined,
      detail,
    })),
  );
}

export function phones(count: number, prefix = '139'): string[] {
  const base = Math.floor(Math.random() * 9_000_000);
  return Array.from({ length: count }, (_, index) => `+86${prefix}${String(base + index).padStart(8, '0')}`);
}
