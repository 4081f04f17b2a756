import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import path from 'node:path';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tongdao/testing';
import { generateApiKey } from '../../apps/api/src/auth/api-key-format';

const ROOT = path.resolve(__dirname, '../..');

/** A 2xx from the API means committed: the process is SIGKILLed the moment the answer arrives, then PostgreSQL is read. */
describe('durability', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let child: ChildProcess | undefined;
  let apiKey: string;
  let templateId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await createTestRedis();
    ({ apiKey, templateId } = await seed(database));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await redis?.close();
    await database?.drop();
  });

  it('keeps every accepted message after the API process is killed right after answering', async () => {
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/api/fixtures/serve-api.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        REDIS_URL: redis.url ?? '',
        DATABASE_POOL_SIZE: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await listeningPort(child);
    const recipients = Array.from({ length: 500 }, (_, index) => ({
      phone: `1390000${String(index).padStart(4, '0')}`,
      template_params: { code: String(index) },
    }));
    const exited = new Promise((resolve) => child!.once('exit', resolve));

    const answer = await postThenKill(
      port,
      apiKey,
      { signature: '持久测试', template_id: templateId, recipients },
      child,
    );
    await exited;

    expect(answer.status).toBe(202);
    const ids = (answer.body.results as Array<{ id: string }>).map((result) => result.id);
    expect(ids).toHaveLength(500);
    const [stored] = await database.dataSource.query(
      `SELECT count(*)::int AS messages,
              (SELECT count(*)::int FROM message_events WHERE message_id = ANY($1::uuid[])) AS events
         FROM messages WHERE id = ANY($1::uuid[]) AND status = 'QUEUED'`,
      [ids],
    );
    expect(stored).toEqual({ messages: 500, events: 500 });
  }, 240_000);
});

async function seed(database: TestDatabase): Promise<{ apiKey: string; templateId: string }> {
  const accountId = randomUUID();
  const key = generateApiKey();
  const templateId = randomUUID();
  const sql = database.dataSource;
  await sql.query(
    `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'op')`,
    [accountId, `/${accountId}/`],
  );
  await sql.query(
    `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, scopes, signing_secret_encrypted) VALUES ($1, $2, 'k', $3, $4, $5, $6)`,
    [randomUUID(), accountId, key.prefix, key.secretHash, ['messages:send'], 'not used by this test'],
  );
  await sql.query(
    `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, '持久测试', 'approved')`,
    [randomUUID(), accountId],
  );
  await sql.query(
    `INSERT INTO templates (id, account_id, name, kind, body, variables, status) VALUES ($1, $2, 't', 'verification', '验证码\${code}', ARRAY['code'], 'approved')`,
    [templateId, accountId],
  );
  return { apiKey: key.fullKey, templateId };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`API exited early (${code}): ${errors}`)));
  });
}

function postThenKill(
  port: number,
  apiKey: string,
  body: object,
  child: ChildProcess,
): Promise<{ status: number; body: { results: unknown[] } }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/messages/batch',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${apiKey}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          child.kill('SIGKILL');
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
