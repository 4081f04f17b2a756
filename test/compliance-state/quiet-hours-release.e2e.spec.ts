import { randomBytes } from 'node:crypto';
import { waitFor } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { COMPLIANCE_CLOCK } from '../../apps/api/src/compliance/compliance-clock';
import { phones, startTestWorker, TestWorker } from '../webhooks/webhook-test-kit';

jest.setTimeout(120_000);

/** 23:00 in Shanghai two days ago: marketing sent then is held until 08:00 the next morning, long past now. */
function lateEveningTwoDaysAgo(): Date {
  const day = new Date(Date.now() - 2 * 86_400_000);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 15, 0, 0));
}

/**
 * Marketing held by the API for quiet hours is released by the worker when the window opens: HELD → QUEUED
 * through the transition function, into the dispatch queue at the account's release rate.
 */
describe('quiet hours end: the worker releases held marketing, spread', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  const clockAt = lateEveningTwoDaysAgo();

  beforeAll(async () => {
    api = await createApiTestApp(
      { COMPLIANCE_QUIET_HOURS: '22:00-08:00' },
      { providers: [{ provide: COMPLIANCE_CLOCK, useValue: () => clockAt }] },
    );
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('holds a batch sent at 23:00 and releases it 1/rate apart once 08:00 has passed', async () => {
    const account = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
    const key = (await api.seed.issueKey(account)).fullKey;
    await api.seed.approvedSignature(account, 'Tongdao');
    const recipients = phones(20, '136').map((phone) => ({ phone }));
    const sent = await api.http
      .post('/v1/messages/batch')
      .set('Authorization', `Bearer ${key}`)
      .send({ signature: 'Tongdao', content: '会员日全场8折', kind: 'marketing', recipients });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ accepted: 20, held: 20 });
    const ids = (sent.body.results as Array<{ id: string }>).map((result) => result.id);
    const heldRows = (await api.database.dataSource.query(
      `SELECT release_at FROM held_messages WHERE message_id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{ release_at: Date }>;
    expect(heldRows).toHaveLength(20);
    expect(new Date(heldRows[0]!.release_at).toISOString()).toBe(
      new Date(clockAt.getTime() + 9 * 3_600_000).toISOString(),
    );

    worker = await startTestWorker(api.database.url, randomBytes(32).toString('hex'), {
      COMPLIANCE_RELEASE_INTERVAL_MS: '100',
      COMPLIANCE_RELEASE_RATE_PER_ACCOUNT: '10',
      COMPLIANCE_RELEASE_HORIZON_SECONDS: '60',
    });
    const statuses = await waitFor(
      async () =>
        (await api.database.dataSource.query(
          `SELECT status, count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[]) GROUP BY status`,
          [ids],
        )) as Array<{ status: string; n: number }>,
      (rows) => rows.length === 1 && rows[0]!.status === 'QUEUED',
      60_000,
    );
    expect(statuses).toEqual([{ status: 'QUEUED', n: 20 }]);
    const due = (
      (await api.database.dataSource.query(
        `SELECT due_at FROM dispatch_queue WHERE message_id = ANY($1::uuid[]) ORDER BY due_at`,
        [ids],
      )) as Array<{ due_at: Date }>
    ).map((row) => new Date(row.due_at).getTime());
    expect(due).toHaveLength(20);
    expect(due[19]! - due[0]!).toBe(1_900);
    expect(
      await api.database.dataSource.query(`SELECT 1 FROM held_messages WHERE message_id = ANY($1::uuid[])`, [
        ids,
      ]),
    ).toEqual([]);
    expect(await worker.metric('tongdao_compliance_held_released_total')).toBe(20);
  });
});
