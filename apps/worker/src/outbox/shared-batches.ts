import { comparePositions, OutboxPosition, RowQueryRunner } from '@tongdao/database';

/** Anything read from an outbox stream: it has a position there. */
export interface Positioned {
  readonly position: OutboxPosition;
}

/** Reads the next committed entries of a stream after `after`, at most `limit`, in position order. */
export type ReadAfter<T> = (runner: RowQueryRunner, after: OutboxPosition, limit: number) => Promise<T[]>;

/** What one consumer gets for its cursor position. */
export interface NextBatch<T> {
  readonly events: readonly T[];
  /** The events run to the end of what the stream held when they were read: nothing more to take until a poll. */
  readonly atEnd: boolean;
  /** Read from the database for this call, or taken from a read made for another consumer. */
  readonly source: 'database' | 'shared';
}

interface Batch<T> {
  /** The read started after this position... */
  readonly after: OutboxPosition;
  /** ...and returned these, in order: every entry of the stream in (after, last event]. */
  readonly events: readonly T[];
  /** It returned as many as it asked for, so more may follow its last event. */
  readonly full: boolean;
  lastUsed: number;
}

/**
 * Lets the consumers of one process share reads of an outbox stream: a consumer whose cursor lies inside a batch
 * read recently (for it or for another consumer) takes the rest of that batch from memory instead of reading it
 * again. Consumers that move together (the usual case) therefore cost one read per batch, not one each; a consumer
 * that fell behind (a failing one backing off, one started at the beginning) misses, reads on its own, and is back
 * on the shared batches once its cursor is inside one again.
 *
 * Why a batch stays valid however long it is kept: a read returns entries below the oldest running transaction,
 * and every entry at or before its last position was written by a finished transaction, while anything written
 * later sorts after it (see outbox-reader.ts). So a batch is exactly the stream between its start and its last
 * entry, for good, and any cursor inside that range gets exactly the entries after it. Columns joined from other
 * tables (the message of an event) are as of the read, which is after every event of the batch was committed: the
 * same guarantee a consumer reading for itself has.
 *
 * Entries are shared between consumers and frozen so that none can change what another sees.
 */
export class SharedBatches<T extends Positioned> {
  private readonly batches: Batch<T>[] = [];
  /** Reads in progress by start position: a consumer arriving at the same position waits for it. */
  private readonly reading = new Map<string, Promise<Batch<T>>>();
  private uses = 0;

  constructor(
    private readonly readAfter: ReadAfter<T>,
    /** Entries per read: the largest batch any consumer takes, so one read can serve every consumer. */
    private readonly readLimit: number,
    /** Batches kept: a few, so consumers a batch or two apart still share, at a bounded cost in memory. */
    private readonly keep = 4,
  ) {}

  /** At most `limit` entries after `after`, in order, from a kept batch when one covers `after`. */
  async next(runner: RowQueryRunner, after: OutboxPosition, limit: number): Promise<NextBatch<T>> {
    const kept = this.covering(after);
    if (kept) return this.take(kept, after, limit, 'shared');
    const pending = this.reading.get(keyOf(after));
    if (pending) {
      // If that read fails, its consumer fails; this one reads for itself instead.
      const batch = await pending.catch(() => null);
      if (batch) return this.take(batch, after, limit, 'shared');
    }
    return this.take(await this.read(runner, after, limit), after, limit, 'database');
  }

  /**
   * The entries of `batch` after `after`, continued into a kept batch read from where it ends (the stream is
   * contiguous across them), up to `limit`: a consumer one batch behind the others takes both and is level again.
   */
  private take(
    batch: Batch<T>,
    after: OutboxPosition,
    limit: number,
    source: NextBatch<T>['source'],
  ): NextBatch<T> {
    const events: T[] = [];
    let current = batch;
    let from = after;
    for (;;) {
      const start = firstAfter(current.events, from);
      const end = Math.min(current.events.length, start + limit - events.length);
      for (let index = start; index < end; index += 1) events.push(current.events[index]!);
      if (end < current.events.length) return { events, atEnd: false, source };
      const following = current.events.length > 0 ? this.startingAt(lastOf(current)) : undefined;
      if (!following) return { events, atEnd: !current.full, source };
      if (events.length === limit) return { events, atEnd: false, source };
      from = lastOf(current);
      current = following;
    }
  }

  /** The kept batch that reaches furthest among those holding entries after `after`. */
  private covering(after: OutboxPosition): Batch<T> | undefined {
    let best: Batch<T> | undefined;
    for (const batch of this.batches) {
      const last = lastOf(batch);
      if (comparePositions(batch.after, after) > 0 || comparePositions(after, last) >= 0) continue;
      if (!best || comparePositions(last, lastOf(best)) > 0) best = batch;
    }
    if (best) best.lastUsed = ++this.uses;
    return best;
  }

  /** The kept batch read from exactly `position`. */
  private startingAt(position: OutboxPosition): Batch<T> | undefined {
    const batch = this.batches.find((candidate) => comparePositions(candidate.after, position) === 0);
    if (batch) batch.lastUsed = ++this.uses;
    return batch;
  }

  private read(runner: RowQueryRunner, after: OutboxPosition, limit: number): Promise<Batch<T>> {
    const key = keyOf(after);
    const size = Math.max(limit, this.readLimit);
    const read = this.readAfter(runner, after, size)
      .then((events) => {
        for (const event of events) Object.freeze(event);
        const batch: Batch<T> = { after, events, full: events.length >= size, lastUsed: ++this.uses };
        this.remember(batch);
        return batch;
      })
      .finally(() => {
        if (this.reading.get(key) === read) this.reading.delete(key);
      });
    this.reading.set(key, read);
    return read;
  }

  private remember(batch: Batch<T>): void {
    // An empty batch covers no position: the next consumer at its start must read, to see what came since.
    if (batch.events.length === 0) return;
    this.batches.push(batch);
    if (this.batches.length <= this.keep) return;
    let oldest = 0;
    for (let index = 1; index < this.batches.length; index += 1)
      if (this.batches[index]!.lastUsed < this.batches[oldest]!.lastUsed) oldest = index;
    this.batches.splice(oldest, 1);
  }
}

function keyOf(position: OutboxPosition): string {
  return `${position.tx}.${position.id}`;
}

function lastOf<T extends Positioned>(batch: Batch<T>): OutboxPosition {
  return batch.events[batch.events.length - 1]!.position;
}

/** Index of the first entry positioned after `after` (binary search: entries are in position order). */
function firstAfter<T extends Positioned>(events: readonly T[], after: OutboxPosition): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (comparePositions(events[middle]!.position, after) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
