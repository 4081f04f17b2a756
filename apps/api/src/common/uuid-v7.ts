import { randomFillSync } from 'node:crypto';

const RANDOM_POOL_BYTES = 8 * 4096;
const COUNTER_MAX = 0xfff;

/**
 * Time-ordered UUIDv7 (RFC 9562) with a 12-bit per-millisecond counter in `rand_a`, so ids from one process are
 * strictly increasing even within a millisecond. The embedded timestamp is the row's `created_at`, which lets a
 * lookup by id prune the monthly partitions.
 */
export class UuidV7Generator {
  private lastMs = -1;
  private counter = 0;
  private readonly pool = Buffer.allocUnsafe(RANDOM_POOL_BYTES);
  private poolOffset = RANDOM_POOL_BYTES;

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    this.advance();
    const random = this.randomBytes(8);
    const bytes = Buffer.allocUnsafe(16);
    bytes.writeUIntBE(this.lastMs, 0, 6);
    bytes[6] = 0x70 | (this.counter >> 8);
    bytes[7] = this.counter & 0xff;
    random.copy(bytes, 8);
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    return formatUuid(bytes);
  }

  private advance(): void {
    const now = this.clock();
    if (now > this.lastMs) {
      this.lastMs = now;
      // Start low in the counter space so a burst has room before it must borrow the next millisecond.
      this.counter = this.randomBytes(1)[0]! & 0x7f;
      return;
    }
    this.counter += 1;
    if (this.counter > COUNTER_MAX) {
      this.lastMs += 1;
      this.counter = 0;
    }
  }

  private randomBytes(count: number): Buffer {
    if (this.poolOffset + count > RANDOM_POOL_BYTES) {
      randomFillSync(this.pool);
      this.poolOffset = 0;
    }
    const slice = this.pool.subarray(this.poolOffset, this.poolOffset + count);
    this.poolOffset += count;
    return slice;
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The millisecond timestamp inside a UUIDv7, or null when the value is not one. */
export function uuidV7Timestamp(id: string): number | null {
  if (!UUID_V7_PATTERN.test(id)) return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
