import { PriorityWaitQueue, QueuedWaiter, waitInQueue } from './priority-wait-queue';

export interface TokenBucketOptions {
  /** Sustained rate; 0 or undefined disables limiting. */
  ratePerSecond?: number;
  /** Largest burst; defaults to a tenth of a second's worth so a gateway never sees a full second's quota at once. */
  burst?: number;
  now?: () => number;
  /** Builds the rejection of a wait given up through its signal. */
  onAbort?: (reason: unknown) => Error;
}

/** Per-connection TPS limiter; waiters are served by priority lane, in arrival order within a lane. */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private refilledAt: number;
  private readonly waiters = new PriorityWaitQueue<QueuedWaiter>();
  private readonly onAbort: (reason: unknown) => Error;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: TokenBucketOptions = {}) {
    this.rate = options.ratePerSecond && options.ratePerSecond > 0 ? options.ratePerSecond : 0;
    this.burst = Math.max(1, options.burst ?? Math.ceil(this.rate / 10));
    this.now = options.now ?? Date.now;
    this.tokens = this.burst;
    this.refilledAt = this.now();
    this.onAbort = options.onAbort ?? ((reason) => new Error(String(reason ?? 'aborted')));
  }

  get limited(): boolean {
    return this.rate > 0;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Takes a token if one is available right now without queueing behind earlier waiters. */
  tryTake(): boolean {
    if (!this.limited) return true;
    if (this.waiters.length > 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** `priority` 0 is served first; aborting `signal` gives up the wait. */
  take(priority?: number, signal?: AbortSignal): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    const waiting = waitInQueue(this.waiters, priority, signal, this.onAbort);
    this.schedule();
    return waiting;
  }

  /** Rejects everyone still waiting (used when a session closes). */
  cancelWaiters(error: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiters.drain()) waiter.reject(error);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.refilledAt;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
    this.refilledAt = now;
  }

  private schedule(): void {
    if (this.timer || this.waiters.length === 0) return;
    this.refill();
    const waitMs = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
    this.timer = setTimeout(() => this.serve(), waitMs);
  }

  private serve(): void {
    this.timer = undefined;
    this.refill();
    while (this.waiters.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiters.shift()?.resolve();
    }
    this.schedule();
  }
}
