/** An entry of the click log: its log id (for acknowledging) and the encoded event. */
export interface ClickLogEntry {
  id: string;
  payload: string;
}

export interface ClickCap {
  /** Counter key, per link. */
  key: string;
  limit: number;
  /** Epoch ms after which the counter may go (the link's expiry); 0 keeps it. */
  expiresAt?: number;
}

/**
 * The durable click log between the redirector and PostgreSQL (a Redis Stream with a consumer group in
 * production). `append` resolves once the entry is stored, and is atomic with the click-cap check.
 */
export interface ClickLog {
  /** False when the cap was reached: nothing is appended and the hit is answered 410. */
  append(payload: string, cap: ClickCap | null): Promise<boolean>;
  /** Creates the consumer group (idempotent). */
  prepare(): Promise<void>;
  /** New entries for this consumer; waits up to `blockMs` when there are none. */
  read(consumer: string, count: number, blockMs: number): Promise<ClickLogEntry[]>;
  /** Entries delivered to this consumer earlier and never acknowledged (after a restart under the same name). */
  readPending(consumer: string, count: number): Promise<ClickLogEntry[]>;
  /** Takes over entries another consumer (a dead process) has held unacknowledged for `minIdleMs`. */
  claimStale(consumer: string, minIdleMs: number, count: number): Promise<ClickLogEntry[]>;
  /** Acknowledges and removes entries whose clicks are committed to PostgreSQL. */
  acknowledge(ids: readonly string[]): Promise<void>;
  /** Entries appended and not yet acknowledged. */
  backlog(): Promise<number>;
  close(): Promise<void>;
}
