import { ClickEnricher } from './click-enricher';
import { ClickEvent, decodeClickEvents } from './click-event';
import { ClickLog, ClickLogEntry } from './click-log';
import { ClickRecord } from './click-record';

/** Where the writer commits clicks: one transaction per batch, duplicates (by click id) skipped. */
export interface ClickStore {
  /** Delivery times of messages (absent: unknown or not delivered). */
  deliveredAt(messageIds: readonly string[]): Promise<Map<string, Date>>;
  /** Inserts the batch in one transaction; returns how many were new. */
  store(records: readonly ClickRecord[]): Promise<number>;
}

export interface ClickWriterOptions {
  consumer: string;
  batchSize: number;
  blockMs: number;
  /** Entries a consumer has held this long unacknowledged are taken over (their consumer is presumed dead). */
  claimIdleMs: number;
  /** How often to look for such entries. */
  claimEveryMs: number;
  /**
   * Clicks enriched and committed per transaction (default CLICK_CHUNK). A batch of log entries can hold tens of
   * thousands of clicks (an entry carries the hits of one event-loop turn); taken whole, enriching, rolling up and
   * serialising it held a redirector's event loop for 200 ms and more, and its visitors waited that long.
   */
  chunkSize?: number;
  onError?: (error: unknown) => void;
  onBatch?: (stats: { entries: number; inserted: number }) => void;
}

/** A few milliseconds of enrichment and rollup per chunk; the event loop gets a turn during each commit. */
export const CLICK_CHUNK = 200;

/**
 * Moves clicks from the log into PostgreSQL: read a batch through the consumer group, enrich it, commit it in
 * chunks (ON CONFLICT (click_id) DO NOTHING), and only then acknowledge it. A process killed between commit and
 * acknowledgement leaves its entries pending; another writer (or this one after a restart) claims and replays them,
 * and the unique click id turns the replay into a no-op. So every logged click is stored exactly once.
 */
export class ClickWriter {
  private running = false;
  private loop?: Promise<void>;
  private lastClaim = 0;
  private readonly deliveredCache = new Map<string, { at: Date | null; until: number }>();

  constructor(
    private readonly log: ClickLog,
    private readonly store: ClickStore,
    private readonly enricher: ClickEnricher,
    private readonly options: ClickWriterOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** One round (used by the loop, and by tests to drain deterministically). Returns entries handled. */
  async pump(blockMs = this.options.blockMs): Promise<number> {
    const { consumer, batchSize } = this.options;
    let entries = await this.log.readPending(consumer, batchSize);
    if (entries.length === 0 && Date.now() - this.lastClaim >= this.options.claimEveryMs) {
      this.lastClaim = Date.now();
      entries = await this.log.claimStale(consumer, this.options.claimIdleMs, batchSize);
    }
    if (entries.length === 0) entries = await this.log.read(consumer, batchSize, blockMs);
    if (entries.length === 0) return 0;
    await this.write(entries);
    return entries.length;
  }

  private async run(): Promise<void> {
    await this.log.prepare();
    while (this.running) {
      try {
        await this.pump();
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /**
   * Commits the batch's clicks chunk by chunk, and acknowledges the entries once all are committed. A crash part way
   * leaves every entry pending: the replay skips the chunks already stored (their click ids exist), and derived
   * data is counted only for newly inserted clicks, so nothing is counted twice.
   */
  private async write(entries: readonly ClickLogEntry[]): Promise<void> {
    let inserted = 0;
    for (const chunk of this.chunks(entries)) inserted += await this.writeChunk(chunk);
    await this.log.acknowledge(entries.map((entry) => entry.id));
    this.options.onBatch?.({ entries: entries.length, inserted });
  }

  /** Decodes entries lazily, so the decoding is spread over the chunks too. */
  private *chunks(entries: readonly ClickLogEntry[]): Generator<ClickEvent[]> {
    const size = this.options.chunkSize ?? CLICK_CHUNK;
    let chunk: ClickEvent[] = [];
    for (const entry of entries) {
      for (const event of decodeClickEvents(entry.payload)) chunk.push(event);
      if (chunk.length < size) continue;
      yield chunk;
      chunk = [];
    }
    if (chunk.length > 0) yield chunk;
  }

  private async writeChunk(events: readonly ClickEvent[]): Promise<number> {
    const delivered = await this.deliveryTimes(events);
    const records = events.map((event) =>
      this.enricher.enrich(event, event.messageId ? (delivered.get(event.messageId) ?? null) : null),
    );
    return this.store.store(records);
  }

  /** Delivery times change once (null → set): known ones are kept long, unknown ones re-checked after 5 s. */
  private async deliveryTimes(events: readonly ClickEvent[]): Promise<Map<string, Date | null>> {
    const now = Date.now();
    const result = new Map<string, Date | null>();
    const missing = new Set<string>();
    for (const event of events) {
      if (!event.messageId || result.has(event.messageId)) continue;
      const cached = this.deliveredCache.get(event.messageId);
      if (cached && cached.until > now) result.set(event.messageId, cached.at);
      else missing.add(event.messageId);
    }
    if (missing.size > 0) {
      const found = await this.store.deliveredAt([...missing]);
      if (this.deliveredCache.size > 100_000) this.deliveredCache.clear();
      for (const id of missing) {
        const at = found.get(id) ?? null;
        result.set(id, at);
        this.deliveredCache.set(id, { at, until: now + (at ? 3_600_000 : 5_000) });
      }
    }
    return result;
  }
}
