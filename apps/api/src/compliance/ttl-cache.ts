/** A small per-process cache of values that change rarely (account settings, link domains). */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    const value = load();
    if (this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { value, expiresAt: now + this.ttlMs });
      value.catch(() => this.entries.delete(key));
    }
    return value;
  }

  /** After a change made by this process, so it sees its own write at once. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }
}
