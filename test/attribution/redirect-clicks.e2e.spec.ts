import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { AddressInfo } from 'node:net';
import { AnalyticsReport } from '@tongdao/attribution';
import { ClickRepository, MessageTransitions } from '@tongdao/database';
import { ClickHooks, ClickRecord } from '@tongdao/short-links';
import { ClickRollupListener } from '../../apps/redirector/src/attribution/click-rollup.listener';
import { PostgresClickStore } from '../../apps/redirector/src/clicks/postgres-click-store';
import { MessageStatus } from '@tongdao/lifecycle';
import { waitFor } from '@tongdao/testing';
import { OutboxRunnerService } from '../../apps/worker/src/outbox/outbox-runner.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { NestFactory } from '@nestjs/core';
import { bootstrapRedirector } from '../../apps/redirector/src/redirector.bootstrap';
import { bearer } from '../api/api-test-helpers';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import { ensureDefaultDomain } from './attribution-kit';

const HOST = 't.clicks8b.cn';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const WECHAT_PREVIEW = 'Mozilla/5.0 (compatible; WeChat Link Preview) MicroMessenger/8.0';

function hit(port: number, code: string, userAgent: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port,
        path: `/${code}`,
        method: 'GET',
        headers: { Host: HOST, 'User-Agent': userAgent },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode!, location: response.headers.location }),
        );
      },
    );
    call.on('error', reject);
    call.end();
  });
}

/** Through issue 8a's redirector and click writer: a click id in the 302, the rollups, and a conversion on it. */
describe('clicks through the redirector reach analytics and conversions (issue 8b)', () => {
  let api: ApiTestApp;
  let redirector: INestApplication;
  let worker: INestApplication;
  let port: number;
  let key: string;

  beforeAll(async () => {
    const overrides = {
      SHORT_LINK_DEFAULT_DOMAIN: HOST,
      REDIRECTOR_PORT: '0',
      REDIRECTOR_HOST: '127.0.0.1',
      REDIS_KEY_PREFIX: `tongdao-8b-${randomBytes(3).toString('hex')}:`,
      SHORT_LINK_WRITER_BATCH: '50',
      // Both the redirector and the worker run a click writer: each must keep the rollups.
      WORKER_CLICK_WRITER: 'true',
    };
    api = await createApiTestApp(overrides);
    await ensureDefaultDomain(api.database.dataSource, HOST);
    redirector = await bootstrapRedirector(api.config, { shutdownHooks: false });
    port = (redirector.getHttpServer().address() as AddressInfo).port;
    worker = await NestFactory.create(WorkerModule.forRoot(api.config), { logger: false });
    await worker.init();
    await worker.get(OutboxRunnerService).start();
    // The worker runs a click writer too (WORKER_CLICK_WRITER), with the rollup listener on its hooks.
    expect(worker.get(ClickHooks, { strict: false })).toBeInstanceOf(ClickHooks);
    expect(worker.get(ClickRollupListener, { strict: false })).toBeInstanceOf(ClickRollupListener);
    const customer = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
    key = (await api.seed.issueKey(customer)).fullKey;
    await api.seed.approvedSignature(customer, '通道商城');
  });

  afterAll(async () => {
    await worker?.close();
    await redirector?.close();
    await api?.close();
  });

  it('counts sent and delivered from the outbox, redirects with td_cid, counts the clicks, and takes the click id back as a conversion', async () => {
    const sent = await api.http
      .post('/v1/messages/batch')
      .set(bearer(key))
      .send({
        signature: '通道商城',
        content: '会员日 ${link}',
        link: { target: 'https://shop.example.cn/vip#top', campaign_ref: 'vip-day' },
        recipients: [{ phone: '13800138101' }, { phone: '13800138102' }],
      });
    expect(sent.status).toBe(202);
    const batchId = sent.body.batch_id as string;
    const rows = (await api.database.dataSource.query(
      `SELECT l.code FROM message_links ml JOIN short_links l ON l.id = ml.link_id WHERE ml.batch_id = $1 ORDER BY l.id`,
      [batchId],
    )) as Array<{ code: string }>;
    expect(rows).toHaveLength(2);

    // The dispatcher's transitions, through the real outbox and the worker's link-funnel consumer
    const messages = (await api.database.dataSource.query(
      `SELECT id, created_at::text AS created_at FROM messages WHERE batch_id = $1`,
      [batchId],
    )) as Array<{ id: string; created_at: string }>;
    const transitions = new MessageTransitions();
    for (const to of [MessageStatus.Submitted, MessageStatus.Delivered])
      await transitions.apply(
        api.database.dataSource,
        messages.map((message) => ({
          id: message.id,
          createdAt: message.created_at,
          to,
          channelId: 'cmpp-sz-1',
        })),
      );
    const funnel = await waitFor(
      async () =>
        (await api.http.get(`/v1/analytics/batches/${batchId}`).set(bearer(key))).body as AnalyticsReport,
      (body) => body.funnel?.delivered === 2,
      30_000,
    );
    expect(funnel.funnel).toMatchObject({ sent: 2, delivered: 2, delivery_rate: 1 });
    expect(funnel.funnel.by_channel).toEqual([expect.objectContaining({ channel: 'cmpp-sz-1', sent: 2 })]);

    const human = await hit(port, rows[0]!.code, IPHONE);
    expect(human.status).toBe(302);
    const location = new URL(human.location!);
    expect(location.hash).toBe('#top');
    expect(location.searchParams.get('utm_campaign')).toBe('vip-day');
    const clickId = location.searchParams.get('td_cid');
    expect(clickId).toBeTruthy();
    const preview = await hit(port, rows[1]!.code, WECHAT_PREVIEW);
    expect(preview.status).toBe(302);

    const report = await waitFor(
      async () =>
        (await api.http.get(`/v1/analytics/batches/${batchId}`).set(bearer(key))).body as AnalyticsReport,
      (body) => body.clicks?.total === 2,
      30_000,
    );
    expect(report.clicks).toMatchObject({ total: 2, human: 1, non_human: 1 });
    expect(report.unique_clickers).toBe(1);
    expect(report.devices).toEqual({ mobile: 1 });
    expect(report.funnel).toMatchObject({ delivered: 2, clicked: 1, click_rate: 0.5 });
    expect(report.first_click_delay.clickers).toBe(1);

    const conversion = await api.http
      .post('/v1/conversions')
      .set(bearer(key))
      .send({ click_id: clickId, event: 'purchase', value: '88.00' });
    expect(conversion.status).toBe(201);
    expect(conversion.body).toMatchObject({ click_id: clickId, campaign_ref: 'vip-day', batch_id: batchId });
    const campaign = (await api.http.get('/v1/analytics/campaigns/vip-day').set(bearer(key))).body;
    expect(campaign.funnel.converted).toBe(1);
    expect(campaign.conversions.value).toBe('88.00');
  });

  it('counts nothing when the writer replays a batch it already stored', async () => {
    const [link] = (await api.database.dataSource.query(
      `SELECT ml.link_id::text AS link_id, ml.batch_id::text AS batch_id, ml.account_id, ml.message_id, ml.recipient_id
         FROM message_links ml ORDER BY ml.link_id LIMIT 1`,
    )) as Array<{
      link_id: string;
      batch_id: string;
      account_id: string;
      message_id: string;
      recipient_id: string;
    }>;
    const hooks = new ClickHooks();
    new ClickRollupListener(hooks).onModuleInit();
    const store = new PostgresClickStore(api.database.dataSource, new ClickRepository(), hooks);
    const record = (n: number): ClickRecord => ({
      clickId: `replay-${link!.link_id}-${n}`,
      linkId: link!.link_id,
      accountId: link!.account_id,
      messageId: link!.message_id,
      recipientId: link!.recipient_id,
      occurredAt: new Date(),
      ipPrefix: '10.1.2.0/24',
      device: 'mobile',
      os: 'Android',
      browser: 'Chrome',
      country: '中国',
      province: '浙江',
      city: '杭州',
      referrer: null,
      class: 'human',
      reason: 'browser',
      delayMs: 60_000,
      method: 'GET',
      userAgent: 'test',
    });
    const batch = [record(1), record(2), record(3)];
    const read = async () =>
      (await api.http.get(`/v1/analytics/batches/${link!.batch_id}`).set(bearer(key)))
        .body as AnalyticsReport;
    const before = await read();
    expect(await store.store(batch)).toBe(3);
    const after = await read();
    expect(after.clicks.human).toBe(before.clicks.human + 3);
    expect(after.os.Android).toBe((before.os.Android ?? 0) + 3);
    expect(await store.store(batch)).toBe(0);
    expect(await store.store([...batch, record(4)])).toBe(1);
    const replayed = await read();
    expect(replayed.clicks.human).toBe(before.clicks.human + 4);
    expect(replayed.unique_clickers).toBe(after.unique_clickers);
  });
});
