import { laneOf, PRIORITY_LANES, WaitOptions } from './wait-options';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
  detach(): void;
}

/**
 * Waiters in priority lanes, each lane first come first served; an aborted waiter leaves its lane at once and
 * its promise rejects with the error `onAbort` builds.
 */
export class PriorityWaiters {
  private readonly lanes: Waiter[][] = Array.from({ length: PRIORITY_LANES }, () => []);
  private count = 0;

  constructor(private readonly onAbort: (reason: unknown) => Error) {}

  get size(): number {
    return this.count;
  }

  wait(options: WaitOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(this.onAbort(signal.reason));
    const lane = this.lanes[laneOf(options.priority)]!;
    return new Promise<void>((resolve, reject) => {
      const abort = (): void => {
        const index = lane.indexOf(waiter);
        if (index < 0) return;
        lane.splice(index, 1);
        this.count -= 1;
        reject(this.onAbort(signal?.reason));
      };
      const waiter: Waiter = { resolve, reject, detach: () => signal?.removeEventListener('abort', abort) };
      signal?.addEventListener('abort', abort, { once: true });
      lane.push(waiter);
      this.count += 1;
    });
  }

  /** Wakes the first waiter of the most urgent lane; false when nobody waits. */
  wakeOne(): boolean {
    for (const lane of this.lanes) {
      const waiter = lane.shift();
      if (!waiter) continue;
      this.count -= 1;
      waiter.detach();
      waiter.resolve();
      return true;
    }
    return false;
  }

  wakeAll(): void {
    while (this.wakeOne());
  }

  rejectAll(error: Error): void {
    for (const lane of this.lanes) {
      for (const waiter of lane.splice(0)) {
        waiter.detach();
        waiter.reject(error);
      }
    }
    this.count = 0;
  }
}
