import { PriorityWaitQueue, QueuedWaiter, waitInQueue } from './priority-wait-queue';
import { RequestTimeoutError } from './request-timeout-error';

interface PendingRequest<R> {
  resolve(response: R): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  sentAt: number;
}

/**
 * Sliding window of unanswered requests. A slot is first reserved with `acquire()` (waiting in FIFO order while
 * the window is full, urgent lanes first), then either turned into a tracked request with `track()` or handed back with `release()`.
 */
export class RequestWindow<R> {
  private readonly pending = new Map<string, PendingRequest<R>>();
  private readonly waiters = new PriorityWaitQueue<QueuedWaiter>();
  private drainWaiters: Array<() => void> = [];
  private reserved = 0;
  private lastSettled = 0;

  /** `onAbort` builds the rejection of a wait given up through its signal. */
  constructor(
    readonly capacity: number,
    private readonly onAbort: (reason: unknown) => Error = (reason) => new Error(String(reason ?? 'aborted')),
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('window capacity must be a positive integer');
  }

  /** Requests on the wire plus slots reserved for requests about to be written. */
  get inFlight(): number {
    return this.pending.size + this.reserved;
  }

  get queued(): number {
    return this.waiters.length;
  }

  tryAcquire(): boolean {
    if (this.waiters.length > 0 || this.inFlight >= this.capacity) return false;
    this.reserved += 1;
    return true;
  }

  /** Age of the oldest request on the wire, 0 when none. */
  oldestPendingMs(now = Date.now()): number {
    const first = this.pending.values().next();
    return first.done ? 0 : now - first.value.sentAt;
  }

  /** When a response last settled a request (ms since the epoch; 0 never). */
  get lastSettledAt(): number {
    return this.lastSettled;
  }

  /** `priority` 0 is served first (see PriorityWaitQueue); aborting `signal` gives up the wait. */
  acquire(priority?: number, signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return waitInQueue(this.waiters, priority, signal, this.onAbort);
  }

  release(): void {
    if (this.reserved === 0) return;
    this.reserved -= 1;
    this.slotFreed();
  }

  /** Converts a reserved slot into a request awaiting the response with this key. */
  track(key: string, timeoutMs: number): Promise<R> {
    if (this.reserved > 0) this.reserved -= 1;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(key)) {
          reject(new RequestTimeoutError(key, timeoutMs));
          this.slotFreed();
        }
      }, timeoutMs);
      this.pending.set(key, { resolve, reject, timer, sentAt: Date.now() });
    });
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** Delivers a response; false when nothing waits for this key (late, duplicate or unsolicited). */
  settle(key: string, response: R): boolean {
    const request = this.pending.get(key);
    if (!request) return false;
    this.pending.delete(key);
    clearTimeout(request.timer);
    this.lastSettled = Date.now();
    request.resolve(response);
    this.slotFreed();
    return true;
  }

  /** Rejects every request on the wire, e.g. when the connection drops. */
  failPending(error: Error): void {
    const requests = [...this.pending.values()];
    this.pending.clear();
    for (const request of requests) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    for (let i = 0; i < requests.length; i += 1) this.slotFreed();
  }

  /** Rejects everyone waiting for a slot; requests already on the wire are left to finish. */
  rejectWaiters(error: Error): void {
    for (const waiter of this.waiters.drain()) waiter.reject(error);
    this.notifyDrained();
  }

  /** Resolves once no request is on the wire and no slot is reserved. */
  whenDrained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  private slotFreed(): void {
    const next = this.waiters.shift();
    if (next) {
      this.reserved += 1;
      next.resolve();
      return;
    }
    this.notifyDrained();
  }

  private notifyDrained(): void {
    if (this.inFlight > 0 || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
