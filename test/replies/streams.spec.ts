import { randomUUID } from 'node:crypto';
import { OUTBOX_START, OutboxReader, ReplyStreamReader } from '@tongdao/database';
import { createTestDatabase, seedQueuedMessages, TestDatabase, waitFor } from '@tongdao/testing';

/** Both ways of reading one account tree's share of a stream give the same events in the same order. */
describe('reading a stream for an account tree', () => {
  let db: TestDatabase;
  const accounts: string[] = Array.from({ length: 70 }, () => randomUUID());

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function readAll<T extends { position: { tx: string; id: string } }>(
    read: (after: { tx: string; id: string }) => Promise<T[]>,
  ): Promise<T[]> {
    const all: T[] = [];
    let after = OUTBOX_START;
    for (;;) {
      const page = await read(after);
      if (page.length === 0) return all;
      all.push(...page);
      after = page[page.length - 1]!.position;
    }
  }

  it('reads message events per account for small trees and in one ordered scan for large ones', async () => {
    for (const [index, account] of accounts.entries()) {
      const ids = await seedQueuedMessages(db.dataSource, [
        { phone: `+86139000${String(index).padStart(5, '0')}`, content: 'x' },
      ]);
      await db.dataSource.query(`UPDATE messages SET account_id = $1 WHERE id = $2`, [account, ids[0]]);
      await db.dataSource.query(`UPDATE message_events SET account_id = $1 WHERE message_id = $2`, [
        account,
        ids[0],
      ]);
    }
    const reader = new OutboxReader();
    const large = await waitFor(
      () => readAll((after) => reader.readForAccounts(db.dataSource, accounts, after, 9)),
      (events) => events.length === accounts.length,
    );
    expect(large).toHaveLength(accounts.length);
    const small = await readAll((after) =>
      reader.readForAccounts(db.dataSource, accounts.slice(0, 10), after, 3),
    );
    expect(small.map((event) => event.messageId)).toEqual(
      large
        .filter((event) => accounts.slice(0, 10).includes(event.accountId))
        .map((event) => event.messageId),
    );
    const positions = large.map((event) => `${event.position.tx}.${event.position.id}`);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('reads replies the same way', async () => {
    await db.dataSource.query(
      `INSERT INTO replies (received_at, channel_id, phone, destination, content, account_id, routed_by)
       SELECT now(), 'c1', '+8613900000001', '1069', 'r' || ord, a, 'extension'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(a, ord)`,
      [accounts],
    );
    await db.dataSource.query(
      `INSERT INTO replies (received_at, channel_id, phone, destination, content, account_id, routed_by)
       VALUES (now(), 'c1', '+8613900000002', '1069', 'nobody', NULL, 'unmatched')`,
    );
    const reader = new ReplyStreamReader();
    const large = await waitFor(
      () => readAll((after) => reader.readForAccounts(db.dataSource, accounts, after, 11)),
      (replies) => replies.length === accounts.length,
    );
    expect(large.map((reply) => reply.content)).toEqual(accounts.map((_, index) => `r${index + 1}`));
    const small = await readAll((after) =>
      reader.readForAccounts(db.dataSource, accounts.slice(5, 8), after, 2),
    );
    expect(small.map((reply) => reply.content)).toEqual(['r6', 'r7', 'r8']);
    // Rows are handed out only below the oldest running transaction, which any other work on the server holds back.
    const everything = await waitFor(
      () => readAll((after) => reader.read(db.dataSource, after, 25)),
      (replies) => replies.length === accounts.length + 1,
    );
    expect(everything.map((reply) => reply.routedBy)).toContain('unmatched');
    expect(everything).toHaveLength(accounts.length + 1);
  });
});
