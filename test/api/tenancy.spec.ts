import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

/**
 * operator
 *  └─ reseller
 *      ├─ alice (customer)
 *      └─ bob (customer, alice's sibling)
 */
describe('tenant isolation', () => {
  let api: ApiTestApp;
  let reseller: AccountEntity;
  let alice: AccountEntity;
  let bob: AccountEntity;
  let resellerKey: string;
  let aliceKey: string;
  let bobKey: string;
  let aliceMessageId: string;
  let aliceTemplateId: string;

  beforeAll(async () => {
    api = await createApiTestApp();
    reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
    alice = await api.seed.createAccount(reseller, 'customer', { allowFreeText: true });
    bob = await api.seed.createAccount(reseller, 'customer', { allowFreeText: true });
    resellerKey = (await api.seed.issueKey(reseller)).fullKey;
    aliceKey = (await api.seed.issueKey(alice)).fullKey;
    bobKey = (await api.seed.issueKey(bob)).fullKey;
    await api.seed.approvedSignature(reseller, '代理品牌');
    aliceTemplateId = await api.seed.approvedTemplate(alice, '爱丽丝的模板${x}');
    const sent = await api.http
      .post('/v1/messages')
      .set(bearer(aliceKey))
      .send({ phone: '13800138000', signature: '代理品牌', content: '你好' });
    expect(sent.status).toBe(202);
    aliceMessageId = sent.body.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('a sibling', () => {
    it('cannot read the other’s message, account, keys or template', async () => {
      for (const path of [
        `/v1/messages/${aliceMessageId}`,
        `/v1/accounts/${alice.id}`,
        `/v1/accounts/${alice.id}/api-keys`,
        `/v1/templates/${aliceTemplateId}`,
      ]) {
        const response = await api.http.get(path).set(bearer(bobKey));
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
    });

    it('cannot list the other’s messages by naming its account', async () => {
      const response = await api.http.get(`/v1/messages?account_id=${alice.id}`).set(bearer(bobKey));
      expect(response.status).toBe(404);
      expect(response.body.error.field).toBe('account_id');
      const own = await api.http.get('/v1/messages').set(bearer(bobKey));
      expect(own.body.data).toEqual([]);
    });

    it('cannot send on the other’s behalf, use its template, or change it', async () => {
      const onBehalf = await api.http
        .post('/v1/messages')
        .set(bearer(bobKey))
        .send({ phone: '13800138000', signature: '代理品牌', content: '冒充', account_id: alice.id });
      expect(onBehalf.status).toBe(404);
      const template = await api.http
        .post('/v1/messages')
        .set(bearer(bobKey))
        .send({
          phone: '13800138000',
          signature: '代理品牌',
          template_id: aliceTemplateId,
          template_params: { x: '1' },
        });
      expect(template.status).toBe(422);
      expect(template.body.error.code).toBe('TEMPLATE_NOT_FOUND');
      const suspend = await api.http
        .patch(`/v1/accounts/${alice.id}`)
        .set(bearer(bobKey))
        .send({ status: 'suspended' });
      expect(suspend.status).toBe(404);
      const key = await api.http
        .post(`/v1/accounts/${alice.id}/api-keys`)
        .set(bearer(bobKey))
        .send({ name: 'steal' });
      expect(key.status).toBe(404);
    });

    it('cannot review the other’s template', async () => {
      const submitted = await api.http
        .post('/v1/templates')
        .set(bearer(aliceKey))
        .send({ name: 't', kind: 'notification', body: '待审${x}' });
      const response = await api.http
        .post(`/v1/templates/${submitted.body.id}/approve`)
        .set(bearer(bobKey))
        .send({});
      expect(response.status).toBe(404);
    });
  });

  describe('a child', () => {
    it('cannot see or change its parent', async () => {
      await expect(api.http.get(`/v1/accounts/${reseller.id}`).set(bearer(aliceKey))).resolves.toHaveProperty(
        'status',
        404,
      );
      const response = await api.http
        .patch(`/v1/accounts/${reseller.id}`)
        .set(bearer(aliceKey))
        .send({ allow_free_text: true });
      expect(response.status).toBe(404);
    });

    it('cannot change itself', async () => {
      const response = await api.http
        .patch(`/v1/accounts/${alice.id}`)
        .set(bearer(aliceKey))
        .send({ allow_free_text: false });
      expect(response.status).toBe(403);
    });
  });

  describe('a parent', () => {
    it('reads a descendant’s message by id and lists its messages with account_id', async () => {
      await expect(
        api.http.get(`/v1/messages/${aliceMessageId}`).set(bearer(resellerKey)),
      ).resolves.toHaveProperty('status', 200);
      await expect(
        api.http.get(`/v1/messages/${aliceMessageId}`).set(bearer(api.seed.operatorKey)),
      ).resolves.toHaveProperty('status', 200);
      const listed = await api.http.get(`/v1/messages?account_id=${alice.id}`).set(bearer(resellerKey));
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((message: { id: string }) => message.id)).toEqual([aliceMessageId]);
      const ownList = await api.http.get('/v1/messages').set(bearer(resellerKey));
      expect(ownList.body.data).toEqual([]);
    });

    it('sends on behalf of a descendant', async () => {
      const response = await api.http
        .post('/v1/messages')
        .set(bearer(resellerKey))
        .send({ phone: '13800138001', signature: '代理品牌', content: '代发', account_id: bob.id });
      expect(response.status).toBe(202);
      expect(response.body.account_id).toBe(bob.id);
    });

    it('lists only its own descendants', async () => {
      const response = await api.http.get('/v1/accounts').set(bearer(resellerKey));
      expect(response.status).toBe(200);
      expect(response.body.data.map((account: { id: string }) => account.id).sort()).toEqual(
        [alice.id, bob.id].sort(),
      );
    });
  });
});
