import { INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { MessageTransitions, OUTBOX_START, OutboxEvent, OutboxReader } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { createTestDatabase, seedQueuedMessages, TestDatabase, waitFor } from '@tongdao/testing';
import { AsOutboxConsumer, OutboxConsumer } from '../../apps/worker/src/outbox/outbox-consumer';
import { OutboxRunnerService } from '../../apps/worker/src/outbox/outbox-runner.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** While set, the consumer holds its batch (and the cursor lock) until released, telling its backend pid. */
let gate: { entered: (pid: number) => void; release: Promise<void> } | null = null;

/** Records what it handles in the same transaction, so only committed batches count. */
@Injectable()
@AsOutboxConsumer()
class RecordingConsumer implements OutboxConsumer {
  readonly name = 'test-recorder';
  readonly batchSize = 50;
  async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
    if (gate) {
      const current = gate;
      gate = null;
      const [{ pid }] = (await tx.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      current.entered(pid);
      await current.release;
    }
    await tx.query(
      `INSERT INTO test_outbox_seen (position, message_id) SELECT * FROM unnest($1::text[], $2::uuid[])`,
      [
        events.map((event) => `${event.position.tx}.${event.position.id}`),
        events.map((event) => event.messageId),
      ],
    );
  }
}

@Module({ providers: [RecordingConsumer] })
class RecordingModule {}

describe('message events as an outbox', () => {
  let db: TestDatabase;
  const transitions = new MessageTransitions();
  const reader = new OutboxReader();

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(
      `CREATE TABLE test_outbox_seen (position text NOT NULL, message_id uuid NOT NULL)`,
    );
  });

  async function seenRows(): Promise<Array<{ position: string; message_id: string }>> {
    return (await db.dataSource.query(`SELECT position, message_id FROM test_outbox_seen`)) as Array<{
      position: string;
      message_id: string;
    }>;
  }

  afterAll(async () => {
    await db.drop();
  });

  async function keysOf(ids: string[]): Promise<Array<{ id: string; createdAt: string }>> {
    const rows = (await db.dataSource.query(
      `SELECT id, created_at::text AS created_at FROM messages WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{ id: string; created_at: string }>;
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
  }

  /**
   * Readers see an event once every transaction older than it has ended, across the whole server: other suites'
   * transactions can hold that back for a moment, so reads wait for what they expect.
   */
  async function readUntil(done: (events: OutboxEvent[]) => boolean): Promise<OutboxEvent[]> {
    return waitFor(readAll, done);
  }

  async function readAll(): Promise<OutboxEvent[]> {
    const events: OutboxEvent[] = [];
    let after = OUTBOX_START;
    for (;;) {
      const page = await reader.read(db.dataSource, after, 7);
      if (page.length === 0) return events;
      events.push(...page);
      after = page[page.length - 1]!.position;
    }
  }

  it('applies only transitions the status machine allows and writes an event for each', async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613900000101', content: 'x' }]);
    const [key] = await keysOf([id!]);
    const delivered = await transitions.apply(db.dataSource, [{ ...key!, to: MessageStatus.Delivered }]);
    expect(delivered).toEqual([]);
    const submitted = await transitions.apply(db.dataSource, [
      { ...key!, to: MessageStatus.Submitted, channelId: 'c1', carrierMessageIds: ['42'] },
    ]);
    expect(submitted.map((row) => row.status)).toEqual([MessageStatus.Submitted]);
    const again = await transitions.apply(db.dataSource, [
      { ...key!, to: MessageStatus.Submitted, channelId: 'c2' },
    ]);
    expect(again).toEqual([]);
    const [row] = (await db.dataSource.query(
      `SELECT status, channel_id, carrier_message_ids, submitted_at IS NOT NULL AS submitted FROM messages WHERE id = $1`,
      [id],
    )) as Array<{ status: string; channel_id: string; carrier_message_ids: string[]; submitted: boolean }>;
    await expect(Promise.resolve(row)).resolves.toEqual({
      status: 'SUBMITTED',
      channel_id: 'c1',
      carrier_message_ids: ['42'],
      submitted: true,
    });
    const events = (
      await readUntil((all) => all.filter((event) => event.messageId === id).length >= 2)
    ).filter((event) => event.messageId === id);
    expect(events.map((event) => event.status)).toEqual(['QUEUED', 'SUBMITTED']);
    expect(events[1]!.channelId).toBe('c1');
    expect(events[1]!.phone).toBe('+8613900000101');
  });

  it('holds back events behind a transaction that is still open, then hands them over in order', async () => {
    const ids = await seedQueuedMessages(db.dataSource, [
      { phone: '+8613900000201', content: 'a' },
      { phone: '+8613900000202', content: 'b' },
    ]);
    const [first, second] = await keysOf(ids);
    const before = await readUntil((all) => ids.every((id) => all.some((event) => event.messageId === id)));
    const slow = new Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      // The slow transaction takes its id first...
      await slow.query(`SELECT pg_current_xact_id()`);
      // ...a later one commits an event meanwhile...
      await transitions.apply(db.dataSource, [{ ...second!, to: MessageStatus.Failed, errorCode: 'X' }]);
      const visible = await readAll();
      expect(visible.length).toBe(before.length);
      // ...and the slow one's event sorts before it once it commits.
      await transitions.apply(slow, [{ ...first!, to: MessageStatus.Failed, errorCode: 'Y' }]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const after = (await readUntil((all) => all.length >= before.length + 2))
      .slice(before.length)
      .map((event) => event.messageId);
    expect(after).toEqual([first!.id, second!.id]);
  });

  it("keeps a message's events in transition order even when the later transaction has the older id", async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613900000301', content: 'c' }]);
    const [key] = await keysOf([id!]);
    const early = new Client({ connectionString: db.url });
    await early.connect();
    try {
      await early.query('BEGIN');
      await early.query(`SELECT pg_current_xact_id()`); // older transaction id, used later
      await transitions.apply(db.dataSource, [
        { ...key!, to: MessageStatus.Submitted, channelId: 'c1', carrierMessageIds: ['7'] },
      ]);
      await transitions.apply(early, [{ ...key!, to: MessageStatus.Delivered }]);
      await early.query('COMMIT');
    } finally {
      await early.end();
    }
    const events = (await readUntil((all) => all.filter((event) => event.messageId === id).length >= 3))
      .filter((event) => event.messageId === id)
      .map((event) => event.status);
    expect(events).toEqual(['QUEUED', 'SUBMITTED', 'DELIVERED']);
  });

  describe('consumers in worker processes', () => {
    const apps: INestApplication[] = [];

    async function startWorker(): Promise<INestApplication> {
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: db.url,
        REDIS_URL: process.env.REDIS_URL,
        DATABASE_POOL_SIZE: '3',
        WORKER_POLL_INTERVAL_MS: '20',
      });
      const app = await NestFactory.create(WorkerModule.forRoot(config, { imports: [RecordingModule] }), {
        logger: false,
      });
      await app.init();
      apps.push(app);
      return app;
    }

    afterAll(async () => {
      for (const app of apps) await app.close();
    });

    it('shares the work between two workers without handling any event twice, and a dead worker is replaced', async () => {
      const total = (await readAll()).length;
      expect(total).toBeGreaterThan(0);
      const [a, b] = [await startWorker(), await startWorker()];
      await Promise.all([a.get(OutboxRunnerService).start(), b.get(OutboxRunnerService).start()]);
      await waitFor(
        async () => (await seenRows()).length,
        (count) => count >= total,
      );

      // A worker takes a batch and hangs; its backend is then killed as if the process died mid-batch.
      let entered!: (pid: number) => void;
      const inside = new Promise<number>((resolve) => (entered = resolve));
      let release!: () => void;
      gate = { entered, release: new Promise<void>((resolve) => (release = resolve)) };
      const ids = await seedQueuedMessages(
        db.dataSource,
        Array.from({ length: 30 }, (_, index) => ({
          phone: `+86139000004${String(index).padStart(2, '0')}`,
          content: 'd',
        })),
      );
      const holder = await inside;
      await db.dataSource.query(`SELECT pg_terminate_backend($1)`, [holder]);
      release();

      const handled = await waitFor(
        async () => (await seenRows()).filter((row) => ids.includes(row.message_id)).length,
        (count) => count >= ids.length,
      );
      expect(handled).toBe(ids.length);
      const positions = (await seenRows()).map((row) => row.position);
      expect(new Set(positions).size).toBe(positions.length);
      const cursor = (await db.dataSource.query(
        `SELECT events_total::int AS total FROM outbox_consumers WHERE name = 'test-recorder'`,
      )) as Array<{ total: number }>;
      expect(cursor[0]!.total).toBe(positions.length);
    });
  });
});
