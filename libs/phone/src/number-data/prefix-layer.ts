import { Carrier, CARRIERS } from '../carrier';

export type LayerSource = 'builtin' | 'imported';

/** What one prefix row says. Province and city are canonical (see provinces.ts); null means "not stated". */
export interface PrefixFields {
  carrier: Carrier | null;
  mvno: boolean;
  province: string | null;
  city: string | null;
}

export interface LayerRegion {
  province: string;
  city: string | null;
}

/** The layer's arrays as the compiler reads them; `count` entries are valid. */
export interface LayerArrays {
  count: number;
  /** The prefix digits as a number (138 for "138"). */
  prefixes: Uint32Array;
  lengths: Uint8Array;
  /** 0: not stated; otherwise CARRIERS index + 1, with MVNO_FLAG set for virtual operators. */
  carriers: Uint8Array;
  /** 0: not stated; otherwise index + 1 into regions. */
  regionRefs: Uint32Array;
  regions: readonly LayerRegion[];
}

export const MVNO_FLAG = 0x10;
export const MIN_PREFIX_LENGTH = 3;
export const MAX_PREFIX_LENGTH = 7;
const PREFIX_PATTERN = /^1[3-9]\d{1,5}$/;
const INITIAL_CAPACITY = 1024;

export function isMobilePrefix(prefix: string): boolean {
  return PREFIX_PATTERN.test(prefix);
}

export function carrierCode(carrier: Carrier): number {
  return CARRIERS.indexOf(carrier) + 1;
}

export function carrierOfCode(code: number): Carrier | null {
  return CARRIERS[(code & ~MVNO_FLAG) - 1] ?? null;
}

/**
 * One source of prefix data (the built-in set, or one operator import) held in typed arrays: half a million
 * phone.dat rows take about 5 MB instead of half a million objects. Place names are interned per layer.
 */
export class PrefixLayer {
  private prefixes = new Uint32Array(INITIAL_CAPACITY);
  private lengths = new Uint8Array(INITIAL_CAPACITY);
  private carriers = new Uint8Array(INITIAL_CAPACITY);
  private regionRefs = new Uint32Array(INITIAL_CAPACITY);
  private readonly regions: LayerRegion[] = [];
  private readonly regionIndex = new Map<string, number>();
  private size = 0;

  constructor(
    readonly source: LayerSource,
    readonly importId: string | null = null,
  ) {}

  get count(): number {
    return this.size;
  }

  /** `prefix`: 3 to 7 digits starting 13–19. A row must state a carrier or a province. */
  add(prefix: string, fields: PrefixFields): void {
    if (!isMobilePrefix(prefix)) throw new RangeError(`prefix ${prefix} is not 3-7 digits starting 13-19`);
    if (!fields.carrier && !fields.province)
      throw new RangeError(`prefix ${prefix} states no carrier or province`);
    if (this.size === this.prefixes.length) this.grow();
    const index = this.size++;
    this.prefixes[index] = Number(prefix);
    this.lengths[index] = prefix.length;
    this.carriers[index] = fields.carrier ? carrierCode(fields.carrier) | (fields.mvno ? MVNO_FLAG : 0) : 0;
    this.regionRefs[index] = fields.province ? this.internRegion(fields.province, fields.city) + 1 : 0;
  }

  arrays(): LayerArrays {
    return {
      count: this.size,
      prefixes: this.prefixes,
      lengths: this.lengths,
      carriers: this.carriers,
      regionRefs: this.regionRefs,
      regions: this.regions,
    };
  }

  /**
   * The layer as bytes (count, then the four arrays, little-endian) plus its place names, so a stored import
   * loads in every process without parsing its file again.
   */
  serialize(): { data: Buffer; regions: LayerRegion[] } {
    const n = this.size;
    const data = Buffer.alloc(4 + n * 10);
    data.writeUInt32LE(n, 0);
    let offset = 4;
    for (let i = 0; i < n; i++, offset += 4) data.writeUInt32LE(this.prefixes[i]!, offset);
    data.set(this.lengths.subarray(0, n), offset);
    data.set(this.carriers.subarray(0, n), offset + n);
    offset += 2 * n;
    for (let i = 0; i < n; i++, offset += 4) data.writeUInt32LE(this.regionRefs[i]!, offset);
    return { data, regions: [...this.regions] };
  }

  static deserialize(
    source: LayerSource,
    importId: string | null,
    data: Buffer,
    regions: readonly LayerRegion[],
  ): PrefixLayer {
    const n = data.readUInt32LE(0);
    if (data.length !== 4 + n * 10) throw new RangeError(`a layer of ${n} entries needs ${4 + n * 10} bytes`);
    const layer = new PrefixLayer(source, importId);
    layer.prefixes = new Uint32Array(n);
    layer.regionRefs = new Uint32Array(n);
    let offset = 4;
    for (let i = 0; i < n; i++, offset += 4) layer.prefixes[i] = data.readUInt32LE(offset);
    layer.lengths = Uint8Array.from(data.subarray(offset, offset + n));
    layer.carriers = Uint8Array.from(data.subarray(offset + n, offset + 2 * n));
    offset += 2 * n;
    for (let i = 0; i < n; i++, offset += 4) layer.regionRefs[i] = data.readUInt32LE(offset);
    for (const region of regions) layer.internRegion(region.province, region.city);
    layer.size = n;
    return layer;
  }

  /** Distinct provinces this layer names. */
  provinces(): string[] {
    return [...new Set(this.regions.map((region) => region.province))];
  }

  private internRegion(province: string, city: string | null): number {
    const key = `${province}\u0000${city ?? ''}`;
    let index = this.regionIndex.get(key);
    if (index === undefined) {
      index = this.regions.push({ province, city }) - 1;
      this.regionIndex.set(key, index);
    }
    return index;
  }

  private grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.prefixes.length * 2);
    this.prefixes = resized(this.prefixes, new Uint32Array(capacity));
    this.lengths = resized(this.lengths, new Uint8Array(capacity));
    this.carriers = resized(this.carriers, new Uint8Array(capacity));
    this.regionRefs = resized(this.regionRefs, new Uint32Array(capacity));
  }
}

function resized<T extends Uint8Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
