import type Redis from 'ioredis';
import {
  addOutcome,
  DeliveryStats,
  emptyStats,
  LATENCY_BOUNDS_MS,
  mergeStats,
  ReceiptOutcome,
  statsKey,
} from '../learning/delivery-stats';

export type StatsResolution = 'fine' | 'coarse';

export interface DeliveryStatsStoreOptions {
  /** Width of the fine buckets (learning, the 5-minute view). */
  fineBucketMs: number;
  /** How long fine buckets are kept. */
  fineRetentionMs: number;
}

const COARSE_BUCKET_MS = 60_000;
const COARSE_RETENTION_MS = 65 * 60_000;
const FIELDS = ['n', 'ok', 't', 'lat', ...LATENCY_BOUNDS_MS.map((_, index) => `h${index}`)] as const;

/**
 * Receipt outcomes per channel × carrier × province in time buckets, shared by every dispatcher process: each
 * process adds up its outcomes locally and flushes them as HINCRBYs once a second, into fine buckets (for learning
 * and the last minutes) and minute buckets (for the last hour). A bucket is one hash, a field per dimension and
 * figure (`channel|carrier|province#n`), so a window is read with one HGETALL per bucket.
 */
export class DeliveryStatsStore {
  private pending = new Map<string, DeliveryStats>();
  private pendingBucket = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly options: DeliveryStatsStoreOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  record(outcome: ReceiptOutcome, at = this.clock()): void {
    const bucket = Math.floor(at / this.options.fineBucketMs) * this.options.fineBucketMs;
    const key = `${bucket}\u0000${statsKey(outcome.channelId, outcome.carrier ?? 'INTL', outcome.province)}`;
    let stats = this.pending.get(key);
    if (!stats) {
      stats = emptyStats();
      this.pending.set(key, stats);
      this.pendingBucket.set(key, bucket);
    }
    addOutcome(stats, outcome);
  }

  /** Writes what was recorded since the last flush; on failure it is kept for the next one. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const pending = this.pending;
    const buckets = this.pendingBucket;
    this.pending = new Map();
    this.pendingBucket = new Map();
    const pipeline = this.redis.pipeline();
    const touched = new Map<string, number>();
    for (const [key, stats] of pending) {
      const dimension = key.slice(key.indexOf('\u0000') + 1);
      const bucket = buckets.get(key)!;
      const coarse = Math.floor(bucket / COARSE_BUCKET_MS) * COARSE_BUCKET_MS;
      for (const [hash, retention] of [
        [this.hashKey('fine', bucket), this.options.fineRetentionMs],
        [this.hashKey('coarse', coarse), COARSE_RETENTION_MS],
      ] as const) {
        this.increments(stats).forEach(([field, value]) => {
          if (value !== 0) pipeline.hincrby(hash, `${dimension}#${field}`, value);
        });
        touched.set(hash, retention);
      }
    }
    for (const [hash, retention] of touched) pipeline.pexpire(hash, retention + COARSE_BUCKET_MS);
    try {
      const results = await pipeline.exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (failure) throw failure;
    } catch (error) {
      for (const [key, stats] of pending) {
        this.pending.set(key, mergeStats(this.pending.get(key) ?? emptyStats(), stats));
        this.pendingBucket.set(key, buckets.get(key)!);
      }
      throw error;
    }
  }

  /** Receipts by statsKey over [from, to): fine buckets for short windows, minute buckets for long ones. */
  async read(from: number, to: number, resolution: StatsResolution): Promise<Map<string, DeliveryStats>> {
    const total = new Map<string, DeliveryStats>();
    for (const { stats } of await this.readBuckets(from, to, resolution))
      for (const [key, value] of stats) total.set(key, mergeStats(total.get(key) ?? emptyStats(), value));
    return total;
  }

  /** The buckets starting in [from, to), each on its own, in one round trip. */
  async readBuckets(
    from: number,
    to: number,
    resolution: StatsResolution,
  ): Promise<Array<{ start: number; stats: Map<string, DeliveryStats> }>> {
    const width = resolution === 'fine' ? this.options.fineBucketMs : COARSE_BUCKET_MS;
    const starts: number[] = [];
    for (let bucket = Math.floor(from / width) * width; bucket < to; bucket += width) starts.push(bucket);
    const pipeline = this.redis.pipeline();
    starts.forEach((start) => pipeline.hgetall(this.hashKey(resolution, start)));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, hash], index) => {
      if (error) throw error;
      const byKey = new Map<string, DeliveryStats>();
      for (const [field, value] of Object.entries(hash as Record<string, string>)) {
        const separator = field.lastIndexOf('#');
        const dimension = field.slice(0, separator);
        let stats = byKey.get(dimension);
        if (!stats) {
          stats = emptyStats();
          byKey.set(dimension, stats);
        }
        applyField(stats, field.slice(separator + 1), Number(value));
      }
      return { start: starts[index]!, stats: byKey };
    });
  }

  private hashKey(resolution: StatsResolution, bucket: number): string {
    return `routing:receipts:${resolution}:${bucket}`;
  }

  private increments(stats: DeliveryStats): Array<[string, number]> {
    return [
      ['n', stats.total],
      ['ok', stats.delivered],
      ['t', stats.timed],
      ['lat', stats.latencySumMs],
      ...stats.latencyHistogram.map((count, index): [string, number] => [`h${index}`, count]),
    ];
  }
}

function applyField(stats: DeliveryStats, field: string, value: number): void {
  if (!(FIELDS as readonly string[]).includes(field)) return;
  if (field === 'n') stats.total += value;
  else if (field === 'ok') stats.delivered += value;
  else if (field === 't') stats.timed += value;
  else if (field === 'lat') stats.latencySumMs += value;
  else stats.latencyHistogram[Number(field.slice(1))]! += value;
}
