import { Carrier, CARRIERS, isCarrier } from '../carrier';
import { stripMainlandCountryCode } from '../carrier-prefix-table';
import { carrierCode } from './prefix-layer';

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const MAINLAND_LENGTH = 11;
/** Key and carrier travel together as key * 8 + code, so one numeric sort orders both (11 digits * 8 < 2^53). */
const CODE_SPACE = 8;
const MIN_COMPACT_AT = 4096;
const INITIAL_CAPACITY = 1024;

/**
 * The number-portability list (携号转网): national number → the carrier it moved to. Millions of entries stay
 * compact as a sorted Float64Array searched by bisection; changes since the last compaction sit in a small map
 * (a removal is kept there as 0 so it hides the sorted entry). Lookups allocate nothing.
 */
export class PortabilityOverrides {
  private keys: Float64Array;
  private codes: Uint8Array;
  private readonly recent = new Map<string, number>();
  private count: number;

  /** Entries may carry +86; a number listed twice keeps one of its carriers. */
  constructor(entries: Iterable<readonly [string, Carrier]> = []) {
    const builder = new PortabilityOverridesBuilder();
    for (const [national, carrier] of entries) builder.add(national, carrier);
    const sorted = builder.sorted();
    this.keys = sorted.keys;
    this.codes = sorted.codes;
    this.count = sorted.keys.length;
  }

  static fromSorted(sorted: SortedOverrides): PortabilityOverrides {
    const overrides = new PortabilityOverrides();
    overrides.keys = sorted.keys;
    overrides.codes = sorted.codes;
    overrides.count = sorted.keys.length;
    return overrides;
  }

  get size(): number {
    return this.count;
  }

  /** CARRIERS index + 1 of the override for an 11-digit national number; 0 when it has none. */
  carrierCode(national: string): number {
    if (this.recent.size > 0) {
      const recent = this.recent.get(national);
      if (recent !== undefined) return recent;
    }
    if (this.keys.length === 0) return 0;
    const key = numericKey(national);
    if (key < 0) return 0;
    let low = 0;
    let high = this.keys.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.keys[middle]!;
      if (candidate < key) low = middle + 1;
      else if (candidate > key) high = middle - 1;
      else return this.codes[middle]!;
    }
    return 0;
  }

  carrier(number: string): Carrier | null {
    return CARRIERS[this.carrierCode(stripMainlandCountryCode(number)) - 1] ?? null;
  }

  /** Sets (or, with null, removes) one override. Accepts the number with or without +86. */
  set(number: string, carrier: Carrier | null): void {
    if (carrier !== null && !isCarrier(carrier)) throw new RangeError(`unknown carrier ${String(carrier)}`);
    const national = canonicalNational(number);
    const before = this.carrierCode(national);
    const after = carrier ? carrierCode(carrier) : 0;
    if (before === 0 && after !== 0) this.count++;
    if (before !== 0 && after === 0) this.count--;
    this.recent.set(national, after);
    if (this.recent.size >= Math.max(MIN_COMPACT_AT, this.keys.length >>> 4)) this.compact();
  }

  delete(number: string): void {
    this.set(number, null);
  }

  entries(): Array<[string, Carrier]> {
    this.compact();
    return Array.from(this.keys, (key, index) => [String(key), CARRIERS[this.codes[index]! - 1]!]);
  }

  /** Folds the recent changes into the sorted arrays. */
  private compact(): void {
    if (this.recent.size === 0) return;
    const builder = new PortabilityOverridesBuilder();
    const changed = new Set<number>();
    for (const [national, code] of this.recent) {
      const key = numericKey(national);
      changed.add(key);
      if (code !== 0) builder.addCode(key, code);
    }
    for (let i = 0; i < this.keys.length; i++) {
      if (!changed.has(this.keys[i]!)) builder.addCode(this.keys[i]!, this.codes[i]!);
    }
    this.recent.clear();
    const sorted = builder.sorted();
    this.keys = sorted.keys;
    this.codes = sorted.codes;
    this.count = sorted.keys.length;
  }
}

export interface SortedOverrides {
  keys: Float64Array;
  codes: Uint8Array;
}

/** Collects a full list (e.g. page by page from the database) without an object per entry. */
export class PortabilityOverridesBuilder {
  private packed = new Float64Array(INITIAL_CAPACITY);
  private size = 0;

  add(number: string, carrier: Carrier): void {
    if (!isCarrier(carrier)) throw new RangeError(`unknown carrier ${String(carrier)}`);
    this.addCode(numericKey(canonicalNational(number)), carrierCode(carrier));
  }

  addCode(key: number, code: number): void {
    if (this.size === this.packed.length) {
      const larger = new Float64Array(this.packed.length * 2);
      larger.set(this.packed);
      this.packed = larger;
    }
    this.packed[this.size++] = key * CODE_SPACE + code;
  }

  get count(): number {
    return this.size;
  }

  build(): PortabilityOverrides {
    return PortabilityOverrides.fromSorted(this.sorted());
  }

  /** Sorted, one entry per number (of duplicates, the one with the highest carrier code is kept). */
  sorted(): SortedOverrides {
    const packed = this.packed.subarray(0, this.size).sort();
    const keys = new Float64Array(packed.length);
    const codes = new Uint8Array(packed.length);
    let unique = 0;
    for (let i = 0; i < packed.length; i++) {
      const key = Math.floor(packed[i]! / CODE_SPACE);
      if (unique > 0 && keys[unique - 1] === key) unique--;
      keys[unique] = key;
      codes[unique] = packed[i]! - key * CODE_SPACE;
      unique++;
    }
    return { keys: keys.slice(0, unique), codes: codes.slice(0, unique) };
  }
}

/** The 11-digit national number as a number, without allocating; -1 if it is not 11 digits. */
function numericKey(national: string): number {
  if (national.length !== MAINLAND_LENGTH) return -1;
  let key = 0;
  for (let i = 0; i < MAINLAND_LENGTH; i++) {
    const digit = national.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    key = key * 10 + digit;
  }
  return key;
}

export function canonicalNational(number: string): string {
  const national = stripMainlandCountryCode(number);
  if (!MAINLAND_MOBILE.test(national))
    throw new RangeError('override numbers must be 11-digit mainland mobiles');
  return national;
}
