import { DataSource } from 'typeorm';
import { createTestDatabase, seedQueuedMessages, TestDatabase } from '@tongdao/testing';
import { DispatchRepository } from '../../apps/dispatcher/src/dispatch/dispatch.repository';

const OWNER = 'dispatcher-a';

/** Recording dispatch outcomes: one statement for refs, transitions and the queue (real PostgreSQL). */
describe('DispatchRepository.record (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repository: DispatchRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    repository = new DispatchRepository(db.dataSource as DataSource);
  });

  afterAll(async () => {
    await db.drop();
  });

  async function claimed(count: number): Promise<Array<{ id: string; createdAt: string }>> {
    const ids = await seedQueuedMessages(
      db.dataSource,
      Array.from({ length: count }, (_, index) => ({
        phone: `+86139000${String(index).padStart(5, '0')}`,
        content: 'x',
      })),
    );
    const rows = (await db.dataSource.query(
      `UPDATE dispatch_queue SET lease_owner = $2, lease_expires_at = now() + interval '1 minute', attempts = 1
        WHERE message_id = ANY($1::uuid[])
        RETURNING message_id AS id, message_created_at::text AS "createdAt"`,
      [ids, OWNER],
    )) as [Array<{ id: string; createdAt: string }>, number];
    const byId = new Map(rows[0].map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)!);
  }

  async function state(id: string): Promise<unknown> {
    const [row] = (await db.dataSource.query(
      `SELECT m.status, m.channel_id, m.error_code, m.attempts,
              (SELECT array_agg(e.status ORDER BY e.id) FROM message_events e WHERE e.message_id = m.id) AS events,
              (SELECT array_agg(r.carrier_message_id ORDER BY r.segment_index) FROM message_carrier_refs r
                WHERE r.message_id = m.id) AS carrier_ids,
              (SELECT jsonb_build_object('owner', q.lease_owner, 'attempts', q.attempts,
                                         'due_later', q.due_at > now() + interval '5 seconds')
                 FROM dispatch_queue q WHERE q.message_id = m.id) AS queue
         FROM messages m WHERE m.id = $1`,
      [id],
    )) as unknown[];
    return row;
  }

  it('records submits, failures and both kinds of retry together, each with its queue change', async () => {
    const [sent, failed, retried, busy] = await claimed(4);
    await repository.record(
      {
        submitted: [
          {
            ...sent!,
            channelId: 'cmpp-a',
            carrierMessageIds: ['c-1', 'c-2'],
            attempts: 1,
            acknowledgedAt: Date.now(),
          },
        ],
        failures: [
          {
            ...failed!,
            errorCode: 'REJECTED_BY_CHANNEL',
            detail: 'result 9',
            attempts: 1,
            channelId: 'cmpp-a',
          },
        ],
        retries: [
          {
            ...retried!,
            delayMs: 60_000,
            errorCode: 'TIMEOUT',
            detail: 'no answer',
            attempted: true,
            attempts: 1,
          },
          { ...busy!, delayMs: 60_000, errorCode: 'NO_ROOM', detail: 'busy', attempted: false, attempts: 1 },
        ],
      },
      OWNER,
    );
    await expect(state(sent!.id)).resolves.toEqual({
      status: 'SUBMITTED',
      channel_id: 'cmpp-a',
      error_code: null,
      attempts: 1,
      events: ['QUEUED', 'SUBMITTED'],
      carrier_ids: ['c-1', 'c-2'],
      queue: null,
    });
    await expect(state(failed!.id)).resolves.toMatchObject({
      status: 'FAILED',
      error_code: 'REJECTED_BY_CHANNEL',
      events: ['QUEUED', 'FAILED'],
      carrier_ids: null,
      queue: null,
    });
    // An attempt that reached a channel is an event and counts; one that found no room is handed back, silently.
    await expect(state(retried!.id)).resolves.toMatchObject({
      status: 'QUEUED',
      error_code: 'TIMEOUT',
      events: ['QUEUED', 'QUEUED'],
      queue: { owner: null, attempts: 1, due_later: true },
    });
    await expect(state(busy!.id)).resolves.toMatchObject({
      status: 'QUEUED',
      events: ['QUEUED'],
      queue: { owner: null, attempts: 0, due_later: true },
    });
  });

  it('leaves a retry alone when another dispatcher holds its lease now', async () => {
    const [message] = await claimed(1);
    await db.dataSource.query(
      `UPDATE dispatch_queue SET lease_owner = 'dispatcher-b' WHERE message_id = $1`,
      [message!.id],
    );
    await repository.record(
      {
        submitted: [],
        failures: [],
        retries: [
          {
            ...message!,
            delayMs: 60_000,
            errorCode: 'NO_ROOM',
            detail: 'busy',
            attempted: false,
            attempts: 1,
          },
        ],
      },
      OWNER,
    );
    await expect(state(message!.id)).resolves.toMatchObject({
      queue: { owner: 'dispatcher-b', attempts: 1, due_later: false },
    });
  });
});
