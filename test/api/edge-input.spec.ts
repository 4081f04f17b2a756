import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

/** Issue 10: one bad recipient never fails a batch; what the API answers is what it stored. */
describe('the API edge: per-recipient text checks, types and times', () => {
  let api: ApiTestApp;
  let signature: string;
  let templateId: string;

  beforeAll(async () => {
    api = await createApiTestApp();
    signature = await api.seed.approvedSignature(api.seed.operator, '通道科技');
    templateId = await api.seed.approvedTemplate(api.seed.operator, '您好${name}，订单${order}已发货');
  });

  afterAll(async () => {
    await api?.close();
  });

  const post = (path: string, body: unknown) =>
    api.http
      .post(path)
      .set(bearer(api.seed.operatorKey))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));

  it('rejects a recipient with unstorable text alone and stores the others as answered', async () => {
    const recipients = [
      { phone: '13900000001', template_params: { name: '张三😀', order: 'A1' }, client_ref: 'good-1' },
      { phone: '13900000002', template_params: { name: 'bad\u0000', order: 'A2' } },
      { phone: '13900000003', template_params: { name: '李四', order: 'A3' }, client_ref: 'bad\ud800' },
      { phone: '1390000\u00000004', template_params: { name: 'x', order: 'A4' } },
      { phone: 13900000005, template_params: { name: 'x', order: 'A5' } },
      { phone: '13900000006', template_params: { name: 'x', order: 'A6' }, client_ref: null },
      { phone: '13900000007', template_params: { name: '王五', order: 'A7' }, client_ref: 'good-7' },
    ];
    const response = await post('/v1/messages/batch', { signature, template_id: templateId, recipients });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 2, rejected: 5 });
    const errors = (
      response.body.results as Array<{ result: string; error?: { code: string; field: string } }>
    )
      .filter((result) => result.result === 'rejected')
      .map((result) => [result.error!.code, result.error!.field]);
    expect(errors).toEqual([
      ['TEXT_INVALID_CHARACTER', 'recipients[1].template_params.name'],
      ['TEXT_INVALID_CHARACTER', 'recipients[2].client_ref'],
      ['TEXT_INVALID_CHARACTER', 'recipients[3].phone'],
      ['VALIDATION_FAILED', 'recipients[4].phone'],
      ['VALIDATION_FAILED', 'recipients[5].client_ref'],
    ]);
    // The unstorable phone is not echoed back (the answer is stored with the idempotency record).
    expect(response.body.results[3]).not.toHaveProperty('phone');
    const rows = (await api.database.dataSource.query(
      `SELECT id, phone, content, client_ref, template_params FROM messages ORDER BY phone`,
    )) as Array<{ id: string; content: string; client_ref: string; template_params: Record<string, string> }>;
    expect(rows.map((row) => row.client_ref)).toEqual(['good-1', 'good-7']);
    expect(rows[0]!.template_params).toEqual({ name: '张三😀', order: 'A1' });
    const fetched = await api.http.get(`/v1/messages/${rows[0]!.id}`).set(bearer(api.seed.operatorKey));
    expect(fetched.body.content).toBe(rows[0]!.content);
    expect(fetched.body.content).toBe('【通道科技】您好张三😀，订单A1已发货');
  });

  it('answers INVALID_PHONE per recipient with its machine-readable reason', async () => {
    const response = await post('/v1/messages/batch', {
      signature,
      template_id: templateId,
      recipients: [
        { phone: '10012345678', template_params: { name: 'a', order: '1' } },
        { phone: '13900000011', template_params: { name: 'b', order: '2' } },
      ],
    });
    expect(response.status).toBe(202);
    expect(response.body.results[0].error).toMatchObject({
      code: 'INVALID_PHONE',
      reason: 'PHONE_INVALID_PREFIX',
      field: 'recipients[0].phone',
    });
    expect(response.body.results[1].result).toBe('accepted');
  });

  it('sends a send_at within the clock skew now, in single and batch sends', async () => {
    const sendAt = new Date(Date.now() - 60_000).toISOString();
    const single = await post('/v1/messages', {
      phone: '13900000021',
      signature,
      template_id: templateId,
      template_params: { name: 'a', order: '1' },
      send_at: sendAt,
    });
    expect(single.status).toBe(202);
    expect(single.body.status).toBe('QUEUED');
    expect(new Date(single.body.send_at).getTime()).toBeGreaterThan(Date.parse(sendAt));
    const batch = await post('/v1/messages/batch', {
      signature,
      template_id: templateId,
      send_at: sendAt,
      recipients: [{ phone: '13900000022', template_params: { name: 'a', order: '1' } }],
    });
    expect(batch.status).toBe(202);
    expect(batch.body.status).toBe('QUEUED');
  });

  it('refuses a numeric phone in single sends as in batches', async () => {
    const single = await post('/v1/messages', {
      phone: 13900000031,
      signature,
      template_id: templateId,
      template_params: { name: 'a', order: '1' },
    });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
  });

  describe('with WEBHOOK_ALLOWED_HOSTS', () => {
    let allowed: ApiTestApp;
    let sig: string;
    let template: string;

    beforeAll(async () => {
      allowed = await createApiTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,hooks.internal' });
      sig = await allowed.seed.approvedSignature(allowed.seed.operator, '通道科技');
      template = await allowed.seed.approvedTemplate(allowed.seed.operator, '订单${order}');
    }, 120_000);

    afterAll(async () => {
      await allowed?.close();
    });

    const sendWith = (phone: string, callbackUrl: string) =>
      allowed.http
        .post('/v1/messages')
        .set(bearer(allowed.seed.operatorKey))
        .send({
          phone,
          signature: sig,
          template_id: template,
          template_params: { order: '1' },
          callback_url: callbackUrl,
        });

    it('stores a callback_url on an allow-listed host as sent, and still refuses others', async () => {
      const response = await sendWith('13900000041', 'http://hooks.internal:8080/cb');
      expect(response.status).toBe(202);
      const [row] = await allowed.database.dataSource.query(`SELECT callback_url FROM messages`);
      expect(row.callback_url).toBe('http://hooks.internal:8080/cb');
      expect((await sendWith('13900000043', 'http://127.0.0.1:9000/cb')).status).toBe(202);
      const refused = await sendWith('13900000042', 'http://10.0.0.5/cb');
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'WEBHOOK_URL_UNSAFE', reason: 'URL_ADDRESS_PRIVATE' });
    });
  });
});
