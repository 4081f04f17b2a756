import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MessageStatus } from '@tongdao/lifecycle';
import { startWebhookReceiver, waitFor, WebhookReceiver } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import { verifyWebhookSignature } from '@tongdao/webhooks';
import { WEBHOOK_DNS_RESOLVER } from '../../apps/api/src/webhooks/webhook-dns';
import {
  advance,
  createSender,
  fakeResolver,
  phones,
  sendBatch,
  startTestWorker,
  TestSender,
  TestWorker,
} from './webhook-test-kit';

jest.setTimeout(120_000);

/** The README's Node verification recipe, verbatim. */
function verifyTongdaoWebhook(
  secret: string,
  timestamp: string,
  signatureHeader: string,
  rawBody: string,
): boolean {
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // replay window: 5 minutes
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return signatureHeader.split(',').some((part) => {
    const given = part.trim().replace(/^v1=/, '');
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  });
}

/** The README's shell recipe: prints the hex HMAC that one of the v1= values must equal. */
function shellSignature(secret: string, timestamp: string, body: string): string {
  return execFileSync(
    'sh',
    ['-c', 'printf \'%s.%s\' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d" " -f1'],
    {
      env: { ...process.env, TS: timestamp, BODY: body, SECRET: secret },
    },
  )
    .toString()
    .trim();
}

type Event = Record<string, unknown>;

function uniqueEvents(events: readonly Event[]): Event[] {
  const seen = new Set<unknown>();
  return events.filter((event) => !seen.has(event.event_id) && seen.add(event.event_id));
}

describe('webhooks (API, worker and a real HTTP receiver)', () => {
  const secretsKey = randomBytes(32).toString('hex');
  let api: ApiTestApp;
  let worker: TestWorker;
  const receivers: WebhookReceiver[] = [];

  const apiDns = fakeResolver({
    'public.test': ['93.184.216.34'],
    'rebind.test': ['93.184.216.34'],
    'private.test': ['10.0.0.7'],
    'meta.test': ['169.254.169.254'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
  });
  const workerDns = fakeResolver({ 'receiver.test': ['127.0.0.1'], 'rebind.test': ['127.0.0.1'] });

  beforeAll(async () => {
    api = await createApiTestApp(
      { SECRETS_KEY: secretsKey, WEBHOOK_ALLOWED_HOSTS: 'receiver.test' },
      { providers: [{ provide: WEBHOOK_DNS_RESOLVER, useValue: apiDns }] },
    );
    worker = await startTestWorker(
      api.database.url,
      secretsKey,
      {
        WEBHOOK_ALLOWED_HOSTS: 'receiver.test',
        WEBHOOK_BATCH_SIZE: '50',
        WEBHOOK_CONCURRENCY: '6',
        WEBHOOK_ACCOUNT_MAX_IN_FLIGHT: '2',
        WEBHOOK_ENDPOINT_LANES: '4',
        WEBHOOK_TIMEOUT_MS: '800',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '400',
        WEBHOOK_RETRY_WINDOW_SECONDS: '8',
      },
      workerDns,
    );
  });

  afterAll(async () => {
    for (const receiver of receivers) await receiver.close();
    await worker?.close();
    await api?.close();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  const urlOf = (target: WebhookReceiver): string => `http://receiver.test:${target.port}/hook`;

  async function configure(
    sender: TestSender,
    settings: Record<string, unknown>,
    key = sender.key,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await api.http
      .put('/v1/webhooks/settings')
      .set('Authorization', `Bearer ${key}`)
      .send(settings);
    return { status: response.status, body: response.body };
  }

  async function deliveredTo(target: WebhookReceiver, count: number): Promise<Event[]> {
    const events = await waitFor(
      async () => uniqueEvents(target.delivered()),
      (all) => all.length >= count,
      60_000,
    );
    expect(events.length).toBeGreaterThanOrEqual(count);
    return events;
  }

  it('signs each batch so the documented shell and Node recipes verify it', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    const configured = await configure(sender, { reports_url: urlOf(target) });
    expect(configured.status).toBe(200);
    const secret = configured.body.signing_secret as string;
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown once: later reads only say it is set.
    const again = await api.http.get('/v1/webhooks/settings').set('Authorization', `Bearer ${sender.key}`);
    expect(again.body).toMatchObject({ reports_url: urlOf(target), signing_secret_set: true });
    expect(again.body.signing_secret).toBeUndefined();

    const ids = await sendBatch(api, sender, phones(3));
    await advance(api, ids, MessageStatus.Submitted);
    await deliveredTo(target, 6);
    for (const request of target.requests) {
      const timestamp = String(request.headers['x-tongdao-timestamp']);
      const signature = String(request.headers['x-tongdao-signature']);
      expect(request.headers['x-tongdao-event']).toBe('report');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(verifyWebhookSignature({ secret, timestamp, signature, body: request.body })).toEqual({
        ok: true,
      });
      expect(verifyTongdaoWebhook(secret, timestamp, signature, request.body)).toBe(true);
      expect(signature.split(',')).toContain(`v1=${shellSignature(secret, timestamp, request.body)}`);
      expect(verifyTongdaoWebhook('whsec_wrong', timestamp, signature, request.body)).toBe(false);
      const tampered = request.body.replace('"segments":1', '"segments":2');
      expect(tampered).not.toBe(request.body);
      expect(verifyTongdaoWebhook(secret, timestamp, signature, tampered)).toBe(false);
    }
    const submitted = target.delivered().find((event) => event.status === 'SUBMITTED')!;
    expect(submitted).toMatchObject({
      type: 'report',
      account_id: sender.account.id,
      client_ref: expect.stringMatching(/^ref-/),
      phone_number: expect.stringMatching(/^\+86139/),
      success: null,
      segments: 1,
    });
    expect(ids).toContain(submitted.message_id);
  });

  it('keeps every message’s events in order and batches up to the configured size', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    await configure(sender, { reports_url: urlOf(target) });
    const ids = await sendBatch(api, sender, phones(120));
    await advance(api, ids, MessageStatus.Submitted);
    await advance(api, ids.slice(0, 60), MessageStatus.Delivered);
    await advance(api, ids.slice(60), MessageStatus.Undelivered);
    const events = await deliveredTo(target, 360);
    expect(Math.max(...target.requests.map((request) => request.events.length))).toBeLessThanOrEqual(50);
    expect(target.requests.some((request) => request.events.length > 1)).toBe(true);
    const byMessage = new Map<string, string[]>();
    for (const event of events)
      byMessage.set(event.message_id as string, [
        ...(byMessage.get(event.message_id as string) ?? []),
        event.status as string,
      ]);
    expect(byMessage.size).toBe(120);
    for (const [id, statuses] of byMessage)
      expect([id, statuses]).toEqual([
        id,
        ['QUEUED', 'SUBMITTED', ids.indexOf(id) < 60 ? 'DELIVERED' : 'UNDELIVERED'],
      ]);
    const undelivered = events.find((event) => event.status === 'UNDELIVERED')!;
    expect(undelivered).toMatchObject({ success: false, carrier_stat: 'MK:0001', err_code: 'MK:0001' });
  });

  it('retries after 500s and timeouts with backoff, then delivers', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    await configure(sender, { reports_url: urlOf(target), report_statuses: ['SUBMITTED'] });
    target.answer((_request, index) =>
      index < 2 ? { status: 500 } : index === 2 ? 'hang' : { status: 200 },
    );
    const before = {
      errors: await worker.metric('tongdao_webhook_requests_total', { outcome: 'http_error' }),
      timeouts: await worker.metric('tongdao_webhook_requests_total', { outcome: 'timeout' }),
    };
    const [id] = await sendBatch(api, sender, phones(1));
    await advance(api, [id!], MessageStatus.Submitted);
    const [event] = await deliveredTo(target, 1);
    expect(event).toMatchObject({ message_id: id, status: 'SUBMITTED' });
    expect(target.requests.length).toBeGreaterThanOrEqual(4);
    // The same event each time, re-signed per attempt.
    expect(new Set(target.requests.map((request) => request.events[0]?.event_id))).toEqual(
      new Set([event!.event_id]),
    );
    expect(
      await worker.metric('tongdao_webhook_requests_total', { outcome: 'http_error' }),
    ).toBeGreaterThanOrEqual(before.errors + 2);
    expect(
      await worker.metric('tongdao_webhook_requests_total', { outcome: 'timeout' }),
    ).toBeGreaterThanOrEqual(before.timeouts + 1);
    const gaps = target.requests
      .slice(1)
      .map((request, index) => request.receivedAt - target.requests[index]!.receivedAt);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(40);
    target.release();
  });

  it('does not follow redirects', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    const elsewhere = await receiver();
    await configure(sender, { reports_url: urlOf(target), report_statuses: ['SUBMITTED'] });
    target.answer((_request, index) =>
      index < 2 ? { status: 302, headers: { Location: urlOf(elsewhere) } } : { status: 200 },
    );
    const [id] = await sendBatch(api, sender, phones(1));
    await advance(api, [id!], MessageStatus.Submitted);
    await deliveredTo(target, 1);
    expect(target.requests.length).toBeGreaterThanOrEqual(3);
    expect(elsewhere.requests).toHaveLength(0);
    expect(
      await worker.metric('tongdao_webhook_requests_total', { outcome: 'redirect' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('lets a hanging endpoint of one account delay no other account', async () => {
    const slow = await createSender(api);
    const fast = await createSender(api);
    const hanging = await receiver();
    const healthy = await receiver();
    hanging.answer(() => 'hang');
    await configure(slow, { reports_url: urlOf(hanging) });
    await configure(fast, { reports_url: urlOf(healthy) });
    const slowIds = await sendBatch(api, slow, phones(200));
    await advance(api, slowIds, MessageStatus.Submitted);
    await waitFor(
      async () => hanging.requests.length,
      (count) => count >= 2,
    );
    const fastIds = await sendBatch(api, fast, phones(40));
    await advance(api, fastIds, MessageStatus.Submitted);
    await deliveredTo(healthy, 80);
    // The hanging account never had more requests open at once than its share of the senders.
    expect(hanging.delivered()).toHaveLength(0);
    const open = hanging.requests.filter((request) => request.receivedAt > Date.now() - 700).length;
    expect(open).toBeLessThanOrEqual(2);
    hanging.release();
  });

  it('keeps events that failed for the whole retry window as dead letters, lists them and replays them', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    target.answer(() => ({ status: 503 }));
    await configure(sender, { reports_url: urlOf(target), report_statuses: ['SUBMITTED', 'DELIVERED'] });
    const ids = await sendBatch(api, sender, phones(3));
    await advance(api, ids, MessageStatus.Submitted);
    const auth = { Authorization: `Bearer ${sender.key}` };
    const dead = await waitFor(
      async () => (await api.http.get('/v1/webhooks/dead-letters').set(auth)).body,
      (body) => body.data?.length === 3,
      60_000,
    );
    expect(dead.data).toHaveLength(3);
    expect(dead.data[0]).toMatchObject({
      kind: 'report',
      url: urlOf(target),
      account_id: sender.account.id,
      event: { status: 'SUBMITTED' },
      last_error: 'answered 503',
    });
    expect(dead.data[0].attempts).toBeGreaterThanOrEqual(2);
    expect(await worker.metric('tongdao_webhook_dead_lettered_total')).toBeGreaterThanOrEqual(3);
    const endpoints = await api.http.get('/v1/webhooks/endpoints').set(auth);
    expect(endpoints.body.data).toEqual([
      expect.objectContaining({
        kind: 'report',
        url: urlOf(target),
        dead_letters: 3,
        pending: 0,
        last_error: 'answered 503',
      }),
    ]);

    // A later event is not held behind the dead letters once they are set aside.
    target.answer(() => ({ status: 200 }));
    await advance(api, ids.slice(0, 1), MessageStatus.Delivered);
    const [later] = await deliveredTo(target, 1);
    expect(later).toMatchObject({ status: 'DELIVERED', message_id: ids[0] });

    const replay = await api.http
      .post('/v1/webhooks/dead-letters/replay')
      .set(auth)
      .send({ ids: dead.data.slice(0, 2).map((entry: { id: string }) => entry.id) });
    expect(replay.body).toEqual({ replayed: 2 });
    await deliveredTo(target, 3);
    const rest = await api.http.post('/v1/webhooks/dead-letters/replay').set(auth).send({});
    expect(rest.body).toEqual({ replayed: 1 });
    const all = await deliveredTo(target, 4);
    expect(
      all
        .filter((event) => event.status === 'SUBMITTED')
        .map((event) => event.message_id)
        .sort(),
    ).toEqual([...ids].sort());
    const left = await api.http.get('/v1/webhooks/dead-letters').set(auth);
    expect(left.body.data).toHaveLength(0);
  });

  it('refuses unsafe webhook URLs at registration, also after resolving the host', async () => {
    const sender = await createSender(api);
    const cases: Array<[string, number, string, string?]> = [
      ['http://127.0.0.1:8080/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_LOOPBACK'],
      ['http://localhost/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_HOST_LOCALHOST'],
      ['http://10.1.2.3/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_PRIVATE'],
      ['http://100.64.1.1/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_SHARED'],
      ['http://169.254.169.254/latest/meta-data', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_METADATA'],
      ['http://[fe80::1]/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_LINK_LOCAL'],
      ['http://0x7f000001/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_LOOPBACK'],
      ['ftp://public.test/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_SCHEME_NOT_ALLOWED'],
      ['https://private.test/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_PRIVATE'],
      ['https://meta.test/hook', 400, 'WEBHOOK_URL_UNSAFE', 'URL_ADDRESS_METADATA'],
      ['https://nowhere.test/hook', 422, 'WEBHOOK_URL_UNRESOLVABLE'],
    ];
    for (const [url, status, code, reason] of cases) {
      const response = await configure(sender, { reports_url: url });
      expect([url, response.status, (response.body.error as Record<string, unknown>)?.code]).toEqual([
        url,
        status,
        code,
      ]);
      const error = response.body.error as { field: string; details?: { reason: string } };
      expect(error.field).toBe('reports_url');
      if (reason) expect([url, error.details?.reason]).toEqual([url, reason]);
    }
    // Only the safe addresses of a name count: one private answer among public ones still lets it through.
    expect((await configure(sender, { replies_url: 'https://public.test/replies' })).status).toBe(200);
    expect((await configure(sender, { replies_url: 'https://mixed.test/replies' })).status).toBe(200);
  });

  it('refuses unsafe targets again at delivery: DNS rebinding and non-allow-listed callback URLs', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    // Registered while the name pointed at a public address; by delivery time it points at this machine.
    expect((await configure(sender, { reports_url: `http://rebind.test:${target.port}/hook` })).status).toBe(
      200,
    );
    const before = await worker.metric('tongdao_webhook_requests_total', { outcome: 'unsafe_target' });
    const [id] = await sendBatch(api, sender, phones(1));
    // A callback_url on loopback is refused at acceptance (issue 10); one whose name is re-pointed at this
    // machine after acceptance is refused at delivery.
    const refusedAtAcceptance = await api.http
      .post('/v1/messages/batch')
      .set('Authorization', `Bearer ${sender.key}`)
      .send({
        signature: 'Tongdao',
        template_id: sender.templateId,
        recipients: [{ phone: phones(1)[0], template_params: { order: 'A1' } }],
        callback_url: `http://127.0.0.1:${target.port}/cb`,
      });
    expect(refusedAtAcceptance.status).toBe(400);
    expect(refusedAtAcceptance.body.error).toMatchObject({
      code: 'WEBHOOK_URL_UNSAFE',
      field: 'callback_url',
      reason: 'URL_ADDRESS_LOOPBACK',
    });
    const [callbackId] = await sendBatch(api, sender, phones(1), {
      callback_url: `http://rebind.test:${target.port}/cb`,
    });
    await advance(api, [id!, callbackId!], MessageStatus.Submitted);
    const refused = await waitFor(
      () => worker.metric('tongdao_webhook_requests_total', { outcome: 'unsafe_target' }),
      (count) => count >= before + 2,
    );
    expect(refused).toBeGreaterThanOrEqual(before + 2);
    expect(target.requests).toHaveLength(0);
    // The refusal is counted before the endpoint's last_error is written: wait for that write, not for a guess.
    const lastErrors = async (): Promise<string[]> => {
      const endpoints = await api.http
        .get('/v1/webhooks/endpoints')
        .set('Authorization', `Bearer ${sender.key}`);
      return endpoints.body.data.map((endpoint: { last_error: string | null }) => endpoint.last_error ?? '');
    };
    const errors = await waitFor(
      lastErrors,
      (values) => values.filter((value) => /loopback/.test(value)).length >= 2,
      60_000,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/rebind\.test .*loopback/),
        expect.stringMatching(/rebind\.test.*\/cb.*loopback|rebind\.test .*loopback/),
      ]),
    );
  });

  it('sends to a message’s callback_url first, and to an ancestor’s URL that covers descendants', async () => {
    const reseller = await createSender(api);
    const customer = await createSender(api, reseller.account);
    const resellerHook = await receiver();
    const callback = await receiver();
    const configured = await configure(reseller, {
      reports_url: urlOf(resellerHook),
      include_descendants: true,
      report_statuses: ['SUBMITTED'],
    });
    const resellerSecret = configured.body.signing_secret as string;
    const [plain] = await sendBatch(api, customer, phones(1));
    const [withCallback] = await sendBatch(api, customer, phones(1), { callback_url: urlOf(callback) });
    await advance(api, [plain!, withCallback!], MessageStatus.Submitted);
    const [inherited] = await deliveredTo(resellerHook, 1).then((events) =>
      events.filter((event) => event.status === 'SUBMITTED'),
    );
    expect(inherited).toMatchObject({ message_id: plain, account_id: customer.account.id });
    const request = resellerHook.requests.find((entry) => entry.body.includes(plain!))!;
    expect(
      verifyWebhookSignature({
        secret: resellerSecret,
        timestamp: String(request.headers['x-tongdao-timestamp']),
        signature: String(request.headers['x-tongdao-signature']),
        body: request.body,
      }),
    ).toEqual({ ok: true });
    const viaCallback = await deliveredTo(callback, 1);
    expect(viaCallback.map((event) => event.message_id)).toContain(withCallback);
    expect(resellerHook.delivered().map((event) => event.message_id)).not.toContain(withCallback);
  });

  it('records settings changes in the audit trail with before and after, never a secret', async () => {
    const sender = await createSender(api);
    const auth = { Authorization: `Bearer ${sender.key}` };
    const target = await receiver();
    const created = await configure(sender, { reports_url: urlOf(target) });
    await api.http.post('/v1/webhooks/signing-secret').set(auth).send({}).expect(200);
    const audit = await api.http.get('/v1/audit').set(auth);
    expect(audit.status).toBe(200);
    const entries = audit.body.data as Array<{ route: string; changes: Array<Record<string, unknown>> }>;
    const settings = entries.find((entry) => entry.route === '/v1/webhooks/settings')!;
    expect(settings.changes).toEqual([
      expect.objectContaining({
        entity: 'webhook_settings',
        before: null,
        after: expect.objectContaining({ reports_url: urlOf(target), signing_secret_set: true }),
      }),
    ]);
    expect(entries.some((entry) => entry.route === '/v1/webhooks/signing-secret')).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain(created.body.signing_secret as string);
    expect(JSON.stringify(audit.body)).not.toMatch(/whsec_/);
  });

  it('rotates the signing secret, signing with both secrets during the grace period', async () => {
    const sender = await createSender(api);
    const target = await receiver();
    const first = (await configure(sender, { reports_url: urlOf(target), report_statuses: ['SUBMITTED'] }))
      .body.signing_secret as string;
    const rotated = await api.http
      .post('/v1/webhooks/signing-secret')
      .set('Authorization', `Bearer ${sender.key}`)
      .send({});
    expect(rotated.status).toBe(200);
    const second = rotated.body.signing_secret as string;
    expect(second).not.toBe(first);
    expect(rotated.body.previous_secret_expires_at).toEqual(expect.any(String));
    // Secrets reach the senders within their cache time; wait for a delivery signed with the new one.
    await waitFor(
      async () => {
        const [id] = await sendBatch(api, sender, phones(1));
        await advance(api, [id!], MessageStatus.Submitted);
        await waitFor(
          async () => target.requests.length,
          (count) => count > 0,
        );
        return target.requests[target.requests.length - 1]!;
      },
      (request) =>
        [first, second].every(
          (secret) =>
            verifyWebhookSignature({
              secret,
              timestamp: String(request.headers['x-tongdao-timestamp']),
              signature: String(request.headers['x-tongdao-signature']),
              body: request.body,
            }).ok,
        ),
      30_000,
    ).then((request) => expect(String(request.headers['x-tongdao-signature']).split(',')).toHaveLength(2));
  });

  it('serves status changes by pull, in order per message, scoped to the account tree', async () => {
    const parent = await createSender(api);
    const child = await createSender(api, parent.account);
    const sibling = await createSender(api);
    const ids = await sendBatch(api, child, phones(5));
    await advance(api, ids, MessageStatus.Submitted);
    await advance(api, ids, MessageStatus.Delivered);
    const pullAll = async (key: string, query = ''): Promise<Event[]> => {
      const events: Event[] = [];
      let cursor: string | undefined;
      for (;;) {
        const response = await api.http
          .get(`/v1/reports?limit=4${cursor ? `&cursor=${cursor}` : ''}${query}`)
          .set('Authorization', `Bearer ${key}`);
        expect(response.status).toBe(200);
        events.push(...(response.body.data as Event[]));
        cursor = response.body.next_cursor;
        if (!response.body.has_more) return events;
      }
    };
    const fromParent = await waitFor(
      () => pullAll(parent.key),
      (events) => events.length >= 15,
    );
    expect(fromParent).toHaveLength(15);
    for (const id of ids)
      expect(fromParent.filter((event) => event.message_id === id).map((event) => event.status)).toEqual([
        'QUEUED',
        'SUBMITTED',
        'DELIVERED',
      ]);
    expect(fromParent[0]).toMatchObject({ client_ref: 'ref-0', account_id: child.account.id, segments: 1 });
    expect(fromParent.find((event) => event.status === 'DELIVERED')).toMatchObject({
      success: true,
      carrier_stat: 'DELIVRD',
      report_time: expect.any(String),
      send_time: expect.any(String),
    });
    expect(await pullAll(child.key)).toHaveLength(15);
    expect(await pullAll(sibling.key)).toHaveLength(0);
    const foreign = await api.http
      .get(`/v1/reports?account_id=${child.account.id}`)
      .set('Authorization', `Bearer ${sibling.key}`);
    expect(foreign.status).toBe(404);

    // A cursor continues after what was read; nothing is handed out twice in order.
    const first = await api.http.get('/v1/reports?limit=10').set('Authorization', `Bearer ${child.key}`);
    const rest = await api.http
      .get(`/v1/reports?cursor=${first.body.next_cursor}`)
      .set('Authorization', `Bearer ${child.key}`);
    expect([...first.body.data, ...rest.body.data].map((event: Event) => event.event_id)).toEqual(
      fromParent.map((event) => event.event_id),
    );
    const bad = await api.http
      .get('/v1/reports?cursor=not-a-cursor!')
      .set('Authorization', `Bearer ${child.key}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });
});
