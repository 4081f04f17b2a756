import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Percentage of failed submits within the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** Submits the window must hold before the error rate counts. */
  volumeThreshold: number;
  rollingWindowMs: number;
  /** How long an open breaker waits before probing. */
  resetTimeoutMs: number;
  /** Successful probes, at most this many at a time, that close a half-open breaker. */
  halfOpenProbes: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  errorThresholdPercentage: 50,
  volumeThreshold: 20,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 5_000,
  halfOpenProbes: 3,
};

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  reason: string;
  at: Date;
}

/** How a submit's result bears on the channel's health. */
export type ChannelVerdict = { ok: true } | { ok: false; reason: string };

/** Thrown when a submit reaches a breaker that no longer admits it: nothing was sent. */
export class BreakerOpenError extends Error {
  constructor(readonly channelId: string) {
    super(`circuit breaker of channel ${channelId} is open`);
    this.name = 'BreakerOpenError';
  }
}

const HISTORY = 20;
const BUCKETS = 10;

/** Carries a counted failure through opossum, so the caller still gets the submit's result. */
class CountedFailure<T> extends Error {
  constructor(
    readonly result: T,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * One channel's circuit breaker. Closed, submits run through an opossum breaker, which watches the rolling error
 * rate and trips it. Open, nothing is admitted until `resetTimeoutMs` has passed (or `recovered()` says the
 * connection is back); half-open, up to `halfOpenProbes` submits probe the channel and all of them must succeed
 * to close it, any failure opens it again. Connection loss and stalls trip it directly (`trip`).
 *
 * Events: 'transition' (BreakerTransition).
 */
export class ChannelBreaker extends EventEmitter {
  private current: BreakerState = 'closed';
  private currentReason = 'channel started';
  private changedAt = new Date();
  private readonly history: BreakerTransition[] = [];
  private readonly detector: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly buckets = new EventEmitter();
  private readonly rotateTimer: NodeJS.Timeout;
  private resetTimer?: NodeJS.Timeout;
  private lastFailure = '';
  private probesInFlight = 0;
  private probeSuccesses = 0;

  constructor(
    readonly channelId: string,
    private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
  ) {
    super();
    this.detector = new CircuitBreaker((action: () => Promise<unknown>) => action(), {
      name: channelId,
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingWindowMs,
      rollingCountBuckets: BUCKETS,
      rotateBucketController: this.buckets,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      resetTimeout: 2_147_483_647,
      errorFilter: (error: Error) => !(error instanceof CountedFailure),
    });
    this.detector.on('open', () => this.onErrorRate());
    this.rotateTimer = setInterval(() => this.buckets.emit('rotate'), options.rollingWindowMs / BUCKETS);
    this.rotateTimer.unref();
  }

  get state(): BreakerState {
    return this.current;
  }

  get reason(): string {
    return this.currentReason;
  }

  get since(): Date {
    return this.changedAt;
  }

  transitions(): readonly BreakerTransition[] {
    return this.history;
  }

  /** Whether a new submit may start now. */
  canAdmit(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') return false;
    return this.probesInFlight + this.probeSuccesses < this.options.halfOpenProbes;
  }

  /** Runs one submit; `verdict` says whether its result counts against the channel. Never swallows the result. */
  async run<T>(action: () => Promise<T>, verdict: (result: T) => ChannelVerdict): Promise<T> {
    if (!this.canAdmit()) throw new BreakerOpenError(this.channelId);
    if (this.current === 'half-open') return this.probe(action, verdict);
    try {
      return (await this.detector.fire(async () => {
        const result = await action();
        const judged = verdict(result);
        if (!judged.ok) throw new CountedFailure(result, judged.reason);
        return result;
      })) as T;
    } catch (error) {
      if (error instanceof CountedFailure) {
        this.lastFailure = error.reason;
        return error.result as T;
      }
      if ((error as { code?: string }).code === 'EOPENBREAKER') throw new BreakerOpenError(this.channelId);
      throw error;
    }
  }

  /** Opens at once: the connection is gone or the gateway stopped answering. */
  trip(reason: string): void {
    if (this.current === 'open') return;
    this.open(reason);
  }

  /** The cause of a trip is gone (logged in again): probe now rather than after the reset timeout. */
  recovered(reason: string): void {
    if (this.current !== 'open') return;
    this.halfOpen(reason);
  }

  shutdown(): void {
    clearInterval(this.rotateTimer);
    clearTimeout(this.resetTimer);
    this.detector.shutdown();
    this.removeAllListeners();
  }

  private async probe<T>(action: () => Promise<T>, verdict: (result: T) => ChannelVerdict): Promise<T> {
    this.probesInFlight += 1;
    let result: T;
    try {
      result = await action();
    } catch (error) {
      this.probesInFlight -= 1;
      throw error;
    }
    this.probesInFlight -= 1;
    if (this.current !== 'half-open') return result;
    const judged = verdict(result);
    if (!judged.ok) {
      this.open(`probe failed: ${judged.reason}`);
    } else {
      this.probeSuccesses += 1;
      if (this.probeSuccesses >= this.options.halfOpenProbes)
        this.move('closed', `${this.probeSuccesses} probes succeeded`);
    }
    return result;
  }

  private onErrorRate(): void {
    const stats = this.detector.stats;
    const reason =
      `${stats.failures} of ${stats.fires} submits failed within ${this.options.rollingWindowMs / 1000} s` +
      (this.lastFailure ? ` (last: ${this.lastFailure})` : '');
    // opossum only detects; this class owns the states, so its detector goes back to counting afresh.
    this.detector.close();
    this.open(reason);
  }

  private open(reason: string): void {
    this.clearWindow();
    this.move('open', reason);
    clearTimeout(this.resetTimer);
    this.resetTimer = setTimeout(
      () => this.halfOpen(`${this.options.resetTimeoutMs} ms elapsed`),
      this.options.resetTimeoutMs,
    );
    this.resetTimer.unref();
  }

  private halfOpen(reason: string): void {
    clearTimeout(this.resetTimer);
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    this.move('half-open', reason);
  }

  private clearWindow(): void {
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) this.buckets.emit('rotate');
  }

  private move(to: BreakerState, reason: string): void {
    const transition: BreakerTransition = { from: this.current, to, reason, at: new Date() };
    this.current = to;
    this.currentReason = reason;
    this.changedAt = transition.at;
    this.history.push(transition);
    if (this.history.length > HISTORY) this.history.shift();
    this.emit('transition', transition);
  }
}
