import { ChildApp, childEnv, freePorts, startChildApp } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';

const READY = /Nest application successfully started/;

/** Caps are shared through Redis; without REDIS_URL each process has its own in-process stand-in. */
const withSharedRedis = process.env.REDIS_URL ? it : it.skip;

jest.setTimeout(240_000);

interface Answer {
  status: number;
  body: {
    accepted?: number;
    results?: Array<{ result: string; phone: string; error?: { code: string; message: string } }>;
    error?: { code: string };
  };
}

/**
 * Two API processes on one PostgreSQL and one Redis, hit at the same moment with batches to the same numbers:
 * each number gets exactly its cap, whichever process took which batch.
 */
describe('frequency caps across two API processes', () => {
  let api: ApiTestApp;
  const processes: ChildApp[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    api = await createApiTestApp();
    if (!process.env.REDIS_URL) return;
    for (let index = 0; index < 2; index += 1) {
      const started = await startApiProcess(ports);
      processes.push(started.child);
      ports.push(started.port);
    }
  }, 200_000);

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.stop('SIGKILL')));
    await api?.close();
  });

  async function startApiProcess(taken: readonly number[]): Promise<{ child: ChildApp; port: number }> {
    for (let attempt = 1; ; attempt += 1) {
      const [port] = (await freePorts(3)).filter((candidate) => !taken.includes(candidate));
      const child = startChildApp(
        'apps/api/src/main.ts',
        childEnv({
          API_PORT: String(port),
          DATABASE_URL: api.database.url,
          REDIS_URL: process.env.REDIS_URL,
          REDIS_KEY_PREFIX: api.redis.keyPrefix,
          DATABASE_POOL_SIZE: '6',
          LOG_LEVEL: 'info',
        }),
      );
      try {
        await child.waitForOutput(READY, 180_000);
        return { child, port: port! };
      } catch (error) {
        await child.stop('SIGKILL');
        if (attempt >= 3 || !/EADDRINUSE/.test(child.output())) throw error;
      }
    }
  }

  async function call(
    port: number,
    path: string,
    key: string,
    body: unknown,
    method = 'POST',
  ): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  withSharedRedis('admits exactly the cap per number when both processes are hit at once', async () => {
    const account = await api.seed.createAccount(api.seed.operator);
    const key = (await api.seed.issueKey(account)).fullKey;
    await api.seed.approvedSignature(account, 'Tongdao');
    const template = await api.seed.approvedTemplate(account, '您的验证码是${code}', 'verification');
    const set = await call(
      ports[0]!,
      '/v1/compliance/caps',
      api.seed.operatorKey,
      { account_id: account.id, caps: { verification: '3/hour,100/day' } },
      'PATCH',
    );
    expect(set.status).toBe(200);

    const PHONES = 40;
    const phones = Array.from({ length: PHONES }, (_, index) => `+86137${String(55_000_000 + index)}`);
    const batch = () => ({
      signature: 'Tongdao',
      template_id: template,
      kind: 'verification',
      recipients: phones.map((phone) => ({ phone, template_params: { code: '123456' } })),
    });
    // 16 batches of the same 40 numbers, 8 on each process, all in flight together.
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, index) => call(ports[index % 2]!, '/v1/messages/batch', key, batch())),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));
    const acceptedPerPhone = new Map<string, number>();
    const refusals = new Set<string>();
    for (const answer of answers)
      for (const result of answer.body.results ?? []) {
        if (result.result === 'accepted')
          acceptedPerPhone.set(result.phone, (acceptedPerPhone.get(result.phone) ?? 0) + 1);
        else refusals.add(`${result.error?.code} ${result.error?.message.split(';')[0]}`);
      }
    expect(phones.map((phone) => acceptedPerPhone.get(phone))).toEqual(phones.map(() => 3));
    expect([...refusals]).toEqual([
      'FREQUENCY_CAP_EXCEEDED frequency cap verification:3/hour reached for this number',
    ]);
    const stored = (await api.database.dataSource.query(
      `SELECT phone, count(*)::int AS n FROM messages WHERE account_id = $1 GROUP BY phone`,
      [account.id],
    )) as Array<{ phone: string; n: number }>;
    expect(stored).toHaveLength(PHONES);
    expect(stored.every((row) => row.n === 3)).toBe(true);
  });
});
