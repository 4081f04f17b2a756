import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

describe('sub-accounts, API keys, signature and template review', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await createApiTestApp();
  });

  afterAll(async () => {
    await api?.close();
  });

  const asOperator = () => bearer(api.seed.operatorKey);

  it('builds a reseller tree over the API and hands out working keys shown once', async () => {
    const reseller = await api.http
      .post('/v1/accounts')
      .set(asOperator())
      .send({ name: '华南代理', kind: 'reseller' });
    expect(reseller.status).toBe(201);
    expect(reseller.body).toMatchObject({
      kind: 'reseller',
      parent_id: api.seed.operator.id,
      depth: 1,
      status: 'active',
      allow_free_text: false,
    });
    const resellerKey = await api.http
      .post(`/v1/accounts/${reseller.body.id}/api-keys`)
      .set(asOperator())
      .send({ name: 'reseller admin' });
    expect(resellerKey.status).toBe(201);
    expect(resellerKey.body.key).toMatch(/^td_live_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(resellerKey.body.key.startsWith(resellerKey.body.prefix)).toBe(true);
    expect(resellerKey.body.signing_secret).toMatch(/^tds_/);

    const customer = await api.http
      .post('/v1/accounts')
      .set(bearer(resellerKey.body.key))
      .send({ name: '某商城', kind: 'customer' });
    expect(customer.status).toBe(201);
    expect(customer.body).toMatchObject({ parent_id: reseller.body.id, depth: 2 });
    const grandchild = await api.http
      .post('/v1/accounts')
      .set(bearer(resellerKey.body.key))
      .send({ name: 'x', kind: 'customer', parent_id: customer.body.id });
    expect(grandchild.status).toBe(403);

    const listed = await api.http.get(`/v1/accounts/${reseller.body.id}/api-keys`).set(asOperator());
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ prefix: resellerKey.body.prefix, revoked_at: null });
    expect(JSON.stringify(listed.body)).not.toContain(resellerKey.body.key);
    expect(JSON.stringify(listed.body)).not.toContain(resellerKey.body.signing_secret);

    const stored = await api.database.dataSource.query(
      `SELECT secret_hash, signing_secret_encrypted FROM api_keys WHERE id = $1`,
      [resellerKey.body.id],
    );
    expect(stored[0].signing_secret_encrypted).not.toContain(resellerKey.body.signing_secret);

    const updated = await api.http
      .patch(`/v1/accounts/${customer.body.id}`)
      .set(bearer(resellerKey.body.key))
      .send({ allow_free_text: true, name: '某商城旗舰店' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ allow_free_text: true, name: '某商城旗舰店' });
  });

  it('takes a signature from pending to approved by the parent, and only then allows sending with it', async () => {
    const reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
    const customer = await api.seed.createAccount(reseller, 'customer', { allowFreeText: true });
    const resellerKey = (await api.seed.issueKey(reseller)).fullKey;
    const customerKey = (await api.seed.issueKey(customer)).fullKey;

    const submitted = await api.http
      .post('/v1/signatures')
      .set(bearer(customerKey))
      .send({ text: '好物商城' });
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('pending');
    const duplicate = await api.http
      .post('/v1/signatures')
      .set(bearer(customerKey))
      .send({ text: '好物商城' });
    expect(duplicate.status).toBe(409);

    const early = await api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({ phone: '13800138000', signature: '好物商城', content: '测试' });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'SIGNATURE_NOT_APPROVED', field: 'signature' });

    const selfApproval = await api.http
      .post(`/v1/signatures/${submitted.body.id}/approve`)
      .set(bearer(customerKey))
      .send({});
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.error.code).toBe('REVIEW_NOT_ALLOWED');

    const approved = await api.http
      .post(`/v1/signatures/${submitted.body.id}/approve`)
      .set(bearer(resellerKey))
      .send({});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', reviewer_account_id: reseller.id });
    const again = await api.http
      .post(`/v1/signatures/${submitted.body.id}/reject`)
      .set(asOperator())
      .send({ reason: 'late' });
    expect(again.status).toBe(409);

    const sent = await api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({ phone: '13800138000', signature: '好物商城', content: '测试' });
    expect(sent.status).toBe(202);
    expect(sent.body.content).toBe('【好物商城】测试');
  });

  it('extracts template variables, lets the operator reject with a reason, and enforces approval and variables on send', async () => {
    const customer = await api.seed.createAccount(api.seed.operator, 'customer');
    const customerKey = (await api.seed.issueKey(customer)).fullKey;
    await api.seed.approvedSignature(customer, '快递通知');

    const submitted = await api.http.post('/v1/templates').set(bearer(customerKey)).send({
      name: '取件',
      kind: 'notification',
      body: '您的快递已到${station}，取件码${code}，请凭${code}取件。',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'submitted', variables: ['station', 'code'] });

    const unapproved = await api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({
        phone: '13800138000',
        signature: '快递通知',
        template_id: submitted.body.id,
        template_params: { station: 'A', code: '1' },
      });
    expect(unapproved.status).toBe(422);
    expect(unapproved.body.error).toMatchObject({ code: 'TEMPLATE_NOT_APPROVED', field: 'template_id' });

    const rejected = await api.http
      .post(`/v1/templates/${submitted.body.id}/reject`)
      .set(asOperator())
      .send({ reason: '缺少退订方式' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '缺少退订方式' });

    const second = await api.http
      .post('/v1/templates')
      .set(bearer(customerKey))
      .send({ name: '取件2', kind: 'notification', body: '快递已到${station}，取件码${code}' });
    await expect(
      api.http.post(`/v1/templates/${second.body.id}/approve`).set(asOperator()).send({}),
    ).resolves.toHaveProperty('status', 200);
    const missing = await api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({
        phone: '13800138000',
        signature: '快递通知',
        template_id: second.body.id,
        template_params: { station: 'A' },
      });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({
      code: 'TEMPLATE_VARIABLE_MISSING',
      field: 'template_params.code',
    });
    const ok = await api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({
        phone: '13800138000',
        signature: '快递通知',
        template_id: second.body.id,
        template_params: { station: '东门驿站', code: '8-2-1024' },
      });
    expect(ok.status).toBe(202);
    expect(ok.body.content).toBe('【快递通知】快递已到东门驿站，取件码8-2-1024');

    const listed = await api.http.get('/v1/templates?status=approved').set(bearer(customerKey));
    expect(listed.body.data.map((template: { id: string }) => template.id)).toEqual([second.body.id]);
  });

  it('lets the operator approve its own submissions, and children use an ancestor’s signature', async () => {
    const own = await api.http.post('/v1/signatures').set(asOperator()).send({ text: '平台自营' });
    await expect(
      api.http.post(`/v1/signatures/${own.body.id}/approve`).set(asOperator()).send({}),
    ).resolves.toHaveProperty('status', 200);
    const customer = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
    const customerKey = (await api.seed.issueKey(customer)).fullKey;
    const sent = await api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({ phone: '13800138000', signature: '平台自营', content: '你好' });
    expect(sent.status).toBe(202);
  });
});
