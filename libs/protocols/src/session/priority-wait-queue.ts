/** Lane of a request that gives none: the middle one, so urgent traffic can pass it and bulk traffic wait behind. */
export const DEFAULT_PRIORITY = 1;
const LANES = 3;

/**
 * Waiters in a few priority lanes, FIFO within a lane; lane 0 is served first. Lets verification codes overtake
 * notifications and marketing wherever submits queue (window slots, TPS tokens).
 */
export class PriorityWaitQueue<T> {
  private readonly lanes: T[][] = Array.from({ length: LANES }, () => []);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T, priority: number = DEFAULT_PRIORITY): void {
    const lane = Math.min(LANES - 1, Math.max(0, Math.trunc(priority)));
    this.lanes[lane]!.push(item);
    this.size += 1;
  }

  shift(): T | undefined {
    for (const lane of this.lanes) {
      if (lane.length > 0) {
        this.size -= 1;
        return lane.shift();
      }
    }
    return undefined;
  }

  /** Takes a waiter out of its lane (it gave up waiting); false when it was not queued any more. */
  remove(item: T): boolean {
    for (const lane of this.lanes) {
      const index = lane.indexOf(item);
      if (index < 0) continue;
      lane.splice(index, 1);
      this.size -= 1;
      return true;
    }
    return false;
  }

  /** Removes and returns every waiter, highest priority first. */
  drain(): T[] {
    const all = this.lanes.flatMap((lane) => lane.splice(0));
    this.size = 0;
    return all;
  }
}

export interface QueuedWaiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Waits in `queue` until `resolve` is called on the waiter (by whoever frees a slot or token), or until `signal`
 * aborts: then the waiter leaves its lane and the promise rejects with `onAbort(reason)`.
 */
export function waitInQueue(
  queue: PriorityWaitQueue<QueuedWaiter>,
  priority: number | undefined,
  signal: AbortSignal | undefined,
  onAbort: (reason: unknown) => Error,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort(signal.reason));
  return new Promise<void>((resolve, reject) => {
    const abort = (): void => {
      if (queue.remove(waiter)) reject(onAbort(signal?.reason));
    };
    const waiter: QueuedWaiter = {
      resolve: () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      },
      reject: (error) => {
        signal?.removeEventListener('abort', abort);
        reject(error);
      },
    };
    signal?.addEventListener('abort', abort, { once: true });
    queue.push(waiter, priority);
  });
}
