import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxEvent } from '@tongdao/database';

/**
 * Downstream work fed by message status changes (webhooks, billing settlement, funnel counters...). One worker at a
 * time runs each consumer; `handle` runs inside the transaction that advances the consumer's cursor, so what it
 * writes with `tx` happens exactly once per event. Work outside the database (an HTTP call) must be queued in a
 * table here and done elsewhere, or be idempotent: a failed transaction hands the same events over again.
 */
export interface OutboxConsumer {
  /** Cursor key; renaming a consumer starts it over. */
  readonly name: string;
  /** Where a consumer seen for the first time starts: every event kept (default), or only events from now on. */
  readonly startAt?: 'beginning' | 'now';
  /** Most events per call (default WORKER_OUTBOX_BATCH). */
  readonly batchSize?: number;
  /** The events are shared with the other consumers of the process (and frozen): read them, never change them. */
  handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void>;
}

export const OUTBOX_CONSUMER = 'tongdao:outbox-consumer';

/** Marks a provider as an outbox consumer; the worker discovers every provider so marked. */
export const AsOutboxConsumer = (): ClassDecorator => SetMetadata(OUTBOX_CONSUMER, true);
