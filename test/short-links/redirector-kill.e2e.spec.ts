import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { ShortDomainRepository, ShortLinkRepository } from '@tongdao/database';
import {
  ChildApp,
  childEnv,
  createTestDatabase,
  createTestRedis,
  freePorts,
  startChildApp,
  TestDatabase,
  TestRedis,
  waitFor,
} from '@tongdao/testing';

jest.setTimeout(300_000);

const HOST = 't.kill.test';
const READY = /Nest application successfully started|"msg":"Nest application/;
const CONCURRENCY = 24;

/**
 * Clicks are durable before the 302: kill -9 the redirector (which also runs the click writer) in the middle of
 * load, start a new one, and compare. Every request carries its own id in the Referer header, so each 302 the
 * client received can be found among the stored clicks: all of them must be there exactly once, and the only
 * extra clicks allowed are requests that were in flight when the process died (logged, never answered).
 */
describe('redirector killed under load', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let port: number;
  let env: Record<string, string | undefined>;
  const children: ChildApp[] = [];
  const codes: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await createTestRedis();
    [port] = await freePorts(1);
    const accountId = randomUUID();
    await database.dataSource.query(
      `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'op')`,
      [accountId, `/${accountId}/`],
    );
    const domain = await database.dataSource.transaction((m) =>
      new ShortDomainRepository().ensureDefault(m, HOST),
    );
    const inserted = await new ShortLinkRepository().insertMany(
      database.dataSource,
      Array.from({ length: 200 }, (_, i) => ({
        domainId: domain.id,
        accountId,
        targetUrl: `https://t.example.com/${i}`,
      })),
    );
    codes.push(...inserted.map((link) => link!.code));
    env = childEnv({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      REDIRECTOR_PORT: String(port),
      SHORT_LINK_DEFAULT_DOMAIN: HOST,
      SHORT_LINK_CLAIM_IDLE_MS: '1000',
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop('SIGKILL')));
    await redis?.close();
    await database?.drop();
  });

  async function startRedirector(): Promise<ChildApp> {
    const child = startChildApp('apps/redirector/src/main.ts', env);
    children.push(child);
    await child.waitForOutput(READY, 120_000);
    return child;
  }

  it('loses no click that was answered and stores none twice', async () => {
    const answered = new Set<string>();
    const inFlight = new Set<string>();
    const lostInFlight = new Set<string>();
    let sequence = 0;
    let running = true;
    let agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

    const one = (id: string) =>
      new Promise<number>((resolve) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            agent,
            path: `/${codes[Number(id.split('-')[1]) % codes.length]}`,
            headers: {
              host: HOST,
              referer: `https://e2e.test/${id}`,
              'user-agent':
                'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', () => resolve(0));
          },
        );
        req.on('error', () => resolve(0));
        req.end();
      });

    const loop = async () => {
      while (running) {
        sequence += 1;
        const id = `r-${sequence}`;
        inFlight.add(id);
        const status = await one(id);
        inFlight.delete(id);
        if (status === 302) answered.add(id);
        else if (status === 0) {
          lostInFlight.add(id);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };

    const first = await startRedirector();
    const loops = Array.from({ length: CONCURRENCY }, () => loop());
    await waitFor(
      async () => answered.size,
      (count) => count >= 1500,
      120_000,
    );
    first.process.kill('SIGKILL');
    await first.exited();
    const answeredBeforeKill = answered.size;

    await waitFor(
      async () => lostInFlight.size,
      (count) => count >= CONCURRENCY,
      10_000,
    );
    agent.destroy();
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    await startRedirector();
    await waitFor(
      async () => answered.size,
      (count) => count >= answeredBeforeKill + 1000,
      120_000,
    );
    running = false;
    await Promise.all(loops);
    agent.destroy();

    const stored = async () =>
      (await database.dataSource.query(
        `SELECT substring(referrer from 'https://e2e.test/(.*)') AS id, count(*)::int AS n FROM clicks GROUP BY 1`,
      )) as Array<{ id: string; n: number }>;
    const rows = await waitFor(
      stored,
      (list) => answered.size > 0 && [...answered].every((id) => list.some((row) => row.id === id)),
      60_000,
    );
    const storedIds = new Map(rows.map((row) => [row.id, row.n]));

    const missing = [...answered].filter((id) => !storedIds.has(id));
    expect(missing).toEqual([]);
    expect(rows.filter((row) => row.n > 1)).toEqual([]);
    // Stored but never answered: only requests cut off by the kill.
    const extra = rows.map((row) => row.id).filter((id) => !answered.has(id));
    for (const id of extra) expect(lostInFlight.has(id)).toBe(true);
    expect(extra.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(answeredBeforeKill).toBeGreaterThanOrEqual(1500);
    expect(rows.length).toBe(answered.size + extra.length);
  });
});
