import { randomBytes } from 'node:crypto';
import { SUPPRESSION_PORT, SuppressionPort } from '@tongdao/compliance';
import { MessageTransitions, OutboxEvent } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { seedQueuedMessages, waitFor } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { AutoSuppressionConsumer } from '../../apps/worker/src/compliance/auto-suppression.consumer';
import { phones, startTestWorker, TestWorker } from '../webhooks/webhook-test-kit';

jest.setTimeout(120_000);

/**
 * Numbers that keep failing permanently are suppressed by the worker from the outbox: real worker process code
 * (outbox runner, cursor, transaction), messages ended through the one transition function as receipts end them.
 */
describe('automatic suppression of numbers that keep failing permanently (worker)', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let suppression: SuppressionPort;
  const transitions = new MessageTransitions();

  beforeAll(async () => {
    api = await createApiTestApp();
    worker = await startTestWorker(api.database.url, randomBytes(32).toString('hex'), {
      COMPLIANCE_AUTO_SUPPRESS_FAILURES: '3',
      COMPLIANCE_AUTO_SUPPRESS_WINDOW_DAYS: '30',
      COMPLIANCE_RELEASE_INTERVAL_MS: '60000',
    });
    suppression = api.app.get(SUPPRESSION_PORT);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  /** One message per stat, each sent to its phone and ended as a report with that stat would end it. */
  async function deliverOutcomes(outcomes: ReadonlyArray<{ phone: string; stat: string }>): Promise<void> {
    const ids = await seedQueuedMessages(
      api.database.dataSource,
      outcomes.map(({ phone }) => ({ phone, content: '【Tongdao】您的订单已发货' })),
    );
    const rows = (await api.database.dataSource.query(
      `SELECT id, created_at::text AS created_at FROM messages WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{ id: string; created_at: string }>;
    const createdAt = new Map(rows.map((row) => [row.id, row.created_at]));
    await transitions.apply(
      api.database.dataSource,
      ids.map((id) => ({ id, createdAt: createdAt.get(id)!, to: MessageStatus.Submitted, channelId: 'sim' })),
    );
    // One transaction per outcome, in order, so "delivered after failing" really comes after.
    for (const [index, id] of ids.entries()) {
      const { stat } = outcomes[index]!;
      await transitions.apply(api.database.dataSource, [
        {
          id,
          createdAt: createdAt.get(id)!,
          to: stat === 'DELIVRD' ? MessageStatus.Delivered : MessageStatus.Undelivered,
          errorCode: stat === 'DELIVRD' ? null : stat,
          detail: { stats: [stat] },
        },
      ]);
    }
  }

  const autoSuppressed = async () =>
    new Set(
      (
        (await api.database.dataSource.query(`SELECT phone FROM auto_suppressions`)) as Array<{
          phone: string;
        }>
      ).map((row) => row.phone),
    );

  it('suppresses at the threshold of permanent failures, not for temporary ones, and resets on delivery', async () => {
    const [empty, stopped, temporary, recovered, oldFailures] = phones(5, '134');
    // Two permanent failures counted 40 days ago: outside the 30-day window, so the count starts over.
    await api.database.dataSource.query(
      `INSERT INTO permanent_failures (phone, failures, first_failed_at, last_failed_at, last_code)
       VALUES ($1, 2, now() - interval '40 days', now() - interval '40 days', 'MK:0001')`,
      [oldFailures],
    );
    await deliverOutcomes([
      { phone: empty!, stat: 'MK:0001' },
      { phone: empty!, stat: 'MK:0001' },
      { phone: empty!, stat: 'MK:0001' },
      { phone: stopped!, stat: 'MN:0011' },
      { phone: stopped!, stat: 'MK:0001' },
      { phone: stopped!, stat: 'mn:0011' },
      { phone: temporary!, stat: 'UNDELIV' },
      { phone: temporary!, stat: 'EXPIRED' },
      { phone: temporary!, stat: 'UNDELIV' },
      { phone: recovered!, stat: 'MK:0001' },
      { phone: recovered!, stat: 'MK:0001' },
      { phone: oldFailures!, stat: 'MK:0001' },
    ]);
    await deliverOutcomes([
      { phone: recovered!, stat: 'DELIVRD' },
      { phone: recovered!, stat: 'MK:0001' },
    ]);
    const suppressed = await waitFor(autoSuppressed, (set) => set.has(empty!) && set.has(stopped!), 60_000);
    expect(suppressed.has(empty!)).toBe(true);
    expect(suppressed.has(stopped!)).toBe(true);
    // Everything above has been handled once the marker message's failure is counted.
    const [marker] = phones(1, '133');
    await deliverOutcomes([{ phone: marker!, stat: 'MK:0001' }]);
    await waitFor(
      async () =>
        (await api.database.dataSource.query(`SELECT 1 FROM permanent_failures WHERE phone = $1`, [marker]))
          .length,
      (found) => found === 1,
      60_000,
    );
    const after = await autoSuppressed();
    expect(after.has(temporary!)).toBe(false);
    expect(after.has(recovered!)).toBe(false);
    expect(after.has(oldFailures!)).toBe(false);
    const counts = (await api.database.dataSource.query(
      `SELECT phone, failures FROM permanent_failures WHERE phone = ANY($1::text[])`,
      [[recovered, oldFailures]],
    )) as Array<{ phone: string; failures: number }>;
    expect(new Map(counts.map((row) => [row.phone, Number(row.failures)]))).toEqual(
      new Map([
        [recovered, 1],
        [oldFailures, 1],
      ]),
    );

    // Acceptance sees it for every account; the operator lists it with the reason and clears it.
    const account = await api.seed.createAccount(api.seed.operator);
    expect((await suppression.suppressed(account.id, [empty!])).get(empty!)).toEqual({
      source: 'auto',
      reason: 'permanent failures: 3 × MK:0001',
    });
    const listed = await api.http
      .get(`/v1/compliance/auto-suppressions?phone=${encodeURIComponent(stopped!)}`)
      .set('Authorization', `Bearer ${api.seed.operatorKey}`);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ phone: stopped, failures: 3, last_code: 'MN:0011' }),
    ]);
    await api.http
      .delete(`/v1/compliance/auto-suppressions/${encodeURIComponent(empty!)}`)
      .set('Authorization', `Bearer ${api.seed.operatorKey}`)
      .send({ reason: 'number reissued' })
      .expect(204);
    expect((await suppression.suppressed(account.id, [empty!])).size).toBe(0);
    expect(await worker.metric('tongdao_compliance_auto_suppressed_total')).toBeGreaterThanOrEqual(2);
  });

  it('within one batch of events, a delivery wipes the failures before it and later ones still count', async () => {
    const consumer = worker.app.get(AutoSuppressionConsumer);
    const [phone] = phones(1, '132');
    const event = (status: MessageStatus, stat: string): OutboxEvent =>
      ({ phone, status, detail: { stats: [stat] }, occurredAt: new Date() }) as unknown as OutboxEvent;
    await api.database.dataSource.transaction((tx) =>
      consumer.handle(
        [
          event(MessageStatus.Undelivered, 'MK:0001'),
          event(MessageStatus.Undelivered, 'MK:0001'),
          event(MessageStatus.Delivered, 'DELIVRD'),
          event(MessageStatus.Undelivered, 'MN:0001'),
          event(MessageStatus.Undelivered, 'MN:0001'),
        ],
        tx,
      ),
    );
    const rows = (await api.database.dataSource.query(
      `SELECT failures, last_code FROM permanent_failures WHERE phone = $1`,
      [phone],
    )) as Array<{ failures: number; last_code: string }>;
    expect(rows).toEqual([{ failures: 2, last_code: 'MN:0001' }]);
    expect((await autoSuppressed()).has(phone!)).toBe(false);
  });
});
