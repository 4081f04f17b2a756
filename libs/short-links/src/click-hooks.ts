import { ClickRecord } from './click-record';

/**
 * Called by the click writer inside the transaction that inserts a batch, with only the clicks that batch newly
 * inserted (a replayed entry is not passed again), before the commit: whatever a listener writes on `runner`
 * commits or rolls back with the clicks, so derived counters are exact.
 */
export interface ClickStoredListener {
  onClicksStored(batch: readonly ClickRecord[], runner: ClickTransaction): Promise<void>;
}

/** The transaction's SQL runner (a TypeORM EntityManager in the apps). */
export interface ClickTransaction {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The listener list; modules that derive data from clicks register here at start-up. */
export class ClickHooks {
  private readonly listeners: ClickStoredListener[] = [];

  register(listener: ClickStoredListener): void {
    this.listeners.push(listener);
  }

  async clicksStored(batch: readonly ClickRecord[], runner: ClickTransaction): Promise<void> {
    if (batch.length === 0) return;
    for (const listener of this.listeners) await listener.onClicksStored(batch, runner);
  }
}
