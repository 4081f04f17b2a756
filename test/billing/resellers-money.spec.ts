import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from '../api/api-test-helpers';
import {
  BillingWorker,
  expectLedgerConsistent,
  finishAndSettle,
  moneyByAccount,
  startBillingWorker,
} from './billing-kit';

/**
 * Prices down a four-level tree, reservation at every level at acceptance, refusals that store nothing,
 * settlement under both refund policies, balances, the ledger and usage reports, over the real API.
 */
describe('resellers: prices, balances, ledger, settlement and usage', () => {
  let api: ApiTestApp;
  let worker: BillingWorker;
  let agent: AccountEntity;
  let sub: AccountEntity;
  let shop: AccountEntity;
  let agentKey: string;
  let subKey: string;
  let shopKey: string;
  let phone = 0;

  const operatorKey = () => bearer(api.seed.operatorKey);
  const cmcc = () => `1380013${String(++phone).padStart(4, '0')}`;
  const cucc = () => `1301234${String(++phone).padStart(4, '0')}`;
  const ctcc = () => `1891234${String(++phone).padStart(4, '0')}`;

  beforeAll(async () => {
    api = await createApiTestApp({}, { prices: 'none' });
    worker = await startBillingWorker(api.config);
    agent = await api.seed.createAccount(api.seed.operator, 'reseller');
    sub = await api.seed.createAccount(agent, 'reseller');
    shop = await api.seed.createAccount(sub, 'customer', { allowFreeText: true });
    agentKey = (await api.seed.issueKey(agent)).fullKey;
    subKey = (await api.seed.issueKey(sub)).fullKey;
    shopKey = (await api.seed.issueKey(shop)).fullKey;
    await api.seed.approvedSignature(api.seed.operator, '通道');
    await put(`/v1/accounts/${agent.id}/prices`, operatorKey(), [
      { carrier: 'CMCC', kind: 'notification', unit_price: 300 },
      // The test's China Mobile numbers (1380013…) are Beijing numbers in the built-in number data.
      { carrier: 'CMCC', kind: 'notification', province: '北京市', unit_price: 290 },
      { carrier: 'CUCC', kind: 'notification', unit_price: 320 },
      { carrier: 'CMCC', kind: 'marketing', unit_price: 400 },
    ]);
    await put(`/v1/accounts/${sub.id}/prices`, bearer(agentKey), [
      { carrier: 'CMCC', kind: 'notification', unit_price: 350 },
      { carrier: 'CMCC', kind: 'notification', province: '广东', unit_price: 330 },
    ]);
    for (const account of [agent, sub, shop]) await topUp(account, 1_000_000, `initial-${account.id}`);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  async function put(path: string, auth: Record<string, string>, prices: unknown[]): Promise<void> {
    const response = await api.http.put(path).set(auth).send({ prices });
    expect(response.status).toBe(200);
  }

  async function topUp(account: AccountEntity, amount: number, reference: string) {
    return api.http.post(`/v1/accounts/${account.id}/top-ups`).set(operatorKey()).send({ amount, reference });
  }

  function send(key: string, phones: string[], extra: Record<string, unknown> = {}) {
    return api.http
      .post('/v1/messages/batch')
      .set(bearer(key))
      .send({
        signature: '通道',
        content: '您的包裹已发出',
        recipients: phones.map((p) => ({ phone: p })),
        ...extra,
      });
  }

  async function balance(account: AccountEntity) {
    const response = await api.http.get(`/v1/accounts/${account.id}/balance`).set(operatorKey());
    expect(response.status).toBe(200);
    return response.body as { balance: number; reserved: number; available: number; credit_limit: number };
  }

  async function storedFor(account: AccountEntity): Promise<number> {
    const [row] = await api.database.dataSource.query(
      `SELECT count(*)::int AS n FROM messages WHERE account_id = $1`,
      [account.id],
    );
    return row.n;
  }

  async function reserveEntries(causeId: string) {
    return (await api.database.dataSource.query(
      `SELECT account_id, type, amount::int, reserved_delta::int, messages, segments, actor_key_id
         FROM ledger_entries WHERE cause_id = $1 ORDER BY reserved_delta`,
      [causeId],
    )) as Array<Record<string, unknown>>;
  }

  it('resolves prices over four levels, with inheritance, and shows the parent its margin', async () => {
    const asParent = await api.http.get(`/v1/accounts/${shop.id}/prices`).set(bearer(subKey));
    expect(asParent.status).toBe(200);
    const find = (
      body: { effective: Array<Record<string, unknown>> },
      kind: string,
      carrier: string,
      province: string | null,
    ) =>
      body.effective.find((row) => row.kind === kind && row.carrier === carrier && row.province === province);
    expect(find(asParent.body, 'notification', 'CMCC', null)).toMatchObject({
      unit_price: 350,
      source: 'inherited',
      parent_cost: 350,
      margin: 0,
    });
    expect(find(asParent.body, 'notification', 'CMCC', '广东')).toMatchObject({
      unit_price: 330,
      source: 'inherited',
    });
    expect(find(asParent.body, 'notification', 'CUCC', null)).toMatchObject({
      unit_price: 320,
      source: 'inherited',
    });
    expect(find(asParent.body, 'notification', 'CTCC', null)).toMatchObject({
      unit_price: null,
      source: 'missing',
    });

    const subPrices = await api.http.get(`/v1/accounts/${sub.id}/prices`).set(bearer(agentKey));
    expect(find(subPrices.body, 'notification', 'CMCC', null)).toMatchObject({
      unit_price: 350,
      source: 'account',
      parent_cost: 300,
      margin: 50,
    });
    expect(find(subPrices.body, 'marketing', 'CMCC', null)).toMatchObject({
      unit_price: 400,
      source: 'inherited',
    });
    const agentPrices = await api.http.get(`/v1/accounts/${agent.id}/prices`).set(operatorKey());
    expect(find(agentPrices.body, 'notification', 'CMCC', '北京')).toMatchObject({
      unit_price: 290,
      source: 'account_province',
    });

    const asItself = await api.http.get(`/v1/accounts/${shop.id}/prices`).set(bearer(shopKey));
    expect(find(asItself.body, 'notification', 'CMCC', null)).toMatchObject({
      unit_price: 350,
      parent_cost: null,
      margin: null,
    });
    const unknown = await api.http
      .put(`/v1/accounts/${shop.id}/prices`)
      .set(bearer(subKey))
      .send({ prices: [{ carrier: 'CMCC', kind: 'notification', province: '火星', unit_price: 1 }] });
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'prices[0].province' });
    // A child never reads its parent's prices.
    await expect(
      api.http
        .get(`/v1/accounts/${sub.id}/prices`)
        .set(bearer(shopKey))
        .then((r) => r.status),
    ).resolves.toBe(404);
  });

  it('reserves at every level of the tree in the transaction that stores the batch', async () => {
    const response = await send(shopKey, [cmcc(), cmcc(), cucc()]);
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(3);
    const entries = await reserveEntries(response.body.batch_id);
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          account_id: agent.id,
          type: 'reserve',
          amount: 0,
          reserved_delta: 2 * 290 + 320,
          messages: 3,
        }),
        expect.objectContaining({ account_id: sub.id, type: 'reserve', reserved_delta: 2 * 350 + 320 }),
        expect.objectContaining({ account_id: shop.id, type: 'reserve', reserved_delta: 2 * 350 + 320 }),
      ]),
    );
    expect(entries.every((entry) => entry.actor_key_id !== null)).toBe(true);
    await expect(balance(shop)).resolves.toMatchObject({
      balance: 1_000_000,
      reserved: 1020,
      available: 998_980,
    });
    await expect(balance(agent)).resolves.toMatchObject({ reserved: 900 });
    const provinces = await api.database.dataSource.query(
      `SELECT DISTINCT province FROM messages WHERE batch_id = $1 AND carrier = 'CMCC'`,
      [response.body.batch_id],
    );
    expect(provinces).toEqual([{ province: '北京' }]);
    expectLedgerConsistent(await moneyByAccount(api.database.dataSource));
  });

  it('reserves a single send under the message id', async () => {
    const response = await api.http
      .post('/v1/messages')
      .set(bearer(shopKey))
      .send({ phone: cmcc(), signature: '通道', content: '单条' });
    expect(response.status).toBe(202);
    const entries = await reserveEntries(response.body.id);
    expect(entries.map((entry) => entry.reserved_delta)).toEqual([290, 350, 350]);
  });

  it('refuses a batch with an unpriced carrier and stores nothing', async () => {
    const before = await storedFor(shop);
    const response = await send(shopKey, [cmcc(), ctcc()]);
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'PRICE_NOT_SET',
      details: { carrier: 'CTCC', scope: 'upstream' },
    });
    await expect(storedFor(shop)).resolves.toBe(before);
    expectLedgerConsistent(await moneyByAccount(api.database.dataSource));
  });

  it('refuses a batch the sender cannot pay in full, and one an account above cannot pay', async () => {
    const poor = await api.seed.createAccount(sub, 'customer', { allowFreeText: true });
    const poorKey = (await api.seed.issueKey(poor)).fullKey;
    await topUp(poor, 700, `poor-${poor.id}`);
    const refused = await send(poorKey, [cmcc(), cmcc(), cmcc()]);
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      details: { required: 1050, available: 700 },
    });
    await expect(storedFor(poor)).resolves.toBe(0);
    const [{ n }] = await api.database.dataSource.query(
      `SELECT count(*)::int AS n FROM billing_reservations WHERE account_id = $1`,
      [poor.id],
    );
    expect(n).toBe(0);
    await expect(send(poorKey, [cmcc(), cmcc()]).then((r) => r.status)).resolves.toBe(202);
    await expect(balance(poor)).resolves.toMatchObject({ available: 0 });

    const broke = await api.seed.createAccount(agent, 'reseller');
    const customer = await api.seed.createAccount(broke, 'customer', { allowFreeText: true });
    await topUp(customer, 1_000_000, `c-${customer.id}`);
    const upstream = await send((await api.seed.issueKey(customer)).fullKey, [cmcc()]);
    expect(upstream.status).toBe(402);
    expect(upstream.body.error.code).toBe('UPSTREAM_BALANCE_INSUFFICIENT');
    expect(JSON.stringify(upstream.body)).not.toContain(broke.id);
    await expect(storedFor(customer)).resolves.toBe(0);
  });

  it('lets a parent grant credit below zero, and no further', async () => {
    const trusted = await api.seed.createAccount(sub, 'customer', { allowFreeText: true });
    const key = (await api.seed.issueKey(trusted)).fullKey;
    const granted = await api.http
      .patch(`/v1/accounts/${trusted.id}`)
      .set(bearer(subKey))
      .send({ credit_limit: 1000 });
    expect(granted.status).toBe(200);
    expect(granted.body.credit_limit).toBe(1000);
    await expect(send(key, [cmcc(), cmcc()]).then((r) => r.status)).resolves.toBe(202);
    await expect(send(key, [cmcc(), cmcc()]).then((r) => r.status)).resolves.toBe(402);
    await expect(balance(trusted)).resolves.toMatchObject({
      balance: 0,
      reserved: 700,
      credit_limit: 1000,
      available: 300,
    });
    // Only its parent (or above) grants credit.
    const self = await api.http
      .patch(`/v1/accounts/${trusted.id}`)
      .set(bearer(key))
      .send({ credit_limit: 1_000_000 });
    expect(self.status).toBe(403);
  });

  it('settles at every level: charged per submitted segment, refunded or not per policy, released when never sent', async () => {
    const agentBefore = await balance(agent);
    const subBefore = await balance(sub);
    const shopBefore = await balance(shop);
    await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(subKey))
      .send({ refund_policy: 'undelivered' });
    const response = await send(shopKey, [cmcc(), cmcc(), cmcc(), cmcc()], { content: '长'.repeat(80) });
    expect(response.status).toBe(202);
    expect(response.body.segments).toBe(8);
    const ids = (response.body.results as Array<{ id: string }>).map((result) => result.id);
    const outcomes = [
      { status: 'DELIVERED' as const },
      { status: 'UNDELIVERED' as const },
      { status: 'EXPIRED' as const },
      { status: 'FAILED' as const, submitted: false },
    ];
    await finishAndSettle(api.database.dataSource, worker, ids, (_, index) => outcomes[index]!);

    // The shop refunds undelivered messages: it pays for the one delivered message only (2 segments × 350).
    const shopAfter = await balance(shop);
    expect(shopAfter.balance - shopBefore.balance).toBe(-700);
    expect(shopAfter.reserved).toBe(shopBefore.reserved);
    // The sub-agent's own policy is none: it pays for the three submitted messages (6 segments × 350).
    expect((await balance(sub)).balance - subBefore.balance).toBe(-2100);
    expect((await balance(agent)).balance - agentBefore.balance).toBe(-6 * 290);
    const types = (await api.database.dataSource.query(
      `SELECT account_id, type, amount::int, reserved_delta::int, messages FROM ledger_entries
        WHERE cause_id = $1 AND type <> 'reserve' ORDER BY account_id, type`,
      [response.body.batch_id],
    )) as Array<{
      account_id: string;
      type: string;
      amount: number;
      reserved_delta: number;
      messages: number;
    }>;
    expect(types.filter((entry) => entry.account_id === shop.id)).toEqual([
      { account_id: shop.id, type: 'charge', amount: -2100, reserved_delta: -2100, messages: 3 },
      { account_id: shop.id, type: 'refund', amount: 1400, reserved_delta: 0, messages: 2 },
      { account_id: shop.id, type: 'release', amount: 0, reserved_delta: -700, messages: 1 },
    ]);
    expect(types.filter((entry) => entry.account_id === sub.id).map((entry) => entry.type)).toEqual([
      'charge',
      'release',
    ]);
    const [left] = await api.database.dataSource.query(
      `SELECT count(*)::int AS n FROM billing_reservations WHERE id = $1`,
      [response.body.batch_id],
    );
    expect(left.n).toBe(0);
    expectLedgerConsistent(await moneyByAccount(api.database.dataSource));
  });

  it('reports usage per account and day from the rollups, as JSON and CSV, for an account and its subtree', async () => {
    const json = await api.http.get(`/v1/usage?account_id=${sub.id}&scope=subtree`).set(bearer(agentKey));
    expect(json.status).toBe(200);
    const rows = json.body.data as Array<Record<string, unknown>>;
    const subRow = rows.find(
      (row) => row.account_id === sub.id && row.kind === 'notification' && row.carrier === 'CMCC',
    );
    const shopRow = rows.find(
      (row) => row.account_id === shop.id && row.kind === 'notification' && row.carrier === 'CMCC',
    );
    expect(shopRow).toMatchObject({
      messages: 4,
      segments: 8,
      delivered: 1,
      failed: 3,
      charged: 700,
      revenue: 0,
      cost: 0,
      margin: 0,
    });
    expect(subRow).toMatchObject({
      messages: 4,
      segments: 8,
      delivered: 1,
      failed: 3,
      charged: 2100,
      revenue: 700,
      cost: 2100,
      margin: -1400,
    });
    const agentView = await api.http.get(`/v1/usage`).set(bearer(agentKey));
    expect(agentView.body.totals).toMatchObject({
      messages: 4,
      charged: 1740,
      revenue: 2100,
      cost: 1740,
      margin: 360,
    });

    const csv = await api.http
      .get(`/v1/usage?account_id=${sub.id}&scope=subtree&format=csv`)
      .set(bearer(agentKey));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'account_id,account_name,day,carrier,kind,province,messages,segments,delivered,failed,charged_cny,revenue_cny,cost_cny,margin_cny',
    );
    expect(lines).toContain(
      `${sub.id},${sub.name},${subRow!.day},CMCC,notification,北京,4,8,1,3,0.2100,0.0700,0.2100,-0.1400`,
    );
    const viaAccept = await api.http.get(`/v1/usage`).set(bearer(agentKey)).set('Accept', 'text/csv');
    expect(viaAccept.headers['content-type']).toMatch(/^text\/csv/);

    // The shop sees its own rows only, never its parent's.
    const shopView = await api.http.get(`/v1/usage?account_id=${sub.id}`).set(bearer(shopKey));
    expect(shopView.status).toBe(404);
    const bad = await api.http.get(`/v1/usage?from=2025-02-30`).set(bearer(shopKey));
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
  });

  it('tops up once per payment reference, adjusts with a reason, and keeps the ledger summing to the balance', async () => {
    const first = await topUp(shop, 50_000, 'alipay-0001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 50_000, applied: true });
    const again = await topUp(shop, 50_000, 'alipay-0001');
    expect(again.body).toMatchObject({ id: first.body.id, applied: false });
    expect(again.body.balance.balance).toBe(first.body.balance.balance);
    const reused = await topUp(shop, 60_000, 'alipay-0001');
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('TOP_UP_REFERENCE_REUSED');

    const debit = await api.http
      .post(`/v1/accounts/${shop.id}/adjustments`)
      .set(bearer(subKey))
      .send({ amount: -5_000, reason: 'manual correction' });
    expect(debit.status).toBe(201);
    expect(debit.body.balance.balance).toBe(first.body.balance.balance - 5_000);
    const tooMuch = await api.http
      .post(`/v1/accounts/${shop.id}/adjustments`)
      .set(bearer(subKey))
      .send({ amount: -1_000_000_000, reason: 'oops' });
    expect(tooMuch.status).toBe(402);
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_BALANCE');

    const self = await api.http
      .post(`/v1/accounts/${shop.id}/top-ups`)
      .set(bearer(shopKey))
      .send({ amount: 1, reference: 'x' });
    expect(self.status).toBe(403);
    const upward = await api.http
      .post(`/v1/accounts/${sub.id}/top-ups`)
      .set(bearer(shopKey))
      .send({ amount: 1, reference: 'x' });
    expect(upward.status).toBe(404);

    const ledger = await api.http.get(`/v1/accounts/${shop.id}/ledger?limit=2`).set(bearer(shopKey));
    expect(ledger.status).toBe(200);
    expect(ledger.body.data.map((entry: { type: string }) => entry.type)).toEqual(['adjustment', 'top_up']);
    expect(ledger.body.data[0]).toMatchObject({
      amount: -5000,
      note: 'manual correction',
      cause_type: 'adjustment',
    });
    const next = await api.http
      .get(`/v1/accounts/${shop.id}/ledger?limit=2&cursor=${ledger.body.next_cursor}`)
      .set(bearer(shopKey));
    expect(next.body.data).toHaveLength(2);
    expectLedgerConsistent(await moneyByAccount(api.database.dataSource));
    await expect(
      api.database.dataSource.query(`UPDATE ledger_entries SET amount = 0 WHERE account_id = $1`, [shop.id]),
    ).rejects.toThrow(/append-only/);
    await expect(api.database.dataSource.query(`DELETE FROM ledger_entries`)).rejects.toThrow(/append-only/);
  });

  it('refuses message kinds an account or an account above it may not send', async () => {
    const limited = await api.http
      .patch(`/v1/accounts/${sub.id}`)
      .set(bearer(agentKey))
      .send({
        allowed_kinds: ['verification', 'notification'],
      });
    expect(limited.status).toBe(200);
    const refused = await send(shopKey, [cmcc()], { kind: 'marketing' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'KIND_NOT_ALLOWED', details: { scope: 'upstream' } });
    await api.http
      .patch(`/v1/accounts/${sub.id}`)
      .set(bearer(agentKey))
      .send({ allowed_kinds: ['verification', 'notification', 'marketing'] });
    await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(subKey))
      .send({ allowed_kinds: ['notification'] });
    const own = await send(shopKey, [cmcc()], { kind: 'marketing' });
    expect(own.body.error).toMatchObject({ code: 'KIND_NOT_ALLOWED', details: { scope: 'self' } });
    await api.http
      .patch(`/v1/accounts/${shop.id}`)
      .set(bearer(subKey))
      .send({ allowed_kinds: ['notification', 'marketing'] });
    await expect(send(shopKey, [cmcc()], { kind: 'marketing' }).then((r) => r.status)).resolves.toBe(202);
  });

  it('cascades a suspension to every descendant’s keys and to acting on their behalf', async () => {
    expect(
      (await api.http.patch(`/v1/accounts/${sub.id}`).set(bearer(agentKey)).send({ status: 'suspended' }))
        .status,
    ).toBe(200);
    const own = await send(shopKey, [cmcc()]);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('ACCOUNT_SUSPENDED');
    const acting = await send(agentKey, [cmcc()], { account_id: shop.id });
    expect(acting.status).toBe(403);
    expect(acting.body.error).toMatchObject({ code: 'ACCOUNT_SUSPENDED', field: 'account_id' });
    await api.http.patch(`/v1/accounts/${sub.id}`).set(bearer(agentKey)).send({ status: 'active' });
    await expect(send(shopKey, [cmcc()]).then((r) => r.status)).resolves.toBe(202);
  });
});
