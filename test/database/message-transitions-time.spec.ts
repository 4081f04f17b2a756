import { MessageTransitions } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { createTestDatabase, seedQueuedMessages, TestDatabase } from '@tongdao/testing';

/** A transition may carry when it happened: a submit is stamped with the carrier's acknowledgement, not the commit. */
describe('MessageTransitions: when a transition happened', () => {
  let db: TestDatabase;
  const transitions = new MessageTransitions();

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function keyOf(id: string): Promise<{ id: string; createdAt: string }> {
    const [row] = (await db.dataSource.query(`SELECT created_at::text AS c FROM messages WHERE id = $1`, [
      id,
    ])) as Array<{ c: string }>;
    return { id, createdAt: row!.c };
  }

  async function stamps(id: string) {
    const [message] = (await db.dataSource.query(
      `SELECT submitted_at, done_at, updated_at FROM messages WHERE id = $1`,
      [id],
    )) as Array<{ submitted_at: Date; done_at: Date | null; updated_at: Date }>;
    const events = (await db.dataSource.query(
      `SELECT status, occurred_at FROM message_events WHERE message_id = $1 ORDER BY id`,
      [id],
    )) as Array<{ status: string; occurred_at: Date }>;
    return { message: message!, events };
  }

  it('stores the given time as submitted_at and as the event’s occurred_at; the row’s updated_at stays the commit time', async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613900000111', content: 'x' }]);
    const acknowledgedAt = Date.now() - 1_234;
    await transitions.apply(db.dataSource, [
      { ...(await keyOf(id!)), to: MessageStatus.Submitted, channelId: 'c1', occurredAt: acknowledgedAt },
    ]);
    const { message, events } = await stamps(id!);
    await expect(Promise.resolve(message.submitted_at.getTime())).resolves.toBe(acknowledgedAt);
    expect(events.find((event) => event.status === 'SUBMITTED')!.occurred_at.getTime()).toBe(acknowledgedAt);
    expect(message.updated_at.getTime()).toBeGreaterThanOrEqual(acknowledgedAt + 1_000);
  });

  it('stamps the commit time when none is given', async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613900000112', content: 'x' }]);
    const before = Date.now() - 1_000;
    const key = await keyOf(id!);
    await transitions.apply(db.dataSource, [{ ...key, to: MessageStatus.Submitted, channelId: 'c1' }]);
    await transitions.apply(db.dataSource, [{ ...key, to: MessageStatus.Delivered }]);
    const { message, events } = await stamps(id!);
    await expect(Promise.resolve(message.submitted_at.getTime())).resolves.toBeGreaterThanOrEqual(before);
    expect(message.done_at!.getTime()).toBeGreaterThanOrEqual(message.submitted_at.getTime());
    expect(events.map((event) => event.status)).toEqual(['QUEUED', 'SUBMITTED', 'DELIVERED']);
    expect(events[1]!.occurred_at.getTime()).toBe(message.submitted_at.getTime());
  });
});
