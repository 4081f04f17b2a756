import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { MetricsService } from '@tongdao/platform';
import { startTestSimulator, startWebhookReceiver, waitFor, WebhookReceiver } from '@tongdao/testing';
import { verifyWebhookSignature } from '@tongdao/webhooks';
import { channelsFor, startDispatcher } from '../dispatcher/dispatcher-test-kit';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import {
  createSender,
  fakeResolver,
  phones,
  sendBatch,
  startTestWorker,
  TestSender,
  TestWorker,
} from '../webhooks/webhook-test-kit';

jest.setTimeout(180_000);

const SERVICE_NUMBER = '1069000001';

type Reply = Record<string, unknown>;

describe('inbound replies end to end (simulator → dispatcher → PostgreSQL → worker → webhook and pull API)', () => {
  const secretsKey = randomBytes(32).toString('hex');
  let api: ApiTestApp;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication;
  let worker: TestWorker;
  let hook: WebhookReceiver;
  let sender: TestSender;
  let other: TestSender;
  let secret: string;
  let extension: string;
  const [phone, stranger] = phones(2, '138');
  const national = (e164: string): string => e164.slice(3);

  beforeAll(async () => {
    api = await createApiTestApp({ SECRETS_KEY: secretsKey, WEBHOOK_ALLOWED_HOSTS: 'receiver.test' });
    simulator = await startTestSimulator(['cmpp3']);
    dispatcher = await startDispatcher(api.database.url, channelsFor(simulator));
    worker = await startTestWorker(
      api.database.url,
      secretsKey,
      { WEBHOOK_ALLOWED_HOSTS: 'receiver.test' },
      fakeResolver({ 'receiver.test': ['127.0.0.1'] }),
    );
    hook = await startWebhookReceiver();
    sender = await createSender(api);
    other = await createSender(api);
    const auth = { Authorization: `Bearer ${sender.key}` };
    const configured = await api.http
      .put('/v1/webhooks/settings')
      .set(auth)
      .send({ replies_url: `http://receiver.test:${hook.port}/replies` });
    secret = configured.body.signing_secret;
    const settings = await api.http
      .put('/v1/replies/settings')
      .set(auth)
      .send({ quick_replies: [{ keyword: '1', action: 'claim_sample' }] });
    expect(settings.status).toBe(200);
  });

  afterAll(async () => {
    await hook?.close();
    await worker?.close();
    await dispatcher?.close();
    await simulator?.stop();
    await api?.close();
  });

  const inject = (from: string, to: string, text: string): number =>
    simulator.gateway('cmpp3').injectInbound({ from: national(from), to, text });

  async function pull(key: string): Promise<Reply[]> {
    const response = await api.http.get('/v1/replies?limit=1000').set('Authorization', `Bearer ${key}`);
    expect(response.status).toBe(200);
    return response.body.data as Reply[];
  }

  async function replyWith(content: string): Promise<Reply> {
    const found = await waitFor(
      async () => (await pull(sender.key)).find((reply) => reply.content === content),
      (reply) => reply !== undefined,
      60_000,
    );
    expect(found).toBeDefined();
    return found!;
  }

  it('sends with the account’s extension appended to the channel’s sender number', async () => {
    const settings = await api.http.get('/v1/replies/settings').set('Authorization', `Bearer ${sender.key}`);
    extension = settings.body.extension;
    expect(extension).toMatch(/^\d{5}$/);
    expect(settings.body.unsubscribe_keywords).toEqual(['TD', 'T', '退订', 'N', 'R', '取消']);
    const [id] = await sendBatch(api, sender, [phone!]);
    const received = await waitFor(
      async () => simulator.gateway('cmpp3').recorder.query({ destination: national(phone!) }),
      (messages) => messages.length > 0,
      60_000,
    );
    expect(received[0]!.source).toBe(`${SERVICE_NUMBER}${extension}`);
    // The worker remembers who last wrote to this phone over this channel (for replies without the extension).
    const route = await waitFor(
      async () =>
        (await api.database.dataSource.query(
          `SELECT message_id, account_id FROM reply_routes WHERE phone = $1`,
          [phone],
        )) as Array<{ message_id: string; account_id: string }>,
      (rows) => rows.length > 0,
      60_000,
    );
    expect(route[0]).toEqual({ message_id: id, account_id: sender.account.id });
  });

  it('routes a reply by its extension, names its quick-reply action and pushes it signed', async () => {
    inject(phone!, `${SERVICE_NUMBER}${extension}`, '1');
    const reply = await replyWith('1');
    expect(reply).toMatchObject({
      type: 'reply',
      account_id: sender.account.id,
      phone_number: phone,
      dest_code: extension,
      destination: `${SERVICE_NUMBER}${extension}`,
      routed_by: 'extension',
      action: { keyword: '1', name: 'claim_sample' },
      unsubscribe: false,
      complete: true,
      in_reply_to: { message_id: expect.any(String), client_ref: 'ref-0' },
    });
    const pushed = await waitFor(
      async () => hook.delivered().filter((event) => event.content === '1'),
      (events) => events.length > 0,
      60_000,
    );
    expect(pushed[0]).toEqual(reply);
    const request = hook.requests.find((entry) => entry.body.includes(String(reply.event_id)))!;
    expect(request.headers['x-tongdao-event']).toBe('reply');
    expect(
      verifyWebhookSignature({
        secret,
        timestamp: String(request.headers['x-tongdao-timestamp']),
        signature: String(request.headers['x-tongdao-signature']),
        body: request.body,
      }),
    ).toEqual({ ok: true });
  });

  it('routes a reply without extension to the account that last messaged the phone over that channel', async () => {
    inject(phone!, SERVICE_NUMBER, '好的，收到');
    const reply = await replyWith('好的，收到');
    expect(reply).toMatchObject({
      routed_by: 'last_message',
      account_id: sender.account.id,
      dest_code: null,
      action: null,
    });
  });

  it('reassembles a long reply before storing it', async () => {
    const text =
      '您好，我想咨询一下这个活动的具体规则，包括参与方式、优惠额度、有效期以及是否可以和其他优惠叠加使用。' +
      '另外请问会员积分能不能抵扣运费，退换货的时候优惠券会不会退回到账户里？谢谢！';
    expect(text.length).toBeGreaterThan(70);
    expect(inject(phone!, `${SERVICE_NUMBER}${extension}`, text)).toBeGreaterThan(1);
    const reply = await replyWith(text);
    expect(reply).toMatchObject({ complete: true, routed_by: 'extension' });
  });

  it('stores a reply nobody can be found for as unmatched, for the operator only', async () => {
    inject(stranger!, SERVICE_NUMBER, 'who is this');
    const unmatched = await waitFor(
      async () =>
        (await api.http.get('/v1/replies/unmatched').set('Authorization', `Bearer ${api.seed.operatorKey}`))
          .body,
      (body) => body.data?.some((reply: Reply) => reply.content === 'who is this'),
      60_000,
    );
    expect(unmatched.data.find((reply: Reply) => reply.content === 'who is this')).toMatchObject({
      phone_number: stranger,
      channel_id: 'test-cmpp3',
      destination: SERVICE_NUMBER,
    });
    const refused = await api.http.get('/v1/replies/unmatched').set('Authorization', `Bearer ${sender.key}`);
    expect(refused.status).toBe(403);
  });

  it('marks an unsubscribe keyword on the reply and counts replies by routing outcome', async () => {
    inject(phone!, `${SERVICE_NUMBER}${extension}`, 'ＴＤ');
    const reply = await replyWith('ＴＤ');
    expect(reply).toMatchObject({ unsubscribe: true, action: null, routed_by: 'extension' });
    const metrics = await dispatcher.get(MetricsService).registry.getMetricsAsJSON();
    const replies = metrics.find((metric) => metric.name === 'tongdao_replies_total')!;
    const count = (routedBy: string): number =>
      Number(replies.values.find((value) => value.labels.routed_by === routedBy)?.value ?? 0);
    expect(count('extension')).toBeGreaterThanOrEqual(3);
    expect(count('last_message')).toBeGreaterThanOrEqual(1);
    expect(count('unmatched')).toBeGreaterThanOrEqual(1);
  });

  it('shows an account none of another account’s replies', async () => {
    await expect(pull(other.key)).resolves.toEqual([]);
    const mine = await pull(sender.key);
    expect(mine.map((reply) => reply.content)).toEqual(expect.arrayContaining(['1', '好的，收到', 'ＴＤ']));
    expect(mine.every((reply) => reply.account_id === sender.account.id)).toBe(true);
  });
});
