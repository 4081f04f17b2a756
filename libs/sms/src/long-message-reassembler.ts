export interface ReassembledMessage<TMeta> {
  key: string;
  /** Bodies in index order; on timeout or eviction only the parts that arrived. */
  parts: Buffer[];
  /** Meta of the first part that arrived for this key. */
  meta: TMeta;
  complete: boolean;
  /** 1-based indexes that never arrived; empty when complete. */
  missing: number[];
}

export interface LongMessagePart<TMeta> {
  total: number;
  index: number;
  body: Buffer;
  meta: TMeta;
}

export interface LongMessageReassemblerOptions<TMeta> {
  /** How long after its first part a message may stay incomplete before it is emitted with complete: false. */
  timeoutMs: number;
  onComplete: (msg: ReassembledMessage<TMeta>) => void;
  /** Cap on messages waiting for parts; the oldest is emitted incomplete to make room. Default 10,000. */
  maxPending?: number;
  now?: () => number;
  /** Period of the background sweep; 0 disables it (call sweep() yourself). Default min(timeoutMs, 1000). */
  sweepIntervalMs?: number;
  /** Receives exceptions thrown by onComplete so a faulty consumer cannot break a socket handler or the timer. */
  onError?: (error: unknown, key: string) => void;
}

interface PendingMessage<TMeta> {
  total: number;
  bodies: Array<Buffer | undefined>;
  received: number;
  meta: TMeta;
  deadline: number;
}

interface CompletedMessage {
  bodies: Array<Buffer | undefined>;
  deadline: number;
}

const DEFAULT_MAX_PENDING = 10_000;
const MAX_SWEEP_INTERVAL_MS = 1_000;
const MAX_PARTS = 255;

/**
 * Collects the parts of concatenated messages (MO or status text) keyed by sender, recipient and reference.
 * Parts may arrive in any order and more than once; every message is emitted exactly once, complete or not.
 */
export class LongMessageReassembler<TMeta = unknown> {
  /** Insertion order equals arrival order of first parts, so the head is always the next to expire. */
  private readonly pending = new Map<string, PendingMessage<TMeta>>();
  /** Recently completed messages, so a part the peer retransmits late is not mistaken for a new message. */
  private readonly completed = new Map<string, CompletedMessage>();
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly onComplete: (msg: ReassembledMessage<TMeta>) => void;
  private readonly onError: (error: unknown, key: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(opts: LongMessageReassemblerOptions<TMeta>) {
    if (!(opts.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
    this.timeoutMs = opts.timeoutMs;
    this.maxPending = Math.max(1, opts.maxPending ?? DEFAULT_MAX_PENDING);
    this.now = opts.now ?? Date.now;
    this.onComplete = opts.onComplete;
    this.onError = opts.onError ?? reportAsWarning;
    this.startTimer(opts.sweepIntervalMs ?? Math.min(opts.timeoutMs, MAX_SWEEP_INTERVAL_MS));
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Returns false when the part was not taken: invalid numbering, a duplicate, or the reassembler is closed. */
  push(key: string, part: LongMessagePart<TMeta>): boolean {
    if (this.closed || !isValidPart(part) || this.isLateDuplicate(key, part)) return false;
    if (part.total === 1) {
      this.emit(key, { total: 1, bodies: [part.body], received: 1, meta: part.meta, deadline: 0 });
      return true;
    }
    const entry = this.entryFor(key, part);
    if (entry.bodies[part.index - 1]) return false;
    entry.bodies[part.index - 1] = part.body;
    entry.received++;
    if (entry.received === entry.total) {
      this.pending.delete(key);
      this.rememberCompleted(key, entry.bodies);
      this.emit(key, entry);
    }
    return true;
  }

  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.completed) {
      if (entry.deadline > now) break;
      this.completed.delete(key);
    }
    for (const [key, entry] of this.pending) {
      if (entry.deadline > now) break;
      this.pending.delete(key);
      this.emit(key, entry);
    }
  }

  /** Stops the timer and emits whatever is still waiting as incomplete, so nothing is dropped silently. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const remaining = [...this.pending];
    this.pending.clear();
    this.completed.clear();
    for (const [key, entry] of remaining) this.emit(key, entry);
  }

  private isLateDuplicate(key: string, part: LongMessagePart<TMeta>): boolean {
    const completed = this.completed.get(key);
    if (!completed) return false;
    const earlier = completed.bodies.length === part.total ? completed.bodies[part.index - 1] : undefined;
    if (earlier && earlier.equals(part.body)) return true;
    this.completed.delete(key);
    return false;
  }

  private rememberCompleted(key: string, bodies: Array<Buffer | undefined>): void {
    this.completed.delete(key);
    if (this.completed.size >= this.maxPending) {
      const oldest = this.completed.keys().next();
      if (!oldest.done) this.completed.delete(oldest.value);
    }
    this.completed.set(key, { bodies, deadline: this.now() + this.timeoutMs });
  }

  private entryFor(key: string, part: LongMessagePart<TMeta>): PendingMessage<TMeta> {
    const existing = this.pending.get(key);
    // A different total under the same key means the reference wrapped around to a new message.
    if (existing && existing.total === part.total) return existing;
    if (existing) {
      this.pending.delete(key);
      this.emit(key, existing);
    }
    this.evictOverflow();
    const entry: PendingMessage<TMeta> = {
      total: part.total,
      bodies: new Array<Buffer | undefined>(part.total),
      received: 0,
      meta: part.meta,
      deadline: this.now() + this.timeoutMs,
    };
    this.pending.set(key, entry);
    return entry;
  }

  private evictOverflow(): void {
    for (const [key, entry] of this.pending) {
      if (this.pending.size < this.maxPending) return;
      this.pending.delete(key);
      this.emit(key, entry);
    }
  }

  private emit(key: string, entry: PendingMessage<TMeta>): void {
    const parts: Buffer[] = [];
    const missing: number[] = [];
    for (let i = 0; i < entry.total; i++) {
      const body = entry.bodies[i];
      if (body) parts.push(body);
      else missing.push(i + 1);
    }
    try {
      this.onComplete({ key, parts, meta: entry.meta, complete: missing.length === 0, missing });
    } catch (error) {
      this.onError(error, key);
    }
  }

  private startTimer(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => this.sweep(), intervalMs);
    this.timer.unref();
  }
}

function isValidPart(part: LongMessagePart<unknown>): boolean {
  return (
    Number.isInteger(part.total) &&
    Number.isInteger(part.index) &&
    part.total >= 1 &&
    part.total <= MAX_PARTS &&
    part.index >= 1 &&
    part.index <= part.total &&
    Buffer.isBuffer(part.body)
  );
}

function reportAsWarning(error: unknown, key: string): void {
  const detail = error instanceof Error ? error.message : String(error);
  process.emitWarning(`long message consumer failed for ${key}: ${detail}`, 'LongMessageReassemblerWarning');
}
