import { randomBytes, randomUUID } from 'node:crypto';
import supertest from 'supertest';
import {
  ChildApp,
  childEnv,
  createTestDatabase,
  createTestRedis,
  freePorts,
  startChildApp,
  TestDatabase,
  TestRedis,
} from '@tongdao/testing';
import { generateApiKey } from '../../apps/api/src/auth/api-key-format';

/**
 * Issue 10: a real API process with its real logger. Whatever it is sent, its log carries no full phone number,
 * no verification code and no SQL parameter, and its access log has the real status and duration.
 */
describe('what the API writes to its log', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let api: ChildApp | undefined;
  let http: ReturnType<typeof supertest>;
  let apiKey: string;
  let templateId: string;

  const SENT_PHONE = '13912345678';
  const SENT_CODE = '987654';
  const FAILING_PHONE = '13955556666';
  const FAILING_CODE = '246810';

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await createTestRedis();
    ({ apiKey, templateId } = await seed(database));
    // A statement that fails inside PostgreSQL, with a phone number and a code among its parameters.
    await database.dataSource.query(
      `ALTER TABLE messages ADD CONSTRAINT test_refuses_explode CHECK (client_ref IS DISTINCT FROM 'explode')`,
    );
    const [port] = await freePorts(1);
    api = startChildApp(
      'apps/api/src/main.ts',
      childEnv({
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        SECRETS_KEY: randomBytes(32).toString('hex'),
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
      }),
    );
    // Generous: a loaded machine compiles and starts the app slowly; the wait ends as soon as it is up.
    await api.waitForOutput(/Nest application successfully started/, 150_000);
    http = supertest(`http://127.0.0.1:${port}`);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await redis?.close();
    await database?.drop();
  });

  const send = (phone: string, code: string, extra: Record<string, unknown> = {}) =>
    http
      .post('/v1/messages')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ phone, signature: '日志测试', template_id: templateId, template_params: { code }, ...extra });

  it('masks numbers in URLs, keeps SQL parameters and text out, and logs real statuses and durations', async () => {
    expect((await send(SENT_PHONE, SENT_CODE, { client_ref: 'fine' })).status).toBe(202);
    const queries = [
      `/v1/messages?phone=${SENT_PHONE}`,
      `/v1/messages?phone=%2B86${SENT_PHONE}`,
      `/v1/messages?phone=%2B86%20139%201234%205678`,
      `/v1/messages?phone=139-1234-5678&limit=5`,
      `/v1/numbers/${SENT_PHONE}`,
      `/v1/numbers/%2B86${SENT_PHONE}/carrier`,
    ];
    for (const path of queries) await http.get(path).set('Authorization', `Bearer ${apiKey}`);
    const failed = await send(FAILING_PHONE, FAILING_CODE, { client_ref: 'explode' });
    expect(failed.status).toBe(500);

    const output = await waitForLog(api!, (text) => text.includes('"statusCode":500'));
    for (const secret of [
      SENT_PHONE,
      SENT_CODE,
      FAILING_PHONE,
      FAILING_CODE,
      '139 1234 5678',
      '139-1234-5678',
    ])
      expect(output).not.toContain(secret);
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const access = lines.filter((line) => line.req !== undefined && line.res !== undefined);
    const statuses = access.map((line) => (line.res as { statusCode: number | null }).statusCode);
    expect(statuses).toEqual(expect.arrayContaining([202, 200, 500]));
    expect(statuses).not.toContain(null);
    for (const line of access) expect(typeof line.responseTime).toBe('number');
    const urls = access.map((line) => (line.req as { url: string }).url);
    expect(urls).toEqual(expect.arrayContaining([`/v1/messages?phone=139****5678`]));
    expect(urls.every((url) => !/\d{7,}/.test(url.replace(/%2B86/gi, '')))).toBe(true);
    // The failed statement is there, by its code and text, without its parameters.
    const failure = lines.find((line) => JSON.stringify(line).includes('test_refuses_explode'));
    expect(failure).toBeDefined();
    expect(JSON.stringify(failure)).toContain('INSERT INTO');
    expect(JSON.stringify(failure)).not.toContain('parameters');
  }, 120_000);
});

async function waitForLog(app: ChildApp, done: (text: string) => boolean): Promise<string> {
  const pattern = { exec: (text: string) => (done(text) ? ([text] as unknown as RegExpExecArray) : null) };
  await app.waitForOutput(pattern as unknown as RegExp, 60_000);
  return app.output();
}

async function seed(database: TestDatabase): Promise<{ apiKey: string; templateId: string }> {
  const accountId = randomUUID();
  const key = generateApiKey();
  const templateId = randomUUID();
  const sql = database.dataSource;
  await sql.query(
    `INSERT INTO accounts (id, parent_id, path, depth, kind, name, allow_free_text) VALUES ($1, NULL, $2, 0, 'operator', 'op', true)`,
    [accountId, `/${accountId}/`],
  );
  await sql.query(
    `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, scopes, signing_secret_encrypted) VALUES ($1, $2, 'k', $3, $4, $5, $6)`,
    [
      randomUUID(),
      accountId,
      key.prefix,
      key.secretHash,
      ['messages:send', 'messages:read', 'numbers:read'],
      'not used by this test',
    ],
  );
  await sql.query(
    `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, '日志测试', 'approved')`,
    [randomUUID(), accountId],
  );
  await sql.query(
    `INSERT INTO templates (id, account_id, name, kind, body, variables, status) VALUES ($1, $2, 't', 'verification', '验证码\${code}', ARRAY['code'], 'approved')`,
    [templateId, accountId],
  );
  return { apiKey: key.fullKey, templateId };
}
