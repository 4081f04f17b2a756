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

  /** Removes and returns every waiter, highest priority first. */
  drain(): T[] {
    const all = this.lanes.flatMap((lane) => lane.splice(0));
    this.size = 0;
    return all;
  }
}
