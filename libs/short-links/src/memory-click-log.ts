import { ClickCap, ClickLog, ClickLogEntry } from './click-log';

interface Pending {
  entry: ClickLogEntry;
  consumer: string;
  deliveredAt: number;
}

/**
 * The click log for the embedded, single-process mode (`npm start` without Redis): the same consumer-group
 * behaviour in memory. It survives nothing; production uses RedisClickLog.
 */
export class MemoryClickLog implements ClickLog {
  private readonly queue: ClickLogEntry[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly counters = new Map<string, number>();
  private sequence = 0;
  private waiters: Array<() => void> = [];

  async append(payload: string, cap: ClickCap | null): Promise<boolean> {
    if (cap) {
      const count = (this.counters.get(cap.key) ?? 0) + 1;
      this.counters.set(cap.key, count);
      if (count > cap.limit) return false;
    }
    this.sequence += 1;
    this.queue.push({ id: `${Date.now()}-${this.sequence}`, payload });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return true;
  }

  async prepare(): Promise<void> {}

  async read(consumer: string, count: number, blockMs: number): Promise<ClickLogEntry[]> {
    if (this.queue.length === 0 && blockMs > 0)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, blockMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    const taken = this.queue.splice(0, count);
    for (const entry of taken) this.pending.set(entry.id, { entry, consumer, deliveredAt: Date.now() });
    return taken;
  }

  async readPending(consumer: string, count: number): Promise<ClickLogEntry[]> {
    return [...this.pending.values()]
      .filter((pending) => pending.consumer === consumer)
      .slice(0, count)
      .map((pending) => pending.entry);
  }

  async claimStale(consumer: string, minIdleMs: number, count: number): Promise<ClickLogEntry[]> {
    const now = Date.now();
    const claimed: ClickLogEntry[] = [];
    for (const pending of this.pending.values()) {
      if (claimed.length >= count) break;
      if (now - pending.deliveredAt < minIdleMs) continue;
      pending.consumer = consumer;
      pending.deliveredAt = now;
      claimed.push(pending.entry);
    }
    return claimed;
  }

  async acknowledge(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.pending.delete(id);
  }

  async backlog(): Promise<number> {
    return this.queue.length + this.pending.size;
  }

  async close(): Promise<void> {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
