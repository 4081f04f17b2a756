import type Redis from 'ioredis';
import { COUNT_SCRIPT, DECREASE_SCRIPT, TAKE_SCRIPT } from './cluster-rate-scripts';

export interface AdaptiveRateOptions {
  /** Multiplicative decrease on a throttle answer. */
  decreaseFactor: number;
  /** Additive increase per interval, as a fraction of the ceiling (the cap, or the rate before throttling). */
  increaseStep: number;
  increaseIntervalMs: number;
  /** The rate never falls below this fraction of the ceiling. */
  minFraction: number;
  /** Throttle answers within this time of a decrease are one event (they answer one window of submits). */
  decreaseCooldownMs: number;
  /** Largest burst the bucket holds, in ms of the rate. */
  burstMs: number;
  /** Tokens fetched from Redis at a time, in ms of the rate; they are spent locally. */
  fetchMs: number;
}

export const DEFAULT_ADAPTIVE_RATE: AdaptiveRateOptions = {
  decreaseFactor: 0.5,
  increaseStep: 0.05,
  increaseIntervalMs: 1_000,
  minFraction: 0.05,
  decreaseCooldownMs: 500,
  burstMs: 100,
  fetchMs: 50,
};

/** Raised to a waiting submit whose wait was aborted (the channel failed): nothing was sent. */
export class WaitAbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WaitAbortedError';
  }
}

interface Waiter {
  segments: number;
  priority: number;
  resolve(): void;
  reject(error: Error): void;
  detach(): void;
}

/** Local tokens are spent within this time or dropped, so a process cannot hoard a burst. */
const LOCAL_TOKEN_TTL_MS = 1_000;
const COUNT_FLUSH_MS = 1_000;

export interface RateSnapshot {
  /** Segments per second allowed now across the cluster; null when unlimited. */
  rate: number | null;
  /** True while the adaptive rate is below the ceiling after throttle answers. */
  throttled: boolean;
}

/**
 * One channel's share of a cluster-wide token bucket in Redis, counted in segments. Tokens are fetched in small
 * chunks and spent locally, so a submit costs no Redis round trip; waiters are served by priority (verification
 * first), then in arrival order. Throttle answers from the gateway cut the shared rate (AIMD, in Redis, so every
 * process slows down together) and it grows back by itself. Without a cap, segments are only counted, until a
 * throttle answer makes the rate adaptive; it becomes unlimited again once it has grown back.
 */
export class ClusterRate {
  private local = 0;
  private localAt = 0;
  private waiters: Waiter[] = [];
  private pumping = false;
  private rate: number | null;
  private throttledUntil = 0;
  private uncounted = 0;
  private readonly flushTimer: NodeJS.Timeout;
  private lastError = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private cap: number | undefined,
    private readonly options: AdaptiveRateOptions = DEFAULT_ADAPTIVE_RATE,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.rate = cap ?? null;
    this.flushTimer = setInterval(() => void this.flushCount(), COUNT_FLUSH_MS);
    this.flushTimer.unref();
  }

  snapshot(): RateSnapshot {
    return {
      rate: this.rate,
      throttled: this.rate !== null && (this.cap === undefined || this.rate < this.cap),
    };
  }

  setCap(cap: number | undefined): void {
    if (cap === this.cap) return;
    this.cap = cap;
    this.rate = cap ?? null;
    this.local = 0;
  }

  /** A hint for routing: false while the bucket has told us to wait and that time has not come. */
  hasRoom(): boolean {
    return this.rate === null || this.local >= 1 || Date.now() >= this.throttledUntil;
  }

  /** Resolves once `segments` tokens are ours; rejects with WaitAbortedError when `signal` aborts first. */
  take(segments: number, priority = 1, signal?: AbortSignal): Promise<void> {
    if (this.rate === null) {
      this.uncounted += segments;
      return Promise.resolve();
    }
    if (signal?.aborted) return Promise.reject(new WaitAbortedError(String(signal.reason ?? 'aborted')));
    if (this.waiters.length === 0 && this.fresh() && this.local >= segments) {
      this.local -= segments;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        segments,
        priority,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        reject(new WaitAbortedError(String(signal?.reason ?? 'aborted')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const at = this.waiters.findIndex((candidate) => candidate.priority > priority);
      if (at < 0) this.waiters.push(waiter);
      else this.waiters.splice(at, 0, waiter);
      void this.pump();
    });
  }

  /** The gateway answered with flow control: slow the whole cluster down. */
  async throttle(): Promise<void> {
    const uncounted = this.uncounted;
    this.uncounted = 0;
    try {
      const [rate] = (await this.redis.eval(
        DECREASE_SCRIPT,
        1,
        this.key,
        ...this.args(this.options.decreaseCooldownMs),
        uncounted,
      )) as number[];
      this.applyRate(rate!);
      this.local = Math.min(this.local, 1);
    } catch (error) {
      this.failed(error as Error);
    }
  }

  close(): void {
    clearInterval(this.flushTimer);
    for (const waiter of this.waiters.splice(0)) {
      waiter.detach();
      waiter.reject(new WaitAbortedError('channel closed'));
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        const head = this.waiters[0]!;
        if (!this.fresh()) this.local = 0;
        if (this.rate === null || this.local >= head.segments) {
          if (this.rate !== null) this.local -= head.segments;
          else this.uncounted += head.segments;
          this.waiters.shift();
          head.detach();
          head.resolve();
          continue;
        }
        const wait = await this.fetch(head.segments - this.local);
        if (wait > 0 && this.local < head.segments) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Fetches tokens; returns how long to wait before asking again. */
  private async fetch(missing: number): Promise<number> {
    const chunk = Math.max(missing, Math.ceil(((this.rate ?? 0) * this.options.fetchMs) / 1000));
    try {
      const [granted, wait, rate] = (await this.redis.eval(
        TAKE_SCRIPT,
        1,
        this.key,
        ...this.args(chunk),
      )) as number[];
      this.local += granted!;
      this.localAt = Date.now();
      this.applyRate(rate!);
      this.throttledUntil = wait! > 0 ? Date.now() + wait! : 0;
      return wait!;
    } catch (error) {
      // Without Redis the channel keeps its own cap locally rather than stopping: a dead Redis must not stop SMS.
      this.failed(error as Error);
      this.local += Math.max(missing, 1);
      this.localAt = Date.now();
      return Math.ceil((missing * 1000) / Math.max(1, this.rate ?? 1));
    }
  }

  private async flushCount(): Promise<void> {
    const segments = this.uncounted;
    this.uncounted = 0;
    if (this.rate !== null && segments === 0 && this.cap !== undefined) return;
    try {
      const [rate] = (await this.redis.eval(COUNT_SCRIPT, 1, this.key, ...this.args(segments))) as number[];
      this.applyRate(rate!);
    } catch (error) {
      this.failed(error as Error);
    }
  }

  private applyRate(rateTimes1000: number): void {
    this.rate = rateTimes1000 > 0 ? rateTimes1000 / 1000 : null;
    if (this.rate === null && this.waiters.length > 0) void this.pump();
  }

  private fresh(): boolean {
    return Date.now() - this.localAt < LOCAL_TOKEN_TTL_MS;
  }

  private args(last: number): Array<string | number> {
    const o = this.options;
    return [
      this.cap ?? 0,
      o.decreaseFactor,
      o.increaseStep,
      o.increaseIntervalMs,
      o.minFraction,
      o.burstMs,
      last,
    ];
  }

  private failed(error: Error): void {
    if (Date.now() - this.lastError > 10_000) this.onError(error);
    this.lastError = Date.now();
  }
}
