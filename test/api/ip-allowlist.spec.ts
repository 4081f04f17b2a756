import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

/** IP allow-lists (IPv4 and IPv6 CIDRs) on every authenticated request, through the cached key record. */
describe('IP allow-list', () => {
  let api: ApiTestApp;
  let reseller: AccountEntity;
  let shop: AccountEntity;
  let resellerKey: string;
  let shopKey: string;

  beforeAll(async () => {
    // Requests come from loopback; the client address is taken from X-Forwarded-For of the (trusted) loopback proxy.
    api = await createApiTestApp({ API_TRUSTED_PROXIES: 'loopback' });
    reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
    shop = await api.seed.createAccount(reseller, 'customer', { allowFreeText: true });
    resellerKey = (await api.seed.issueKey(reseller)).fullKey;
    shopKey = (await api.seed.issueKey(shop)).fullKey;
    await api.seed.approvedSignature(api.seed.operator, '通道');
  });

  afterAll(async () => {
    await api?.close();
  });

  const me = (from: string) =>
    api.http.get('/v1/accounts/me').set(bearer(shopKey)).set('X-Forwarded-For', from);

  it('allows every address while the list is empty', async () => {
    await expect(me('198.51.100.1').then((r) => r.status)).resolves.toBe(200);
    await expect(me('2001:db8::1').then((r) => r.status)).resolves.toBe(200);
  });

  it('admits only the listed IPv4 and IPv6 networks, on every route, as soon as the list is set', async () => {
    // Warm the key cache first: the change must still apply at once.
    await expect(me('198.51.100.1').then((r) => r.status)).resolves.toBe(200);
    const set = await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(resellerKey))
      .send({ ip_allowlist: ['203.0.113.0/24', '2001:DB8:0::/32'] });
    expect(set.status).toBe(200);
    expect(set.body.ip_allowlist).toEqual(['203.0.113.0/24', '2001:db8::/32']);

    await expect(me('203.0.113.77').then((r) => r.status)).resolves.toBe(200);
    await expect(me('2001:db8:1234::5').then((r) => r.status)).resolves.toBe(200);
    const refused = await me('198.51.100.1');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'IP_NOT_ALLOWED' });
    expect(refused.body.error.message).toContain('198.51.100.1');
    await expect(me('2001:db9::1').then((r) => r.status)).resolves.toBe(403);
    await expect(me('203.0.114.1').then((r) => r.status)).resolves.toBe(403);

    const send = (from: string) =>
      api.http
        .post('/v1/messages')
        .set(bearer(shopKey))
        .set('X-Forwarded-For', from)
        .send({ phone: '13800138000', signature: '通道', content: '测试' });
    await expect(send('198.51.100.1').then((r) => r.body.error?.code)).resolves.toBe('IP_NOT_ALLOWED');
    await expect(send('203.0.113.1').then((r) => r.status)).resolves.toBe(202);

    // Only the account's own keys are bound by it: the reseller calls from anywhere.
    await expect(
      api.http
        .get(`/v1/accounts/${shop.id}`)
        .set(bearer(resellerKey))
        .set('X-Forwarded-For', '198.51.100.1')
        .then((r) => r.status),
    ).resolves.toBe(200);
  });

  it('lets an account set its own list but nothing else about itself', async () => {
    const own = await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(shopKey))
      .set('X-Forwarded-For', '203.0.113.1')
      .send({ ip_allowlist: ['203.0.113.1', '::1'] });
    expect(own.status).toBe(200);
    expect(own.body.ip_allowlist).toEqual(['203.0.113.1/32', '::1/128']);
    await expect(me('203.0.113.2').then((r) => r.status)).resolves.toBe(403);
    const more = await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(shopKey))
      .set('X-Forwarded-For', '203.0.113.1')
      .send({ ip_allowlist: [], tps_limit: 1000 });
    expect(more.status).toBe(403);
    expect(more.body.error.field).toBe('tps_limit');
  });

  it('refuses malformed networks naming the entry', async () => {
    const response = await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(resellerKey))
      .send({ ip_allowlist: ['10.0.0.0/8', '10.1.2.3/8'] });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'ip_allowlist[1]' });
    expect(response.body.error.message).toContain('host bits');
  });

  it('checks the real peer address of an IPv6 connection', async () => {
    await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(resellerKey))
      .send({ ip_allowlist: ['::1/128'] });
    const server = api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '::', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const call = (host: string) =>
        fetch(`http://${host}:${port}/v1/accounts/me`, { headers: bearer(shopKey) }).then((r) => r.status);
      await expect(call('[::1]')).resolves.toBe(200);
      await expect(call('127.0.0.1')).resolves.toBe(403);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
