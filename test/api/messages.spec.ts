import { AccountEntity } from '@tongdao/database/entities';
import { waitFor } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer, nextPhone } from './api-test-helpers';

describe('message API', () => {
  let api: ApiTestApp;
  let customer: AccountEntity;
  let key: string;
  let signature: string;
  let verificationTemplate: string;
  let shippingTemplate: string;

  beforeAll(async () => {
    api = await createApiTestApp();
    customer = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
    key = (await api.seed.issueKey(customer)).fullKey;
    signature = await api.seed.approvedSignature(customer, '通道科技');
    verificationTemplate = await api.seed.approvedTemplate(
      customer,
      '您的验证码为${code}，5分钟内有效。',
      'verification',
    );
    shippingTemplate = await api.seed.approvedTemplate(
      customer,
      '${name}您好，订单${order}已发货。',
      'notification',
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  const send = (body: object, headers: Record<string, string> = {}) =>
    api.http.post('/v1/messages').set(bearer(key)).set(headers).send(body);
  const sendBatch = (body: object, headers: Record<string, string> = {}) =>
    api.http.post('/v1/messages/batch').set(bearer(key)).set(headers).send(body);

  describe('POST /v1/messages', () => {
    it('accepts a template message, stores it QUEUED with its first event, and returns segments and encoding', async () => {
      const response = await send({
        phone: '+86 138-0013-8000',
        signature,
        template_id: verificationTemplate,
        template_params: { code: 123456 },
        client_ref: 'login-1',
        callback_url: 'https://hooks.example.com/sms/callback',
      });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({
        phone: '+8613800138000',
        status: 'QUEUED',
        kind: 'verification',
        content: '【通道科技】您的验证码为123456，5分钟内有效。',
        encoding: 'UCS2',
        segments: 1,
        carrier: 'CMCC',
        client_ref: 'login-1',
        account_id: customer.id,
      });
      const rows = await api.database.dataSource.query(
        `SELECT m.status, m.phone, (SELECT count(*)::int FROM message_events e WHERE e.message_id = m.id) AS events
           FROM messages m WHERE m.id = $1`,
        [response.body.id],
      );
      expect(rows).toEqual([{ status: 'QUEUED', phone: '+8613800138000', events: 1 }]);
    });

    it('sends free text with the signature prefix; the 【】 brackets make it UCS-2 at 67 per segment', async () => {
      const response = await send({
        phone: nextPhone(),
        signature,
        content: 'Your parcel has arrived. '.repeat(7),
      });
      expect(response.status).toBe(202);
      expect(response.body.content.startsWith('【通道科技】')).toBe(true);
      expect(response.body).toMatchObject({ encoding: 'UCS2', kind: 'notification' });
      expect(response.body.segments).toBe(Math.ceil(response.body.content.length / 67));
    });

    it('schedules a message with send_at in the future', async () => {
      const sendAt = new Date(Date.now() + 3600_000).toISOString();
      const response = await send({
        phone: nextPhone(),
        signature,
        template_id: verificationTemplate,
        template_params: { code: '1' },
        send_at: sendAt,
      });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ status: 'SCHEDULED', send_at: sendAt, queued_at: null });
    });

    it('tells idle dispatchers over Redis which kind was just queued, and nothing for scheduled messages', async () => {
      const subscriber = api.redis.redis.duplicate();
      const notices: string[] = [];
      subscriber.on('message', (_channel: string, message: string) => notices.push(message));
      await subscriber.subscribe(`${api.redis.keyPrefix}dispatch:queued`);
      try {
        const later = new Date(Date.now() + 3600_000).toISOString();
        const code = { signature, template_id: verificationTemplate, template_params: { code: '1' } };
        await expect(send({ ...code, phone: nextPhone(), send_at: later })).resolves.toMatchObject({
          status: 202,
        });
        const shipping = {
          signature,
          template_id: shippingTemplate,
          template_params: { name: 'A', order: 'B' },
        };
        await expect(send({ ...shipping, phone: nextPhone() })).resolves.toMatchObject({ status: 202 });
        await expect(send({ ...code, phone: nextPhone() })).resolves.toMatchObject({ status: 202 });
        // Publishes of one connection arrive in order: a notice for the scheduled code would have come first.
        await expect(
          waitFor(
            async () => [...notices],
            (seen) => seen.length >= 2,
            30_000,
          ),
        ).resolves.toEqual(['notification', 'verification']);
      } finally {
        await subscriber.quit();
      }
    });

    it('rejects a kind that contradicts the template', async () => {
      const response = await send({
        phone: nextPhone(),
        signature,
        template_id: verificationTemplate,
        template_params: { code: '1' },
        kind: 'marketing',
      });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'KIND_MISMATCH', field: 'kind' });
    });
  });

  describe('POST /v1/messages/batch', () => {
    it('accepts the good recipients and rejects the bad ones individually', async () => {
      const good1 = nextPhone();
      const good2 = nextPhone();
      const response = await sendBatch({
        signature,
        template_id: shippingTemplate,
        recipients: [
          { phone: good1, template_params: { name: '张三', order: 'A1' }, client_ref: 'r1' },
          { phone: '12345', template_params: { name: '李四', order: 'A2' } },
          { phone: `+86${good1}`, template_params: { name: '张三', order: 'A1' } },
          { phone: good2, template_params: { name: '王五' } },
          { phone: good2, template_params: { name: '王五', order: 'A4' }, extra: true },
          'not an object',
          { phone: good2, template_params: { name: '王五', order: 'A5' } },
        ],
      });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ accepted: 2, rejected: 5, status: 'QUEUED', segments: 2 });
      const results = response.body.results as Array<{
        index: number;
        result: string;
        id?: string;
        error?: { code: string; field: string };
      }>;
      expect(results.map((result) => [result.result, result.error?.code, result.error?.field])).toEqual([
        ['accepted', undefined, undefined],
        ['rejected', 'INVALID_PHONE', 'recipients[1].phone'],
        ['rejected', 'DUPLICATE_IN_BATCH', 'recipients[2].phone'],
        ['rejected', 'TEMPLATE_VARIABLE_MISSING', 'recipients[3].template_params.order'],
        ['rejected', 'UNKNOWN_FIELD', 'recipients[4].extra'],
        ['rejected', 'VALIDATION_FAILED', 'recipients[5]'],
        ['accepted', undefined, undefined],
      ]);
      const ids = results.filter((result) => result.id).map((result) => result.id);
      const stored = await api.database.dataSource.query(
        `SELECT content, batch_id FROM messages WHERE id = ANY($1::uuid[]) ORDER BY id`,
        [ids],
      );
      expect(stored).toEqual([
        { content: '【通道科技】张三您好，订单A1已发货。', batch_id: response.body.batch_id },
        { content: '【通道科技】王五您好，订单A5已发货。', batch_id: response.body.batch_id },
      ]);
    });

    it('stores ten thousand recipients in one request', async () => {
      const recipients = Array.from({ length: 10_000 }, (_, index) => ({
        phone: `139${String(index).padStart(8, '0')}`,
        template_params: { name: `客户${index}`, order: `SO-${index}` },
      }));
      const response = await sendBatch({ signature, template_id: shippingTemplate, recipients });
      expect(response.status).toBe(202);
      expect(response.body.accepted).toBe(10_000);
      const [{ count }] = await api.database.dataSource.query(
        `SELECT count(*)::int AS count FROM messages WHERE batch_id = $1`,
        [response.body.batch_id],
      );
      expect(count).toBe(10_000);
    });

    it('refuses more recipients than the limit as a whole', async () => {
      const recipients = Array.from({ length: api.config.limits.batchMaxRecipients + 1 }, () => ({
        phone: '13800138000',
      }));
      const response = await sendBatch({ signature, content: 'hello', recipients });
      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({ code: 'BATCH_TOO_LARGE', field: 'recipients' });
    });
  });

  describe('Idempotency-Key', () => {
    // A fresh number per request: verification codes are capped at 1 a minute per number (issue 9).
    const body = () => ({
      phone: nextPhone(),
      signature,
      template_id: verificationTemplate,
      template_params: { code: '42' },
    });

    it('returns the stored response for the same key and body without storing twice', async () => {
      const payload = body();
      const first = await send(payload, { 'Idempotency-Key': 'idem-same' });
      const second = await send(payload, { 'Idempotency-Key': 'idem-same' });
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      const [{ count }] = await api.database.dataSource.query(
        `SELECT count(*)::int AS count FROM messages WHERE id = $1`,
        [first.body.id],
      );
      expect(count).toBe(1);
    });

    it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with a different body', async () => {
      await expect(send(body(), { 'Idempotency-Key': 'idem-diff' })).resolves.toHaveProperty('status', 202);
      const response = await send(
        { ...body(), template_params: { code: '43' } },
        { 'Idempotency-Key': 'idem-diff' },
      );
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    });

    it('stores exactly one batch when identical requests race', async () => {
      // A notification: uncapped by default, so the racing requests' cap reservations do not enter into it.
      const payload = {
        signature,
        template_id: shippingTemplate,
        recipients: [{ phone: nextPhone(), template_params: { name: '张三', order: 'R7' } }],
      };
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => sendBatch(payload, { 'Idempotency-Key': 'idem-race' })),
      );
      expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
      expect(new Set(responses.map((response) => response.body.batch_id)).size).toBe(1);
      const [{ count }] = await api.database.dataSource.query(
        `SELECT count(*)::int AS count FROM messages WHERE batch_id = $1`,
        [responses[0]!.body.batch_id],
      );
      expect(count).toBe(1);
    });

    it('keeps keys per account', async () => {
      const other = await api.seed.createAccount(api.seed.operator, 'customer');
      await api.seed.approvedSignature(other, '通道科技');
      const otherKey = (await api.seed.issueKey(other)).fullKey;
      const otherTemplate = await api.seed.approvedTemplate(other, '验证码${code}', 'verification');
      await expect(send(body(), { 'Idempotency-Key': 'idem-shared' })).resolves.toHaveProperty('status', 202);
      const response = await api.http
        .post('/v1/messages')
        .set(bearer(otherKey))
        .set('Idempotency-Key', 'idem-shared')
        .send({
          phone: '13900000001',
          signature,
          template_id: otherTemplate,
          template_params: { code: '1' },
        });
      expect(response.status).toBe(202);
      expect(response.body.account_id).toBe(other.id);
    });
  });

  describe('GET /v1/messages/{id} and GET /v1/messages', () => {
    let lister: string;
    let sent: Array<{ id: string; phone: string; kind: string; client_ref: string | null; status: string }>;

    beforeAll(async () => {
      const account = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
      await api.seed.approvedSignature(account, '列表测试');
      const template = await api.seed.approvedTemplate(account, '验证码${code}', 'verification');
      lister = (await api.seed.issueKey(account)).fullKey;
      sent = [];
      for (let index = 0; index < 7; index += 1) {
        const verification = index % 2 === 0;
        const response = await api.http
          .post('/v1/messages')
          .set(bearer(lister))
          .send({
            phone: `1370000000${index}`,
            signature: '列表测试',
            ...(verification
              ? { template_id: template, template_params: { code: String(index) } }
              : { content: `通知${index}`, kind: 'marketing' }),
            client_ref: `ref-${index % 3}`,
            ...(index === 6 ? { send_at: new Date(Date.now() + 86_400_000).toISOString() } : {}),
          });
        expect(response.status).toBe(202);
        sent.push(response.body);
      }
    });

    const list = (query: string) => api.http.get(`/v1/messages${query}`).set(bearer(lister));

    it('returns one message with its history', async () => {
      const response = await api.http.get(`/v1/messages/${sent[0]!.id}`).set(bearer(lister));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: sent[0]!.id,
        status: 'QUEUED',
        events: [{ status: 'QUEUED' }],
      });
    });

    it('answers 404 for an unknown id and 400 INVALID_ID for a non-UUID', async () => {
      const unknown = await api.http
        .get('/v1/messages/01a2037c-2c08-707e-9913-847f02d36fa7')
        .set(bearer(lister));
      expect(unknown.status).toBe(404);
      const invalid = await api.http.get('/v1/messages/12345').set(bearer(lister));
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toMatchObject({ code: 'INVALID_ID', field: 'id' });
    });

    it('pages through everything newest first without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        seen.push(...response.body.data.map((message: { id: string }) => message.id));
        cursor = response.body.next_cursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(sent.map((message) => message.id).reverse());
    });

    it.each([
      [
        'phone (in any accepted format)',
        () => `?phone=${encodeURIComponent('+86 137 0000 0003')}`,
        (m: { phone: string }) => m.phone === '+8613700000003',
      ],
      ['status', () => '?status=SCHEDULED', (m: { status: string }) => m.status === 'SCHEDULED'],
      ['kind', () => '?kind=marketing', (m: { kind: string }) => m.kind === 'marketing'],
      [
        'client_ref',
        () => '?client_ref=ref-1',
        (m: { client_ref: string | null }) => m.client_ref === 'ref-1',
      ],
    ])('filters by %s', async (_, query, predicate) => {
      const response = await list(query());
      expect(response.status).toBe(200);
      const expected = sent
        .filter(predicate as (m: unknown) => boolean)
        .map((message) => message.id)
        .reverse();
      expect(expected.length).toBeGreaterThan(0);
      expect(response.body.data.map((message: { id: string }) => message.id)).toEqual(expected);
    });

    it('filters by time range', async () => {
      const all = (await list('?limit=200')).body.data as Array<{ id: string; created_at: string }>;
      const oldestFirst = [...all].reverse();
      const from = oldestFirst[2]!.created_at;
      const to = oldestFirst[5]!.created_at;
      const response = await list(`?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      expect(response.status).toBe(200);
      const expected = oldestFirst
        .filter((message) => message.created_at >= from && message.created_at < to)
        .map((message) => message.id);
      expect(response.body.data.map((message: { id: string }) => message.id).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThanOrEqual(2);
    });
  });

  it('publishes the OpenAPI document with the message routes and their schemas', async () => {
    const response = await api.http.get('/docs-json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/messages',
        '/v1/messages/batch',
        '/v1/messages/{id}',
        '/v1/templates/{id}/approve',
      ]),
    );
    expect(Object.keys(response.body.components.schemas)).toEqual(
      expect.arrayContaining(['SendMessageDto', 'SendBatchDto', 'BatchResultView', 'MessageView']),
    );
    expect(response.body.components.securitySchemes).toHaveProperty('bearer');
  });

  it('counts accepted and rejected recipients in /metrics', async () => {
    const response = await api.http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/tongdao_messages_accepted_total\{kind="notification"\} \d+/);
    expect(response.text).toMatch(
      /tongdao_messages_rejected_total\{kind="notification",reason="DUPLICATE_IN_BATCH"\} 1/,
    );
  });
});
