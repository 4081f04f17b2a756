import { INestApplication } from '@nestjs/common';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { AccountEntity } from '@tongdao/database/entities';
import { messageStatuses, startTestSimulator, waitFor } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from '../api/api-test-helpers';
import { channelsFor, startDispatcher } from '../dispatcher/dispatcher-test-kit';
import { BillingWorker, expectLedgerConsistent, moneyByAccount, startBillingWorker } from './billing-kit';

const FINAL = new Set(['DELIVERED', 'UNDELIVERED', 'EXPIRED', 'REJECTED', 'FAILED']);

/**
 * The whole path: the API reserves at acceptance, the dispatcher submits to the simulator, receipts end each
 * message, and the worker's settlement consumer charges, refunds and rolls usage up from the outbox.
 */
describe('settlement from acceptance to receipt', () => {
  let api: ApiTestApp;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication | undefined;
  let worker: BillingWorker;
  let reseller: AccountEntity;
  let shop: AccountEntity;

  beforeAll(async () => {
    api = await createApiTestApp({}, { prices: 'none' });
    simulator = await startTestSimulator(['cmpp3'], { outcomes: { DELIVRD: 2, UNDELIV: 1 } });
    reseller = await api.seed.createAccount(api.seed.operator, 'reseller');
    shop = await api.seed.createAccount(reseller, 'customer', { allowFreeText: true });
    await api.seed.approvedSignature(api.seed.operator, '通道');
    const operator = bearer(api.seed.operatorKey);
    await api.http
      .put(`/v1/accounts/${reseller.id}/prices`)
      .set(operator)
      .send({
        prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 300 }],
      });
    await api.http
      .put(`/v1/accounts/${shop.id}/prices`)
      .set(operator)
      .send({
        prices: [{ carrier: 'CMCC', kind: 'notification', unit_price: 450 }],
      });
    await api.http.patch(`/v1/accounts/${shop.id}`).set(operator).send({ refund_policy: 'undelivered' });
    for (const account of [reseller, shop])
      await api.http
        .post(`/v1/accounts/${account.id}/top-ups`)
        .set(operator)
        .send({ amount: 1_000_000, reference: 'start' });
    worker = await startBillingWorker(api.config);
  }, 240_000);

  afterAll(async () => {
    await dispatcher?.close();
    await worker?.close();
    await simulator?.stop();
    await api?.close();
  });

  it('charges every level per submitted segment, refunds undelivered ones where the policy says so', async () => {
    const shopKey = (await api.seed.issueKey(shop)).fullKey;
    const response = await api.http
      .post('/v1/messages/batch')
      .set(bearer(shopKey))
      .send({
        signature: '通道',
        content: '您的快递已到驿站，请凭取件码领取。'.repeat(5),
        recipients: Array.from({ length: 30 }, (_, index) => ({
          phone: `1380000${String(index).padStart(4, '0')}`,
        })),
      });
    expect(response.status).toBe(202);
    const segments = response.body.results[0].segments as number;
    expect(segments).toBe(2);
    const ids = (response.body.results as Array<{ id: string }>).map((result) => result.id);
    dispatcher = await startDispatcher(api.database.url, channelsFor(simulator));

    const statuses = await waitFor(
      () => messageStatuses(api.database.dataSource, ids),
      (found) => [...found.values()].every((status) => FINAL.has(status)),
      90_000,
    );
    const delivered = [...statuses.values()].filter((status) => status === 'DELIVERED').length;
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(30);
    const [last] = await api.database.dataSource.query(
      `SELECT outbox_tx::text AS tx, id::text AS id FROM message_events
        WHERE message_id = ANY($1::uuid[]) ORDER BY outbox_tx DESC, id DESC LIMIT 1`,
      [ids],
    );
    await worker.settleThrough(last);

    const money = await moneyByAccount(api.database.dataSource);
    expectLedgerConsistent(money);
    // Every message was submitted: the reseller (policy none) pays its cost for all of them,
    // the shop (policy undelivered) only for the delivered ones.
    expect(money.get(reseller.id)).toMatchObject({ balance: 1_000_000 - 30 * segments * 300, reserved: 0 });
    expect(money.get(shop.id)).toMatchObject({
      balance: 1_000_000 - delivered * segments * 450,
      reserved: 0,
    });

    const usage = await api.http
      .get(`/v1/usage?account_id=${reseller.id}&scope=subtree`)
      .set(bearer(api.seed.operatorKey));
    const row = (account: string) =>
      usage.body.data.find((candidate: { account_id: string }) => candidate.account_id === account);
    expect(row(shop.id)).toMatchObject({
      messages: 30,
      segments: 60,
      delivered,
      failed: 30 - delivered,
      charged: delivered * 900,
    });
    expect(row(reseller.id)).toMatchObject({
      messages: 30,
      charged: 30 * 600,
      revenue: delivered * 900,
      cost: 30 * 600,
      margin: delivered * 900 - 30 * 600,
    });
  }, 150_000);
});
