import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { OutboxEvent, OutboxReader } from '@tongdao/database';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { OUTBOX_CONSUMER, OutboxConsumer } from './outbox-consumer';
import { OutboxCursorRepository } from './outbox-cursor.repository';
import { SharedBatches } from './shared-batches';

/** Another worker holds this consumer: look again after this long (it may have died). */
const HELD_ELSEWHERE_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 30_000;

/** One consumer's batch: how many events it handled, and whether they reached the end of the outbox as read. */
interface BatchOutcome {
  handled: number;
  atEnd: boolean;
}

/**
 * Runs every outbox consumer of this process in its own loop: lock the consumer's cursor (one worker at a time),
 * take the next committed events, let the consumer handle them in the same transaction, advance the cursor, commit.
 * The events come from reads shared by the consumers of this process (SharedBatches): consumers at the same place
 * in the outbox cost one read, while each keeps its own transaction, cursor, failures and backoff, so one that
 * fails or is slow holds back and rolls back nobody else.
 */
@Injectable()
export class OutboxRunnerService implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRunnerService.name);
  private readonly reader = new OutboxReader();
  private batches?: SharedBatches<OutboxEvent>;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly handled: Counter<'consumer'>;
  private readonly failures: Counter<'consumer'>;
  private readonly lag: Gauge<'consumer'>;
  private readonly reads: Counter<'consumer' | 'source'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly cursors: OutboxCursorRepository,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    metrics: MetricsService,
  ) {
    this.handled = metrics.counter('tongdao_outbox_events_handled_total', 'Outbox events handled', [
      'consumer',
    ]);
    this.failures = metrics.counter('tongdao_outbox_consumer_failures_total', 'Failed outbox batches', [
      'consumer',
    ]);
    this.lag = metrics.gauge(
      'tongdao_outbox_lag_seconds',
      'Age of the newest event a consumer has handled when it handled it (0 when caught up)',
      ['consumer'],
    );
    this.reads = metrics.counter(
      'tongdao_outbox_reads_total',
      'Batches taken by a consumer: read from the database for it, or shared from a read made for another consumer',
      ['consumer', 'source'],
    );
  }

  /** The consumers this process runs, discovered by their @AsOutboxConsumer() marker. */
  consumers(): OutboxConsumer[] {
    return this.discovery
      .getProviders()
      .filter(
        (wrapper) =>
          wrapper.metatype && wrapper.instance && this.reflector.get(OUTBOX_CONSUMER, wrapper.metatype),
      )
      .map((wrapper) => wrapper.instance as OutboxConsumer);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const consumer of this.consumers()) {
      await this.cursors.ensure(consumer.name, consumer.startAt ?? 'beginning');
      this.loops.push(this.loop(consumer));
      this.logger.log({ consumer: consumer.name }, 'outbox consumer started');
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of [...this.wakers]) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Handles the next batch of one consumer; resolves with the number of events, or null when another worker has it. */
  async runOnce(consumer: OutboxConsumer): Promise<number | null> {
    const outcome = await this.runBatch(consumer);
    return outcome && outcome.handled;
  }

  private runBatch(consumer: OutboxConsumer): Promise<BatchOutcome | null> {
    return this.dataSource.transaction(async (tx) => {
      const cursor = await this.cursors.lock(tx, consumer.name);
      if (!cursor) return null;
      const next = await this.shared().next(tx, cursor.position, this.limitOf(consumer));
      this.reads.inc({ consumer: consumer.name, source: next.source });
      const { events } = next;
      if (events.length === 0) {
        this.lag.set({ consumer: consumer.name }, 0);
        return { handled: 0, atEnd: true };
      }
      await consumer.handle(events, tx);
      const last = events[events.length - 1]!;
      await this.cursors.advance(tx, consumer.name, last.position, events.length, this.config.worker.id);
      this.handled.inc({ consumer: consumer.name }, events.length);
      this.lag.set({ consumer: consumer.name }, Math.max(0, (Date.now() - last.occurredAt.getTime()) / 1000));
      return { handled: events.length, atEnd: next.atEnd };
    });
  }

  private limitOf(consumer: OutboxConsumer): number {
    return consumer.batchSize ?? this.config.worker.outboxBatch;
  }

  /** Made on first use, once the consumers are known: each read is as large as the largest batch among them. */
  private shared(): SharedBatches<OutboxEvent> {
    this.batches ??= new SharedBatches<OutboxEvent>(
      (runner, after, limit) => this.reader.read(runner, after, limit),
      Math.max(0, ...this.consumers().map((consumer) => this.limitOf(consumer))),
    );
    return this.batches;
  }

  private async loop(consumer: OutboxConsumer): Promise<void> {
    let failures = 0;
    while (this.running) {
      let waitMs = 0;
      try {
        const outcome = await this.runBatch(consumer);
        failures = 0;
        if (outcome === null) waitMs = HELD_ELSEWHERE_MS;
        // Not "fewer than asked for": the rest of a shared batch can be short while more events wait behind it.
        else if (outcome.atEnd) waitMs = this.config.worker.pollIntervalMs;
      } catch (error) {
        failures += 1;
        this.failures.inc({ consumer: consumer.name });
        waitMs = Math.min(MAX_ERROR_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 6));
        this.logger.error(
          { consumer: consumer.name, err: (error as Error).message, retryInMs: waitMs },
          'outbox consumer failed; its batch will be handed over again',
        );
      }
      if (waitMs > 0) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
