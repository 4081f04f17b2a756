import { INestApplication, Injectable, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { comparePositions, OUTBOX_START, OutboxEvent, OutboxPosition, OutboxReader } from '@tongdao/database';
import { MetricsService } from '@tongdao/platform';
import { createTestDatabase, seedQueuedMessages, TestDatabase, waitFor } from '@tongdao/testing';
import { AsOutboxConsumer, OutboxConsumer } from '../../apps/worker/src/outbox/outbox-consumer';
import { OutboxCursorRepository } from '../../apps/worker/src/outbox/outbox-cursor.repository';
import { OutboxRunnerService } from '../../apps/worker/src/outbox/outbox-runner.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/*
 * The consumers of a worker share their reads of the outbox (apps/worker/src/outbox/shared-batches.ts). These tests
 * check that sharing keeps what each consumer had on its own: every event once, in order, in the transaction that
 * advances its cursor, whatever the others do, across two worker processes.
 */

interface RecorderOptions {
  startAt?: 'beginning' | 'now';
  batchSize?: number;
  /** While this answers true the consumer writes its rows and then throws, so its transaction must roll them back. */
  failing?: () => boolean;
}

/** A consumer that records each event it handles, in handling order, in its own transaction. */
function recorder(name: string, options: RecorderOptions = {}): Type<OutboxConsumer> {
  @Injectable()
  @AsOutboxConsumer()
  class Recorder implements OutboxConsumer {
    readonly name = name;
    readonly startAt = options.startAt;
    readonly batchSize = options.batchSize;
    async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
      await tx.query(`INSERT INTO test_shared_seen (consumer, position) SELECT $1, unnest($2::text[])`, [
        name,
        events.map((event) => `${event.position.tx}.${event.position.id}`),
      ]);
      if (options.failing?.()) throw new Error(`${name} fails on purpose`);
    }
  }
  Object.defineProperty(Recorder, 'name', { value: `Recorder_${name.replace(/\W/g, '_')}` });
  return Recorder;
}

let flakyFails = true;

const PairA = recorder('pair-a');
const PairB = recorder('pair-b', { batchSize: 7 });
@Module({ providers: [PairA, PairB] })
class PairModule {}

const consumers = {
  beginning: recorder('shared-beginning', { batchSize: 40 }),
  small: recorder('shared-small', { batchSize: 9 }),
  middle: recorder('shared-middle'),
  now: recorder('shared-now', { startAt: 'now', batchSize: 25 }),
  flaky: recorder('shared-flaky', { batchSize: 30, failing: () => flakyFails }),
};
@Module({ providers: Object.values(consumers) })
class SharedModule {}

const key = (position: OutboxPosition): string => `${position.tx}.${position.id}`;

describe('outbox consumers sharing reads', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const reader = new OutboxReader();

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(
      `CREATE TABLE test_shared_seen (seq bigserial PRIMARY KEY, consumer text NOT NULL, position text NOT NULL)`,
    );
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db.drop();
  });

  async function startWorker(module: Type<unknown>): Promise<INestApplication> {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: process.env.REDIS_URL,
      DATABASE_POOL_SIZE: '8',
      WORKER_POLL_INTERVAL_MS: '20',
    });
    const app = await NestFactory.create(WorkerModule.forRoot(config, { imports: [module] }), {
      logger: false,
    });
    await app.init();
    apps.push(app);
    return app;
  }

  async function seed(count: number, prefix: string): Promise<void> {
    await seedQueuedMessages(
      db.dataSource,
      Array.from({ length: count }, (_, index) => ({
        phone: `+86139${prefix}${String(index).padStart(4, '0')}`,
        content: 'shared',
      })),
    );
  }

  /** Every event in the outbox, in order; waits until at least `count` are past the read horizon. */
  async function outbox(count: number): Promise<OutboxEvent[]> {
    const readAll = async (): Promise<OutboxEvent[]> => {
      const events: OutboxEvent[] = [];
      for (let after = OUTBOX_START; ;) {
        const page = await reader.read(db.dataSource, after, 500);
        if (page.length === 0) return events;
        events.push(...page);
        after = page[page.length - 1]!.position;
      }
    };
    return waitFor(readAll, (events) => events.length >= count);
  }

  async function seen(consumer: string): Promise<string[]> {
    const rows = (await db.dataSource.query(
      `SELECT position FROM test_shared_seen WHERE consumer = $1 ORDER BY seq`,
      [consumer],
    )) as Array<{ position: string }>;
    return rows.map((row) => row.position);
  }

  /** Waits until the consumer has recorded as many events as expected, then gives what it recorded, in order. */
  async function seenOnceSettled(consumer: string, expected: readonly string[]): Promise<string[]> {
    return waitFor(
      () => seen(consumer),
      (positions) => positions.length >= expected.length,
    );
  }

  async function metricValue(
    app: INestApplication,
    name: string,
    labels: Record<string, string>,
  ): Promise<number> {
    const metric = app.get(MetricsService).registry.getSingleMetric(name);
    const { values } = await metric!.get();
    return values
      .filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
      .reduce((sum, value) => sum + value.value, 0);
  }

  it('reads a batch once for two consumers at the same position, each in its own transaction', async () => {
    await seed(20, '10');
    const events = await outbox(20);
    const app = await startWorker(PairModule);
    const runner = app.get(OutboxRunnerService);
    const cursors = app.get(OutboxCursorRepository);
    await cursors.ensure('pair-a', 'beginning');
    await cursors.ensure('pair-b', 'beginning');

    await expect(runner.runOnce(app.get(PairA))).resolves.toBe(20);
    // pair-b takes 7 at a time from the batch pair-a's read brought in.
    for (let batch = 0; batch < 3; batch += 1) await runner.runOnce(app.get(PairB));

    const all = events.map((event) => key(event.position));
    await expect(seen('pair-a')).resolves.toEqual(all);
    await expect(seen('pair-b')).resolves.toEqual(all);
    await expect(metricValue(app, 'tongdao_outbox_reads_total', { consumer: 'pair-a' })).resolves.toBe(1);
    await expect(
      metricValue(app, 'tongdao_outbox_reads_total', { consumer: 'pair-b', source: 'shared' }),
    ).resolves.toBe(3);
    await expect(
      metricValue(app, 'tongdao_outbox_reads_total', { consumer: 'pair-b', source: 'database' }),
    ).resolves.toBe(0);
    const positions = (await cursors.list()).filter((cursor) => cursor.name.startsWith('pair-'));
    expect(positions.map((cursor) => [cursor.name, key(cursor.position), cursor.eventsTotal])).toEqual([
      ['pair-a', all[all.length - 1], 20],
      ['pair-b', all[all.length - 1], 20],
    ]);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
  });

  it('gives every consumer of two workers each event once and in order, from its own position, while one of them fails', async () => {
    await seed(60, '20');
    const before = await outbox(80);
    const [first, second] = [await startWorker(SharedModule), await startWorker(SharedModule)];
    // Consumers at different positions: one placed in the middle of the outbox, one starting at its end.
    const cursors = first.get(OutboxCursorRepository);
    const middle = before[35]!.position;
    await db.dataSource.query(
      `INSERT INTO outbox_consumers (name, position_tx, position_id) VALUES ('shared-middle', $1, $2)`,
      [middle.tx, middle.id],
    );
    await cursors.ensure('shared-now', 'now');
    const now = (await cursors.list()).find((cursor) => cursor.name === 'shared-now')!.position;

    await Promise.all([first.get(OutboxRunnerService).start(), second.get(OutboxRunnerService).start()]);
    await seed(70, '30');
    const all = await outbox(150);
    const after = (position: OutboxPosition): string[] =>
      all
        .filter((event) => comparePositions(event.position, position) > 0)
        .map((event) => key(event.position));
    const expected: Record<string, string[]> = {
      'shared-beginning': after(OUTBOX_START),
      'shared-small': after(OUTBOX_START),
      'shared-middle': after(middle),
      'shared-now': after(now),
    };
    expect(expected['shared-now']!.length).toBeGreaterThanOrEqual(70);

    // The failing consumer holds back and rolls back nobody else.
    for (const [consumer, positions] of Object.entries(expected))
      await expect(seenOnceSettled(consumer, positions)).resolves.toEqual(positions);
    await expect(seen('shared-flaky')).resolves.toEqual([]);
    const failures = await Promise.all(
      [first, second].map((app) =>
        metricValue(app, 'tongdao_outbox_consumer_failures_total', { consumer: 'shared-flaky' }),
      ),
    );
    expect(failures[0]! + failures[1]!).toBeGreaterThan(0);

    // Once it works again it catches up, from its own position, with every event once and in order.
    flakyFails = false;
    const flaky = after(OUTBOX_START);
    await expect(seenOnceSettled('shared-flaky', flaky)).resolves.toEqual(flaky);

    // Events that arrive now reach every consumer once more, the recovered one included.
    await seed(25, '40');
    const later = (await outbox(175)).slice(all.length).map((event) => key(event.position));
    expect(later).toHaveLength(25);
    for (const consumer of [...Object.keys(expected), 'shared-flaky']) {
      const full = [...(consumer === 'shared-flaky' ? flaky : expected[consumer]!), ...later];
      await expect(seenOnceSettled(consumer, full)).resolves.toEqual(full);
    }
    const totals = (await cursors.list()).filter((cursor) => cursor.name.startsWith('shared-'));
    for (const cursor of totals) expect(cursor.eventsTotal).toBe((await seen(cursor.name)).length);
  });
});
