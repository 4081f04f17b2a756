import { bearer } from './api-test-helpers';

/**
 * The bad-input table: requests a careless or hostile client sends, and the 4xx each must get. Data only, so
 * that test/api/bad-input.spec.ts sends them and test/api/openapi.spec.ts checks that the OpenAPI document
 * lists every status they produce on their route.
 */
export interface BadRequest {
  method?: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path?: string;
  /** A string is sent byte-for-byte as application/json; anything else is JSON-encoded. */
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
  status: number;
  code: string;
  field?: string;
  /** The error's machine-readable reason, where the code has several. */
  reason?: string;
}

export interface BadInputContext {
  signature: string;
  templateId: string;
  pendingSignature: string;
  restrictedKey: string;
  operatorId: string;
  bodyLimit: number;
}

/** `{"a":{"a":…{"a":1}}}`, `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

export function badInputCases(ctx: BadInputContext): Array<[string, () => BadRequest]> {
  const message = (overrides: Record<string, unknown> = {}) => ({
    phone: '13800138000',
    signature: ctx.signature,
    template_id: ctx.templateId,
    template_params: { code: '1234' },
    ...overrides,
  });
  const withoutKey = (record: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
  const batch = (overrides: Record<string, unknown> = {}) => ({
    signature: ctx.signature,
    template_id: ctx.templateId,
    recipients: [{ phone: '13800138000', template_params: { code: '1' } }],
    ...overrides,
  });

  return [
    [
      'malformed JSON',
      () => ({ body: '{"phone": "1380013', status: 400, code: 'MALFORMED_JSON', field: 'body' }),
    ],
    [
      'oversize body',
      () => ({
        body: JSON.stringify(message({ content: 'x'.repeat(ctx.bodyLimit) })),
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
      () => ({
        body: message({ phone: '138-abc' }),
        status: 400,
        code: 'INVALID_PHONE',
        field: 'phone',
        reason: 'PHONE_INVALID_CHARACTERS',
      }),
    ],
    [
      'a mainland number with a bad prefix',
      () => ({
        body: message({ phone: '10012345678' }),
        status: 400,
        code: 'INVALID_PHONE',
        field: 'phone',
        reason: 'PHONE_INVALID_PREFIX',
      }),
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
        body: message({ signature: ctx.pendingSignature }),
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
        headers: bearer(ctx.restrictedKey),
        body: { phone: '13800138000', signature: ctx.signature, content: 'hi' },
        status: 403,
        code: 'FREE_TEXT_NOT_ALLOWED',
        field: 'content',
      }),
    ],
    [
      'content longer than ten segments',
      () => ({
        body: { phone: '13800138000', signature: ctx.signature, content: '长'.repeat(700) },
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
        code: 'WEBHOOK_URL_UNSAFE',
        field: 'callback_url',
        reason: 'URL_SCHEME_NOT_ALLOWED',
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
        path: `/v1/accounts/${ctx.operatorId}`,
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
        path: `/v1/accounts/${ctx.operatorId}/api-keys`,
        body: { name: 'k', scopes: ['everything'] },
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'scopes',
      }),
    ],
    // Issue 10a: text PostgreSQL cannot store, decided once for every string of every body.
    ...[
      [
        'a NUL in content',
        { phone: '13800138000', signature: ctx.signature, content: 'hi\u0000there' },
        'content',
      ],
      [
        'an unpaired surrogate in content',
        { phone: '13800138000', signature: ctx.signature, content: 'hi\ud800' },
        'content',
      ],
      [
        'a NUL in a template parameter',
        message({ template_params: { code: '12\u000034' } }),
        'template_params.code',
      ],
      [
        'a lone low surrogate in a parameter',
        message({ template_params: { code: '\udc00' } }),
        'template_params.code',
      ],
      [
        'a NUL in a parameter name',
        message({ template_params: { 'co\u0000de': '1' } }),
        'template_params["co\\u0000de"]',
      ],
      ['a NUL in client_ref', message({ client_ref: 'ref\u0000' }), 'client_ref'],
      ['a NUL in the phone', message({ phone: '1380013\u00008000' }), 'phone'],
    ].map(([name, body, field]): [string, () => BadRequest] => [
      name as string,
      () => ({ body, status: 400, code: 'TEXT_INVALID_CHARACTER', field: field as string }),
    ]),
    [
      'a NUL in a query filter',
      () => ({
        method: 'get',
        path: '/v1/messages?client_ref=ab%00c',
        status: 400,
        code: 'TEXT_INVALID_CHARACTER',
        field: 'client_ref',
      }),
    ],
    [
      'a NUL byte in an uploaded override list',
      () => ({
        path: '/v1/numbers/overrides/import',
        body: 'phone,carrier,note\n13800138000,CTCC,bad\u0000note\n',
        contentType: 'text/csv',
        status: 422,
        code: 'NUMBER_FILE_INVALID',
        field: 'encoding',
      }),
    ],
    [
      'a NUL in a batch envelope field',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ signature: '通道\u0000' }),
        status: 400,
        code: 'TEXT_INVALID_CHARACTER',
        field: 'signature',
      }),
    ],
    [
      'a NUL in a signature text',
      () => ({
        path: '/v1/signatures',
        body: { text: '品牌\u0000' },
        status: 400,
        code: 'TEXT_INVALID_CHARACTER',
        field: 'text',
      }),
    ],
    [
      'an unpaired surrogate in a template body',
      () => ({
        path: '/v1/templates',
        body: { name: 't', kind: 'notification', body: '您好\ud83d' },
        status: 400,
        code: 'TEXT_INVALID_CHARACTER',
        field: 'body',
      }),
    ],
    [
      'a NUL in an account name',
      () => ({
        method: 'patch',
        path: `/v1/accounts/${ctx.operatorId}`,
        body: { name: 'Acme\u0000' },
        status: 400,
        code: 'TEXT_INVALID_CHARACTER',
        field: 'name',
      }),
    ],
    [
      'a body that is not valid UTF-8',
      () => ({
        body: Buffer.concat([
          Buffer.from('{"phone":"13800138000","signature":"'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('","content":"x"}'),
        ]),
        status: 400,
        code: 'TEXT_INVALID_CHARACTER',
        field: 'body',
      }),
    ],
    // Issue 10a: nesting deeper than API_MAX_BODY_DEPTH (32), refused before validation.
    [
      'a 20 KB body nested 10,000 levels deep',
      () => ({
        body: `{"phone":"13800138000","template_params":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
        status: 400,
        code: 'BODY_TOO_DEEP',
      }),
    ],
    [
      'a body one level deeper than the limit',
      () => ({
        body: message({ template_params: nested(32) }),
        status: 400,
        code: 'BODY_TOO_DEEP',
      }),
    ],
    [
      'a body exactly at the depth limit reaches validation',
      () => ({
        body: message({ template_params: nested(31) }),
        status: 422,
        code: 'TEMPLATE_VARIABLE_INVALID',
        field: 'template_params.a',
      }),
    ],
    [
      'a batch nested 10,000 levels deep inside a recipient',
      () => ({
        path: '/v1/messages/batch',
        body: `{"recipients":[{"phone":"13800138000","template_params":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]}`,
        status: 400,
        code: 'BODY_TOO_DEEP',
      }),
    ],
    // Issue 10a: one rule for types and times in single and batch sends.
    [
      'a send_at older than the allowed clock skew',
      () => ({
        body: message({ send_at: new Date(Date.now() - 10 * 60_000).toISOString() }),
        status: 400,
        code: 'SEND_AT_IN_PAST',
        field: 'send_at',
      }),
    ],
    [
      'a batch send_at older than the allowed clock skew',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ send_at: new Date(Date.now() - 3_600_000).toISOString() }),
        status: 400,
        code: 'SEND_AT_IN_PAST',
        field: 'send_at',
      }),
    ],
    // Issue 10a: callback URLs that point at this machine, a private network or a metadata service.
    ...[
      ['http://127.0.0.1/cb', 'URL_ADDRESS_LOOPBACK'],
      ['http://localhost:8080/cb', 'URL_HOST_LOCALHOST'],
      ['http://[::1]/cb', 'URL_ADDRESS_LOOPBACK'],
      ['http://10.0.0.5/cb', 'URL_ADDRESS_PRIVATE'],
      ['http://169.254.169.254/latest/meta-data/', 'URL_ADDRESS_METADATA'],
      ['http://0.0.0.0/cb', 'URL_ADDRESS_UNSPECIFIED'],
      ['http://[::ffff:127.0.0.1]/cb', 'URL_ADDRESS_LOOPBACK'],
      ['http://2130706433/cb', 'URL_ADDRESS_LOOPBACK'],
      ['http://0x7f000001/cb', 'URL_ADDRESS_LOOPBACK'],
      ['http://0177.0.0.1/cb', 'URL_ADDRESS_LOOPBACK'],
    ].map(([url, reason]): [string, () => BadRequest] => [
      `a callback_url of ${url}`,
      () => ({
        body: message({ callback_url: url }),
        status: 400,
        code: 'WEBHOOK_URL_UNSAFE',
        field: 'callback_url',
        reason,
      }),
    ]),
    [
      'a batch callback_url on a private network',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ callback_url: 'https://192.168.1.10/cb' }),
        status: 400,
        code: 'WEBHOOK_URL_UNSAFE',
        field: 'callback_url',
        reason: 'URL_ADDRESS_PRIVATE',
      }),
    ],
    // Issue 10a: null is refused unless the field is documented as nullable.
    [
      'a null template_id',
      () => ({
        body: message({ template_id: null }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'template_id',
      }),
    ],
    [
      'a null envelope field in a batch',
      () => ({
        path: '/v1/messages/batch',
        body: batch({ kind: null }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'kind',
      }),
    ],
    [
      'an unknown route',
      () => ({ method: 'get', path: '/v1/nothing-here', status: 404, code: 'ROUTE_NOT_FOUND' }),
    ],
  ];
}
