import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';
import { BadInputContext, badInputCases } from './bad-input-cases';

const BODY_LIMIT = 64 * 1024;

describe('bad input gets a 4xx naming the problem, never a 500', () => {
  let api: ApiTestApp;
  let signature: string;
  let templateId: string;
  let pendingSignature: string;
  let restrictedKey: string;

  beforeAll(async () => {
    api = await createApiTestApp({ API_BODY_LIMIT_BYTES: String(BODY_LIMIT) });
    signature = await api.seed.approvedSignature(api.seed.operator, '通道科技');
    templateId = await api.seed.approvedTemplate(api.seed.operator, '验证码${code}', 'verification');
    pendingSignature = '待审签名';
    await api.database.dataSource.query(
      `INSERT INTO signatures (id, account_id, text, status) VALUES (gen_random_uuid(), $1, $2, 'pending')`,
      [api.seed.operator.id, pendingSignature],
    );
    const noFreeText = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: false });
    restrictedKey = (await api.seed.issueKey(noFreeText)).fullKey;
    Object.assign(ctx, {
      signature,
      templateId,
      pendingSignature,
      restrictedKey,
      operatorId: api.seed.operator.id,
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  // Filled in beforeAll; the cases read it lazily, when each runs.
  const ctx = { bodyLimit: BODY_LIMIT } as BadInputContext;
  const cases = badInputCases(ctx);

  it.each(cases)('%s', async (_, build) => {
    const bad = build();
    const method = bad.method ?? 'post';
    let request = api.http[method](bad.path ?? '/v1/messages').set(
      bad.headers?.Authorization ? {} : bearer(api.seed.operatorKey),
    );
    if (bad.headers) request = request.set(bad.headers);
    if (Buffer.isBuffer(bad.body)) request = request.serialize((bytes: unknown) => bytes as string);
    if (bad.body !== undefined) {
      request = request
        .set('Content-Type', bad.contentType ?? 'application/json')
        .send(
          typeof bad.body === 'string' || Buffer.isBuffer(bad.body) ? bad.body : JSON.stringify(bad.body),
        );
    }
    const response = await request;
    expect({
      status: response.status,
      code: response.body?.error?.code,
      field: response.body?.error?.field,
      reason: response.body?.error?.reason,
    }).toEqual({
      status: bad.status,
      code: bad.code,
      field: bad.field ?? response.body?.error?.field,
      reason: bad.reason ?? response.body?.error?.reason,
    });
    expect(typeof response.body.error.message).toBe('string');
  });

  it('never stored anything from the bad requests', async () => {
    const [{ count }] = await api.database.dataSource.query(`SELECT count(*)::int AS count FROM messages`);
    expect(count).toBe(0);
  });
});
