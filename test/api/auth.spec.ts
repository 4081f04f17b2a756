import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer, signedHeaders } from './api-test-helpers';

describe('API authentication', () => {
  let api: ApiTestApp;
  let customer: AccountEntity;

  beforeAll(async () => {
    api = await createApiTestApp();
    customer = await api.seed.createAccount(api.seed.operator, 'customer');
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('bearer keys', () => {
    it('accepts a valid key', async () => {
      const key = await api.seed.issueKey(customer);
      const response = await api.http.get('/v1/accounts/me').set(bearer(key.fullKey));
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(customer.id);
    });

    it.each([
      ['no Authorization header', undefined],
      ['a non-bearer scheme', 'Basic dXNlcjpwYXNz'],
      ['a malformed key', 'Bearer nonsense'],
      ['an unknown key', 'Bearer td_live_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ])('rejects %s with 401 UNAUTHENTICATED', async (_, header) => {
      const request = api.http.get('/v1/accounts/me');
      if (header) request.set('Authorization', header);
      const response = await request;
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('rejects the right prefix with the wrong secret', async () => {
      const key = await api.seed.issueKey(customer);
      const forged = `${key.entity.prefix}_${'A'.repeat(43)}`;
      const response = await api.http.get('/v1/accounts/me').set(bearer(forged));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('stops a revoked key at once, even right after it was cached', async () => {
      const key = await api.seed.issueKey(customer);
      await expect(api.http.get('/v1/accounts/me').set(bearer(key.fullKey))).resolves.toHaveProperty(
        'status',
        200,
      );
      const revoke = await api.http
        .delete(`/v1/accounts/${customer.id}/api-keys/${key.entity.id}`)
        .set(bearer(api.seed.operatorKey));
      expect(revoke.status).toBe(200);
      expect(revoke.body.revoked_at).not.toBeNull();
      const response = await api.http.get('/v1/accounts/me').set(bearer(key.fullKey));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('API_KEY_REVOKED');
    });

    it('refuses keys of a suspended account and of accounts below it', async () => {
      const reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
      const child = await api.seed.createAccount(reseller, 'customer');
      const resellerKey = await api.seed.issueKey(reseller);
      const childKey = await api.seed.issueKey(child);
      await expect(api.http.get('/v1/accounts/me').set(bearer(childKey.fullKey))).resolves.toHaveProperty(
        'status',
        200,
      );
      const suspend = await api.http
        .patch(`/v1/accounts/${reseller.id}`)
        .set(bearer(api.seed.operatorKey))
        .send({ status: 'suspended' });
      expect(suspend.status).toBe(200);
      for (const key of [resellerKey, childKey]) {
        const response = await api.http.get('/v1/accounts/me').set(bearer(key.fullKey));
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('ACCOUNT_SUSPENDED');
      }
    });
  });

  describe('scopes', () => {
    it('allows what the key was granted and refuses the rest with 403 INSUFFICIENT_SCOPE', async () => {
      const key = await api.seed.issueKey(customer, { scopes: ['messages:read'] });
      await expect(api.http.get('/v1/messages').set(bearer(key.fullKey))).resolves.toHaveProperty(
        'status',
        200,
      );
      const send = await api.http
        .post('/v1/messages')
        .set(bearer(key.fullKey))
        .send({ phone: '13800138000', signature: 'xx', content: 'hi' });
      expect(send.status).toBe(403);
      expect(send.body.error.code).toBe('INSUFFICIENT_SCOPE');
      const keys = await api.http.get(`/v1/accounts/${customer.id}/api-keys`).set(bearer(key.fullKey));
      expect(keys.status).toBe(403);
    });

    it('never lets a key grant scopes it does not have', async () => {
      const key = await api.seed.issueKey(customer, { scopes: ['keys:write', 'messages:read'] });
      const response = await api.http
        .post(`/v1/accounts/${customer.id}/api-keys`)
        .set(bearer(key.fullKey))
        .send({ name: 'escalate', scopes: ['messages:send'] });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_SCOPE', field: 'scopes' });
    });
  });

  describe('HMAC request signing', () => {
    const path = '/v1/signatures';

    it('requires a signature from a key flagged require_signature', async () => {
      const key = await api.seed.issueKey(customer, { requireSignature: true });
      const response = await api.http.get(path).set(bearer(key.fullKey));
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('SIGNATURE_REQUIRED');
      // Header names are spelled in errors as everywhere else in the documentation.
      expect(response.body.error.field).toBe('X-Tongdao-Timestamp');
      const partly = await api.http
        .get(path)
        .set(bearer(key.fullKey))
        .set({
          'x-tongdao-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-tongdao-nonce': 'n'.repeat(16),
        });
      expect(partly.body.error).toMatchObject({ code: 'SIGNATURE_REQUIRED', field: 'X-Tongdao-Signature' });
    });

    it('accepts a correctly signed GET and POST', async () => {
      const key = await api.seed.issueKey(customer, { requireSignature: true });
      const get = await api.http
        .get(`${path}?status=pending`)
        .set(bearer(key.fullKey))
        .set(signedHeaders(key.signingSecret, { method: 'GET', pathWithQuery: `${path}?status=pending` }));
      expect(get.status).toBe(200);
      const body = JSON.stringify({ text: '签名测试' });
      const post = await api.http
        .post(path)
        .set(bearer(key.fullKey))
        .set('Content-Type', 'application/json')
        .set(signedHeaders(key.signingSecret, { method: 'POST', pathWithQuery: path, body }))
        .send(body);
      expect(post.status).toBe(201);
    });

    it('rejects a replayed nonce', async () => {
      const key = await api.seed.issueKey(customer);
      const headers = signedHeaders(key.signingSecret, { method: 'GET', pathWithQuery: path });
      await expect(api.http.get(path).set(bearer(key.fullKey)).set(headers)).resolves.toHaveProperty(
        'status',
        200,
      );
      const replay = await api.http.get(path).set(bearer(key.fullKey)).set(headers);
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('NONCE_REPLAYED');
    });

    // Well past the 300 s window: the timestamp is whole seconds, and a request on a loaded machine takes time, so
    // 301 s ahead could arrive less than 300 s ahead of the server's clock.
    it.each([
      ['more than 5 minutes old', -330],
      ['more than 5 minutes in the future', 330],
    ])('rejects a timestamp %s as SIGNATURE_EXPIRED', async (_, offsetSeconds) => {
      const key = await api.seed.issueKey(customer);
      const timestamp = Math.floor(Date.now() / 1000) + offsetSeconds;
      const response = await api.http
        .get(path)
        .set(bearer(key.fullKey))
        .set(signedHeaders(key.signingSecret, { method: 'GET', pathWithQuery: path, timestamp }));
      expect(response.status).toBe(401);
      expect(response.body.error).toMatchObject({ code: 'SIGNATURE_EXPIRED', field: 'X-Tongdao-Timestamp' });
    });

    it('rejects a signature made with another secret, over another path, or over another body', async () => {
      const key = await api.seed.issueKey(customer);
      const other = await api.seed.issueKey(customer);
      const wrongSecret = await api.http
        .get(path)
        .set(bearer(key.fullKey))
        .set(signedHeaders(other.signingSecret, { method: 'GET', pathWithQuery: path }));
      const wrongPath = await api.http
        .get(path)
        .set(bearer(key.fullKey))
        .set(signedHeaders(key.signingSecret, { method: 'GET', pathWithQuery: '/v1/templates' }));
      const wrongBody = await api.http
        .post(path)
        .set(bearer(key.fullKey))
        .set('Content-Type', 'application/json')
        .set(
          signedHeaders(key.signingSecret, { method: 'POST', pathWithQuery: path, body: '{"text":"原文"}' }),
        )
        .send('{"text":"篡改"}');
      for (const response of [wrongSecret, wrongPath, wrongBody]) {
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('SIGNATURE_INVALID');
      }
    });

    it('does not burn the nonce of a request whose signature is bad', async () => {
      const key = await api.seed.issueKey(customer);
      const good = signedHeaders(key.signingSecret, { method: 'GET', pathWithQuery: path });
      const bad = await api.http
        .get(path)
        .set(bearer(key.fullKey))
        .set({ ...good, 'X-Tongdao-Signature': '0'.repeat(64) });
      expect(bad.status).toBe(401);
      await expect(api.http.get(path).set(bearer(key.fullKey)).set(good)).resolves.toHaveProperty(
        'status',
        200,
      );
    });
  });
});
