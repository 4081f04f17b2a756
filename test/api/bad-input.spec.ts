import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

interface BadRequest {
  method?: 'get' | 'post' | 'patch';
  path?: string;
  /** A string is sent byte-for-byte as application/json; anything else is JSON-encoded. */
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
  status: number;
  code: string;
  field?: string;
}

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
  });

  afterAll(async () => {
    await api?.close();
  });

  const message = (overrides: Record<string, unknown> = {}) => ({
    phone: '13800138000',
    signature,
    template_id: templateId,
    template_params: { code: '1234' },
    ...overrides,
  });
  const withoutKey = (record: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
  const batch = (overrides: Record<string, unknown> = {}) => ({
    signature,
    template_id: templateId,
    recipients: [{ phone: '13800138000', template_params: { code: '1' } }],
    ...overrides,
  });

  const cases: Array<[string, () => BadRequest]> = [
    [
      'malformed JSON',
      () => ({ body: '{"phone": "1380013', status: 400, code: 'MALFORMED_JSON', field: 'body' }),
    ],
    [
      'oversize body',
      () => ({
        body: JSON.stringify(message({ content: 'x'.repeat(BODY_LIMIT) })),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        field: 'body',
      }),
    ],
    [
      'phone of the wrong type',
      () => ({
        body: message({ phone: 13800138000 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'phone',
      }),
    ],
    [
      'template_params of the wrong type',
      () => ({
        body: message({ template_params: 'code=1' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'template_params',
      }),
    ],
    [
      'a template variable that is an object',
      () => ({
        body: message({ template_params: { code: { nested: 1 } } }),
        status: 422,
        code: 'TEMPLATE_VARIABLE_INVALID',
        field: 'template_params.code',
      }),
    ],
    [
      'an unknown field',
      () => ({ body: message({ sender_id: 'x' }), status: 400, code: 'UNKNOWN_FIELD', field: 'sender_id' }),
    ],
    [
      'a missing phone',
      () => ({
        body: withoutKey(message(), 'phone'),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'phone',
      }),
    ],
    [
      'a bad phone number',
      () => ({ body: message({ phone: '12345' }), status: 400, code: 'INVALID_PHONE', field: 'phone' }),
    ],
    [
      'a mainland number with a bad prefix',
      () => ({ body: message({ phone: '10012345678' }), status: 400, code: 'INVALID_PHONE', field: 'phone' }),
    ],
    [
      'an unknown template',
      () => ({
        body: message({ template_id: '5b0c3f8e-1d2a-4c6b-9e7f-0a1b2c3d4e5f' }),
        status: 422,
        code: 'TEMPLATE_NOT_FOUND',
        field: 'template_id',
      }),
    ],
    [
      'a template id that is not a UUID',
      () => ({
        body: message({ template_id: 'SMS_123' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'template_id',
      }),
    ],
    [
      'a missing template variable',
      () => ({
        body: message({ template_params: {} }),
        status: 422,
        code: 'TEMPLATE_VARIABLE_MISSING',
        field: 'template_params.code',
      }),
    ],
    [
      'a variable the template does not have',
      () => ({
        body: message({ template_params: { code: '1', extra: '2' } }),
        status: 422,
        code: 'TEMPLATE_VARIABLE_INVALID',
        field: 'template_params.extra',
      }),
    ],
    [
      'an unapproved signature',
      () => ({
        body: message({ signature: pendingSignature }),
        status: 422,
        code: 'SIGNATURE_NOT_APPROVED',
        field: 'signature',
      }),
    ],
    [
      'an unknown signature',
      () => ({
        body: message({ signature: '无此签名' }),
        status: 422,
        code: 'SIGNATURE_NOT_FOUND',
        field: 'signature',
      }),
    ],
    [
      'both template_id and content',
      () => ({ body: message({ content: 'hi' }), status: 400, code: 'VALIDATION_FAILED', field: 'content' }),
    ],
    [
      'neither template_id nor content',
      () => ({
        body: withoutKey(withoutKey(message(), 'template_id'), 'template_params'),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'template_id',
      }),
    ],
    [
      'free text from an account without the privilege',
      () => ({
        headers: bearer(restrictedKey),
        body: { phone: '13800138000', signature, content: 'hi' },
        status: 403,
        code: 'FREE_TEXT_NOT_ALLOWED',
        field: 'content',
      }),
    ],
    [
      'content longer than ten segments',
      () => ({
        body: { phone: '13800138000', signature, content: '长'.repeat(700) },
        status: 422,
        code: 'CONTENT_TOO_LONG',
        field: 'content',
      }),
    ],
    [
      'an unknown kind',
      () => ({ body: message({ kind: 'spam' }), status: 400, code: 'VALIDATION_FAILED', field: 'kind' }),
    ],
    [
      'a send_at that is not a time',
      () => ({
        body: message({ send_at: 'tomorrow' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'send_at',
      }),
    ],
    [
      'a send_at beyond 90 days',
      () => ({
        body: message({ send_at: new Date(Date.now() + 100 * 86_400_000).toISOString() }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'send_at',
      }),
    ],
    [
      'a callback_url that is not http(s)',
      () => ({
        body: message({ callback_url: 'ftp://example.com/x' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'callback_url',
      }),
    ],
    [
      'an account_id that is not a UUID',
      () => ({
        body: message({ account_id: '42' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'account_id',
      }),
    ],
    [
      'a body that is a JSON array',
      () => ({ body: '[1,2]', status: 400, code: 'UNKNOWN_FIELD', field: '[0]' }),
    ],
    [
      'a body that is not JSON at all',
      () => ({
        body: 'phone=138',
        contentType: 'text/plain',
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'phone',
      }),
    ],
    [
      'an Idempotency-Key with spaces',
      () => ({
        body: message(),
        headers: { 'Idempotency-Key': 'has spaces' },
        status: 400,
        code: 'IDEMPOTENCY_KEY_INVALID',
        field: 'Idempotency-Key',
      }),
    ],
    [
      'batch recipients that are not an array',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ recipients: { phone: '138' } }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'recipients',
      }),
    ],
    [
      'an empty batch',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ recipients: [] }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'recipients',
      }),
    ],
    [
      'an unknown batch field',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ priority: 'high' }),
        status: 400,
        code: 'UNKNOWN_FIELD',
        field: 'priority',
      }),
    ],
    [
      'a batch with a malformed envelope type',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ signature: 7 }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'signature',
      }),
    ],
    [
      'a batch that is a JSON array',
      () => ({
        path: '/v1/messages/batch',
        body: '[]',
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body',
      }),
    ],
    [
      'a bad cursor',
      () => ({
        method: 'get',
        path: '/v1/messages?cursor=not-a-cursor',
        status: 400,
        code: 'INVALID_CURSOR',
        field: 'cursor',
      }),
    ],
    [
      'a forged cursor',
      () => ({
        method: 'get',
        path: `/v1/messages?cursor=${Buffer.from('2026-01-01T00:00:00.000Z|nope').toString('base64url')}`,
        status: 400,
        code: 'INVALID_CURSOR',
        field: 'cursor',
      }),
    ],
    [
      'an unknown status filter',
      () => ({
        method: 'get',
        path: '/v1/messages?status=SENT',
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'status',
      }),
    ],
    [
      'a limit of zero',
      () => ({
        method: 'get',
        path: '/v1/messages?limit=0',
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'limit',
      }),
    ],
    [
      'a non-numeric limit',
      () => ({
        method: 'get',
        path: '/v1/messages?limit=ten',
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'limit',
      }),
    ],
    [
      'a bad phone filter',
      () => ({
        method: 'get',
        path: '/v1/messages?phone=abc',
        status: 400,
        code: 'INVALID_PHONE',
        field: 'phone',
      }),
    ],
    [
      'a from that is not a time',
      () => ({
        method: 'get',
        path: '/v1/messages?from=yesterday',
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'from',
      }),
    ],
    [
      'an unknown query parameter',
      () => ({
        method: 'get',
        path: '/v1/messages?sort=asc',
        status: 400,
        code: 'UNKNOWN_FIELD',
        field: 'sort',
      }),
    ],
    [
      'a message id that is not a UUID',
      () => ({ method: 'get', path: '/v1/messages/123', status: 400, code: 'INVALID_ID', field: 'id' }),
    ],
    [
      'an account id that is not a UUID',
      () => ({ method: 'get', path: '/v1/accounts/root', status: 400, code: 'INVALID_ID', field: 'id' }),
    ],
    [
      'an unknown account',
      () => ({
        method: 'get',
        path: '/v1/accounts/5b0c3f8e-1d2a-4c6b-9e7f-0a1b2c3d4e5f',
        status: 404,
        code: 'NOT_FOUND',
        field: 'id',
      }),
    ],
    [
      'an account status that does not exist',
      () => ({
        method: 'patch',
        path: `/v1/accounts/${api.seed.operator.id}`,
        body: { status: 'deleted' },
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'status',
      }),
    ],
    [
      'a template with a malformed variable',
      () => ({
        path: '/v1/templates',
        body: { name: 't', kind: 'notification', body: '验证码${1code}' },
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body',
      }),
    ],
    [
      'a template of an unknown kind',
      () => ({
        path: '/v1/templates',
        body: { name: 't', kind: 'finance', body: 'x' },
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'kind',
      }),
    ],
    [
      'a signature with brackets',
      () => ({
        path: '/v1/signatures',
        body: { text: '【品牌】' },
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'text',
      }),
    ],
    [
      'an API key with an unknown scope',
      () => ({
        path: `/v1/accounts/${api.seed.operator.id}/api-keys`,
        body: { name: 'k', scopes: ['everything'] },
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'scopes',
      }),
    ],
    [
      'an unknown route',
      () => ({ method: 'get', path: '/v1/nothing-here', status: 404, code: 'ROUTE_NOT_FOUND' }),
    ],
  ];

  it.each(cases)('%s', async (_, build) => {
    const bad = build();
    const method = bad.method ?? 'post';
    let request = api.http[method](bad.path ?? '/v1/messages').set(
      bad.headers?.Authorization ? {} : bearer(api.seed.operatorKey),
    );
    if (bad.headers) request = request.set(bad.headers);
    if (bad.body !== undefined) {
      request = request
        .set('Content-Type', bad.contentType ?? 'application/json')
        .send(typeof bad.body === 'string' ? bad.body : JSON.stringify(bad.body));
    }
    const response = await request;
    expect({
      status: response.status,
      code: response.body?.error?.code,
      field: response.body?.error?.field,
    }).toEqual({
      status: bad.status,
      code: bad.code,
      field: bad.field ?? response.body?.error?.field,
    });
    expect(typeof response.body.error.message).toBe('string');
  });

  it('never stored anything from the bad requests', async () => {
    const [{ count }] = await api.database.dataSource.query(`SELECT count(*)::int AS count FROM messages`);
    expect(count).toBe(0);
  });
});
