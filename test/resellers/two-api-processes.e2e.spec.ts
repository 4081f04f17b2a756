import { AccountEntity } from '@tongdao/database/entities';
import { CHILD_START_TIMEOUT_MS, ChildApp, childEnv, freePorts, startChildApp } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import {
  expectLedgerConsistent,
  finishAndSettle,
  moneyByAccount,
  startBillingWorker,
  BillingWorker,
} from '../billing/billing-kit';

const READY = /Nest application successfully started/;

/** Limits are shared through Redis; without REDIS_URL each process has its own in-process stand-in. */
const withSharedRedis = process.env.REDIS_URL ? it : it.skip;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string } };
  retryAfter: string | null;
}

/**
 * Two API processes on one PostgreSQL and one Redis, as production scales out: money and limits must hold across
 * them. 50 customers of one reseller send at once against the reseller's small balance; TPS and a parent's quota
 * are shared by both processes.
 */
describe('two API processes: balances, TPS and quotas', () => {
  let api: ApiTestApp;
  let worker: BillingWorker;
  const processes: ChildApp[] = [];
  const ports: number[] = [];
  let phone = 0;

  beforeAll(
    async () => {
      api = await createApiTestApp({}, { prices: 'none' });
      worker = await startBillingWorker(api.config);
      for (let index = 0; index < 2; index += 1) {
        const started = await startApiProcess(ports);
        processes.push(started.child);
        ports.push(started.port);
      }
      await api.seed.approvedSignature(api.seed.operator, '通道');
    },
    2 * CHILD_START_TIMEOUT_MS + 60_000,
  );

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.stop('SIGKILL')));
    await worker?.close();
    await api?.close();
  });

  /**
   * One API process on a port of its own. A port found free can still be taken by another suite before the child
   * binds it; the child then exits at once, and another port is tried.
   */
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
          DATABASE_POOL_SIZE: '8',
          LOG_LEVEL: 'info',
        }),
      );
      try {
        await child.waitForOutput(READY, CHILD_START_TIMEOUT_MS);
        return { child, port: port! };
      } catch (error) {
        await child.stop('SIGKILL');
        if (attempt >= 3 || !/EADDRINUSE/.test(child.output())) throw error;
      }
    }
  }

  async function call(
    port: number,
    method: string,
    path: string,
    key: string,
    body?: unknown,
  ): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Answer['body'],
      retryAfter: response.headers.get('retry-after'),
    };
  }

  function batch(size: number, extra: Record<string, unknown> = {}) {
    return {
      signature: '通道',
      content: '双十一会员日，全场满减',
      recipients: Array.from({ length: size }, () => ({
        phone: `1390000${String(++phone).padStart(4, '0')}`,
      })),
      ...extra,
    };
  }

  async function customers(
    parent: AccountEntity,
    count: number,
  ): Promise<Array<{ account: AccountEntity; key: string }>> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const account = await api.seed.createAccount(parent, 'customer', { allowFreeText: true });
        return { account, key: (await api.seed.issueKey(account)).fullKey };
      }),
    );
  }

  async function asOperator(method: string, path: string, body: unknown): Promise<Answer> {
    const answer = await call(ports[0]!, method, path, api.seed.operatorKey, body);
    expect(answer.status).toBeLessThan(300);
    return answer;
  }

  it('never lets 50 concurrent senders take a reseller below zero, and pays every accepted message at every level', async () => {
    const reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
    await asOperator('PUT', `/v1/accounts/${reseller.id}/prices`, {
      prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 300 }],
    });
    await asOperator('PUT', `/v1/accounts/${reseller.id}/child-prices`, {
      prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 420 }],
    });
    const BATCH = 20;
    const ROUNDS = 4;
    // Room for 100 batches at the reseller's cost; 200 are sent.
    await asOperator('POST', `/v1/accounts/${reseller.id}/top-ups`, {
      amount: 100 * BATCH * 300,
      reference: 'small',
    });
    const shops = await customers(reseller, 50);
    for (const shop of shops)
      await asOperator('POST', `/v1/accounts/${shop.account.id}/top-ups`, {
        amount: 10_000_000,
        reference: 'big',
      });

    let sampling = true;
    const worstSeen: number[] = [];
    const sampler = (async () => {
      while (sampling) {
        const [row] = await api.database.dataSource.query(
          `SELECT min(balance - reserved + credit)::bigint AS worst_stripe, sum(balance - reserved + credit)::bigint AS available
             FROM balance_stripes WHERE account_id = $1`,
          [reseller.id],
        );
        worstSeen.push(Math.min(Number(row.worst_stripe), Number(row.available)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const answers = await Promise.all(
      shops.map(async (shop, index) => {
        const mine: Answer[] = [];
        for (let round = 0; round < ROUNDS; round += 1)
          mine.push(
            await call(ports[(index + round) % 2]!, 'POST', '/v1/messages/batch', shop.key, batch(BATCH)),
          );
        return mine;
      }),
    );
    sampling = false;
    await sampler;

    const all = answers.flat();
    const accepted = all.filter((answer) => answer.status === 202);
    const refused = all.filter((answer) => answer.status !== 202);
    expect(refused.map((answer) => answer.body.error?.code)).toEqual(
      refused.map(() => 'UPSTREAM_BALANCE_INSUFFICIENT'),
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(Math.min(...worstSeen)).toBeGreaterThanOrEqual(0);
    // Balance rows are locked in one order: no acceptance transaction had to be retried after a deadlock.
    for (const port of ports) {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const retried = /^tongdao_billing_deadlock_retries_total (\d+)/m.exec(metrics);
      expect(Number(retried?.[1] ?? 0)).toBe(0);
    }

    const money = await moneyByAccount(api.database.dataSource);
    expectLedgerConsistent(money);
    const resellerMoney = money.get(reseller.id)!;
    expect(resellerMoney.reserved).toBe(accepted.length * BATCH * 300);
    const available = resellerMoney.balance - resellerMoney.reserved + resellerMoney.credit;
    expect(available).toBeGreaterThanOrEqual(0);
    expect(available).toBeLessThan(BATCH * 300);

    // Every accepted batch stored all its messages and reserved at both paying levels; refused ones left nothing.
    const batchIds = accepted.map((answer) => answer.body.batch_id as string);
    const [stored] = await api.database.dataSource.query(
      `SELECT count(*)::int AS messages FROM messages m JOIN accounts a ON a.id = m.account_id WHERE a.parent_id = $1`,
      [reseller.id],
    );
    expect(stored.messages).toBe(accepted.length * BATCH);
    const reserves = (await api.database.dataSource.query(
      `SELECT l.cause_id, array_agg(l.reserved_delta::int ORDER BY l.reserved_delta) AS amounts
         FROM ledger_entries l WHERE l.type = 'reserve' AND l.cause_id = ANY($1::text[]) GROUP BY l.cause_id`,
      [batchIds],
    )) as Array<{ cause_id: string; amounts: number[] }>;
    expect(reserves).toHaveLength(accepted.length);
    for (const reserve of reserves) expect(reserve.amounts).toEqual([BATCH * 300, BATCH * 420]);

    // Settling every message charges what was reserved and leaves nothing reserved.
    const ids = (
      await api.database.dataSource.query(`SELECT id FROM messages WHERE batch_id = ANY($1::uuid[])`, [
        batchIds,
      ])
    ).map((row: { id: string }) => row.id);
    await finishAndSettle(api.database.dataSource, worker, ids, () => ({
      status: 'DELIVERED',
    }));
    const settled = await moneyByAccount(api.database.dataSource);
    expectLedgerConsistent(settled);
    expect(settled.get(reseller.id)).toMatchObject({
      reserved: 0,
      balance: 100 * BATCH * 300 - accepted.length * BATCH * 300,
    });
    const shopSpend = shops.reduce(
      (sum, shop) => sum + (10_000_000 - settled.get(shop.account.id)!.balance),
      0,
    );
    expect(shopSpend).toBe(accepted.length * BATCH * 420);
  }, 240_000);

  withSharedRedis(
    'holds one TPS limit across both processes and answers 429 with Retry-After',
    async () => {
      const [shop] = await customers(api.seed.operator, 1);
      await asOperator('PUT', `/v1/accounts/${shop!.account.id}/prices`, {
        prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 0 }],
      });
      await asOperator('PATCH', `/v1/accounts/${shop!.account.id}`, { tps_limit: 20 });
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 80 }, (_, index) =>
          call(ports[index % 2]!, 'POST', '/v1/messages', shop!.key, {
            phone: `1390001${String(index).padStart(4, '0')}`,
            signature: '通道',
            content: '验证码 1234',
          }),
        ),
      );
      const elapsedSeconds = (Date.now() - started) / 1000;
      const admitted = answers.filter((answer) => answer.status === 202);
      const limited = answers.filter((answer) => answer.status === 429);
      expect(admitted.length + limited.length).toBe(80);
      expect(admitted.length).toBeGreaterThanOrEqual(20);
      expect(admitted.length).toBeLessThanOrEqual(20 + Math.ceil(elapsedSeconds * 20));
      expect(limited.length).toBeGreaterThan(0);
      for (const answer of limited) {
        expect(answer.body.error?.code).toBe('TOO_MANY_REQUESTS');
        expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      }
      // Both processes answered some of each: the bucket is shared, not per process.
      const [{ n }] = await api.database.dataSource.query(
        `SELECT count(*)::int AS n FROM messages WHERE account_id = $1`,
        [shop!.account.id],
      );
      expect(n).toBe(admitted.length);
    },
    120_000,
  );

  withSharedRedis(
    'caps two customers’ combined traffic with their parent’s daily quota across both processes',
    async () => {
      const reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
      await asOperator('PUT', `/v1/accounts/${reseller.id}/prices`, {
        prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 0 }],
      });
      await asOperator('PATCH', `/v1/accounts/${reseller.id}`, { daily_quota: 100 });
      const shops = await customers(reseller, 2);
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          call(ports[index % 2]!, 'POST', '/v1/messages/batch', shops[index % 2]!.key, batch(5)),
        ),
      );
      const admitted = answers.filter((answer) => answer.status === 202);
      const over = answers.filter((answer) => answer.status === 429);
      expect(admitted).toHaveLength(20);
      expect(over).toHaveLength(10);
      for (const answer of over) {
        expect(answer.body.error?.code).toBe('DAILY_QUOTA_EXCEEDED');
        expect(answer.body.error).toMatchObject({ details: { scope: 'upstream', limit: 'daily' } });
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        expect(Number(answer.retryAfter)).toBeLessThanOrEqual(86_400);
      }
      const [{ n }] = await api.database.dataSource.query(
        `SELECT count(*)::int AS n FROM messages m JOIN accounts a ON a.id = m.account_id WHERE a.parent_id = $1`,
        [reseller.id],
      );
      expect(n).toBe(100);
      const limits = await call(ports[1]!, 'GET', `/v1/accounts/${reseller.id}/limits`, api.seed.operatorKey);
      expect(limits.body).toMatchObject({
        daily_quota: 100,
        used_today: 100,
        used_this_month: 100,
        tps_limit: null,
      });
    },
    120_000,
  );
});
