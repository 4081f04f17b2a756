import { randomUUID } from 'node:crypto';
import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { waitFor } from '@tongdao/testing';
import { bearer } from '../api/api-test-helpers';

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: SchemaRef }> };
}
interface SchemaRef {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  items?: SchemaRef;
  properties?: Record<string, SchemaRef>;
  required?: string[];
  allOf?: SchemaRef[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, SchemaRef> };
}

const MUTATING = ['post', 'put', 'patch', 'delete'];

/** Every mutating route is audited, generically; services add before/after values; parents see their subtree. */
describe('audit trail', () => {
  let api: ApiTestApp;
  let reseller: AccountEntity;
  let shop: AccountEntity;
  let sibling: AccountEntity;
  let resellerKey: string;
  let shopKey: string;
  let siblingKey: string;

  beforeAll(async () => {
    api = await createApiTestApp({ API_TRUSTED_PROXIES: 'loopback' });
    reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
    shop = await api.seed.createAccount(reseller, 'customer', { allowFreeText: true });
    sibling = await api.seed.createAccount(reseller, 'customer');
    resellerKey = (await api.seed.issueKey(reseller)).fullKey;
    shopKey = (await api.seed.issueKey(shop)).fullKey;
    siblingKey = (await api.seed.issueKey(sibling)).fullKey;
    await api.seed.approvedSignature(api.seed.operator, '通道');
  });

  afterAll(async () => {
    await api?.close();
  });

  interface StoredEntry {
    [column: string]: unknown;
    request: unknown;
    changes: Array<Record<string, unknown>>;
  }

  async function entries(where: string, parameters: unknown[]): Promise<StoredEntry[]> {
    return api.database.dataSource.query(
      `SELECT * FROM audit_entries WHERE ${where} ORDER BY id`,
      parameters,
    );
  }

  it('writes an entry for every mutating route in the OpenAPI document', async () => {
    const document = (await api.http.get('/docs-json')).body as OpenApiDocument;
    const target = await api.seed.createAccount(reseller, 'customer');
    const key = await api.seed.issueKey(target);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => MUTATING.includes(method))
        .map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(16);
    const answers: Array<{ method: string; route: string; status: number }> = [];
    for (const { path, method, operation } of operations) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'key_id' ? key.entity.id : ['id', 'account_id'].includes(name) ? target.id : randomUUID(),
      );
      const response = await api.http[method as 'post'](url)
        .set(bearer(api.seed.operatorKey))
        .set('X-Forwarded-For', '192.0.2.44')
        .send((sampleBody(document, operation) ?? {}) as object);
      answers.push({
        method: method.toUpperCase(),
        route: path.replace(/\{(\w+)\}/g, ':$1'),
        status: response.status,
      });
    }
    for (const answer of answers) {
      const found = await entries(`method = $1 AND route = $2 AND status = $3 AND ip = $4`, [
        answer.method,
        answer.route,
        answer.status,
        '192.0.2.44',
      ]);
      expect({ ...answer, audited: found.length > 0 }).toEqual({ ...answer, audited: true });
      expect(found[0]).toMatchObject({
        actor_account_id: api.seed.operator.id,
        actor_key_prefix: expect.stringMatching(/^td_live_/),
      });
    }
  });

  it('records who changed an account, from where, and the values before and after', async () => {
    const response = await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(resellerKey))
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ tps_limit: 50, refund_policy: 'undelivered' });
    expect(response.status).toBe(200);
    const [entry] = await entries(
      `route = '/v1/accounts/:id' AND method = 'PATCH' AND subject_account_id = $1`,
      [shop.id],
    );
    expect(entry).toMatchObject({
      actor_account_id: reseller.id,
      ip: '203.0.113.9',
      status: 200,
      error_code: null,
      resource_id: shop.id,
      request: { tps_limit: 50, refund_policy: 'undelivered' },
    });
    expect(entry!.changes).toEqual([
      {
        entity: 'account',
        id: shop.id,
        before: expect.objectContaining({ tps_limit: null, refund_policy: 'none' }),
        after: expect.objectContaining({ tps_limit: 50, refund_policy: 'undelivered' }),
      },
    ]);
  });

  it('records prices, balances, keys, signatures and templates with their before and after', async () => {
    await api.http
      .put(`/v1/accounts/${shop.id}/prices`)
      .set(bearer(resellerKey))
      .send({ prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 500 }] });
    const [prices] = await entries(`route = '/v1/accounts/:id/prices' AND subject_account_id = $1`, [
      shop.id,
    ]);
    expect(prices!.changes[0]).toMatchObject({
      entity: 'price_list',
      before: [],
      after: [{ carrier: 'CMCC', kind: 'notification', province: null, unit_price: 500 }],
    });

    await api.http
      .post(`/v1/accounts/${shop.id}/top-ups`)
      .set(bearer(resellerKey))
      .send({ amount: 10_000, reference: 'audit-1' });
    const [topUp] = await entries(`route = '/v1/accounts/:id/top-ups' AND subject_account_id = $1`, [
      shop.id,
    ]);
    expect(topUp!.changes[0]).toMatchObject({
      entity: 'balance',
      before: { balance: 0 },
      after: { balance: 10_000 },
    });

    const created = await api.http
      .post(`/v1/accounts/${shop.id}/api-keys`)
      .set(bearer(resellerKey))
      .send({ name: 'erp' });
    expect(created.status).toBe(201);
    const [keyEntry] = await entries(`route = '/v1/accounts/:account_id/api-keys' AND resource_id = $1`, [
      created.body.id,
    ]);
    expect(keyEntry!.changes[0]).toMatchObject({
      entity: 'api_key',
      before: null,
      after: { prefix: created.body.prefix },
    });
    const everything = JSON.stringify(await entries('true', []));
    expect(everything).not.toContain(created.body.key);
    expect(everything).not.toContain(created.body.signing_secret);

    const revoked = await api.http
      .delete(`/v1/accounts/${shop.id}/api-keys/${created.body.id}`)
      .set(bearer(resellerKey));
    expect(revoked.status).toBe(200);
    const [revocation] = await entries(`method = 'DELETE' AND resource_id = $1`, [created.body.id]);
    expect(revocation!.changes[0]).toMatchObject({
      before: { revoked_at: null },
      after: { revoked_at: expect.any(String) },
    });

    const signature = await api.http.post('/v1/signatures').set(bearer(shopKey)).send({ text: '审计商城' });
    await api.http.post(`/v1/signatures/${signature.body.id}/approve`).set(bearer(resellerKey)).send({});
    const [approval] = await entries(`route = '/v1/signatures/:id/approve' AND resource_id = $1`, [
      signature.body.id,
    ]);
    expect(approval).toMatchObject({ subject_account_id: shop.id, actor_account_id: reseller.id });
    expect(approval!.changes[0]).toMatchObject({
      before: { status: 'pending' },
      after: { status: 'approved' },
    });

    const template = await api.http
      .post('/v1/templates')
      .set(bearer(shopKey))
      .send({ name: 'ship', kind: 'notification', body: '您的订单${order}已发货' });
    const [submitted] = await entries(`route = '/v1/templates' AND resource_id = $1`, [template.body.id]);
    expect(submitted!.changes[0]).toMatchObject({ entity: 'template', after: { status: 'submitted' } });
  });

  it('records refusals with their error code, and message sends without their bodies', async () => {
    const refused = await api.http
      .patch(`/v1/accounts/${reseller.id}`)
      .set(bearer(shopKey))
      .send({ status: 'suspended' });
    expect(refused.status).toBe(404);
    // An entry is written once the response has gone out: wait for it rather than race it.
    const written = (where: string, parameters: unknown[]) =>
      waitFor(
        () => entries(where, parameters),
        (rows) => rows.length > 0,
      );
    const [denied] = await written(`actor_account_id = $1 AND status = 404`, [shop.id]);
    expect(denied).toMatchObject({ error_code: 'NOT_FOUND', subject_account_id: shop.id, changes: [] });

    const sent = await api.http
      .post('/v1/messages/batch')
      .set(bearer(shopKey))
      .send({ signature: '通道', content: '验证码 884213', recipients: [{ phone: '13800138000' }] });
    expect(sent.status).toBe(202);
    const [send] = await written(`route = '/v1/messages/batch' AND resource_id = $1`, [sent.body.batch_id]);
    expect(send).toMatchObject({ status: 202, request: null });
    expect(JSON.stringify(await entries('true', []))).not.toContain('884213');
  });

  it('keeps phone numbers out of audit entries of routes that take them, and only the size of raw uploads', async () => {
    const operator = bearer(api.seed.operatorKey);
    const set = await api.http
      .put('/v1/numbers/overrides/13912345678')
      .set(operator)
      .send({ carrier: 'CUCC' });
    expect(set.status).toBeLessThan(300);
    const upload = await api.http
      .post('/v1/numbers/overrides/import')
      .set(operator)
      .set('Content-Type', 'text/csv')
      .send('phone,carrier\n13912345679,CTCC\n');
    expect(upload.status).toBeLessThan(300);
    const [single] = await entries(
      `method = 'PUT' AND route = '/v1/numbers/overrides/:phone' AND status < 300`,
      [],
    );
    expect(single).toMatchObject({ path: '/v1/numbers/overrides/139****5678', resource_id: '139****5678' });
    const [bulk] = await entries(`route = '/v1/numbers/overrides/import' AND status < 300`, []);
    expect(bulk!.request).toEqual({ omitted: 'raw body', bytes: 'phone,carrier\n13912345679,CTCC\n'.length });
    const all = JSON.stringify(await entries('true', []));
    expect(all).not.toContain('13912345678');
    expect(all).not.toContain('13912345679');
  });

  it('redacts secrets and masks phone numbers in stored request bodies', async () => {
    await api.http
      .post('/v1/accounts')
      .set(bearer(resellerKey))
      .send({ name: '客服 13912345678', kind: 'customer', password: 'hunter2' });
    const [entry] = await entries(`route = '/v1/accounts' AND actor_account_id = $1 AND status = 400`, [
      reseller.id,
    ]);
    expect(entry!.request).toEqual({ name: '客服 139****5678', kind: 'customer', password: '[redacted]' });
  });

  it('lets a parent list its subtree, and never shows a child what its parent did', async () => {
    const asReseller = await api.http.get('/v1/audit?limit=200').set(bearer(resellerKey));
    expect(asReseller.status).toBe(200);
    const seen = asReseller.body.data as Array<{ actor: { account_id: string }; account_id: string }>;
    expect(seen.some((entry) => entry.actor.account_id === shop.id)).toBe(true);
    expect(seen.some((entry) => entry.actor.account_id === reseller.id && entry.account_id === shop.id)).toBe(
      true,
    );
    expect(seen.some((entry) => entry.actor.account_id === api.seed.operator.id)).toBe(false);

    const asShop = await api.http.get('/v1/audit?limit=200').set(bearer(shopKey));
    const own = asShop.body.data as Array<{ actor: { account_id: string } }>;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((entry) => entry.actor.account_id === shop.id)).toBe(true);

    const asSibling = await api.http.get('/v1/audit').set(bearer(siblingKey));
    expect(asSibling.body.data).toEqual([]);
    const foreign = await api.http.get(`/v1/audit?account_id=${shop.id}`).set(bearer(siblingKey));
    expect(foreign.status).toBe(404);

    const filtered = await api.http
      .get(`/v1/audit?account_id=${shop.id}&method=PATCH&limit=1`)
      .set(bearer(resellerKey));
    expect(filtered.body.data).toHaveLength(1);
    expect(filtered.body.data[0]).toMatchObject({ method: 'PATCH', account_id: shop.id });
    const next = await api.http
      .get(`/v1/audit?account_id=${shop.id}&limit=1&cursor=${filtered.body.next_cursor}`)
      .set(bearer(resellerKey));
    expect(Number(next.body.data[0].id)).toBeLessThan(Number(filtered.body.data[0].id));
  });
});

/** A body with every required field filled from the schema (enums, minimums, formats), so most calls succeed. */
function sampleBody(document: OpenApiDocument, operation: OpenApiOperation): unknown {
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  return schema ? sample(document, schema, 0) : undefined;
}

function sample(document: OpenApiDocument, schema: SchemaRef, depth: number): unknown {
  if (depth > 5) return undefined;
  if (schema.$ref)
    return sample(document, document.components.schemas[schema.$ref.split('/').pop()!]!, depth + 1);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((part) => sample(document, part, depth + 1)));
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? randomUUID() : 'audit-sample';
    case 'integer':
    case 'number':
      return schema.minimum !== undefined && schema.minimum > 0 ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default: {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? [])
        out[name] = sample(document, schema.properties?.[name] ?? {}, depth + 1);
      return out;
    }
  }
}
