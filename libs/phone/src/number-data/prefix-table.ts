import { Carrier, CARRIERS, CarrierInfo } from '../carrier';
import { carrierByPrefix } from '../carrier-prefix-table';
import { CarrierSource, NumberInfo, RegionSource, UNKNOWN_NUMBER } from './number-info';
import {
  carrierOfCode,
  LayerRegion,
  MAX_PREFIX_LENGTH,
  MIN_PREFIX_LENGTH,
  MVNO_FLAG,
  PrefixLayer,
} from './prefix-layer';

/** Every 7-digit mobile prefix 1300000–1999999 has a slot; an 11-digit number finds its slot by arithmetic. */
const FIRST_PREFIX = 1_300_000;
const SLOT_COUNT = 700_000;
/** The allocation table's longest entries are 5 digits, so it is evaluated once per 100 slots. */
const SLOTS_PER_BLOCK = 100;
const MAINLAND_LENGTH = 11;
const PREFIX_DIGITS = 7;

export interface PrefixTableStats {
  layers: number;
  /** Whether the built-in libphonenumber data is part of the table (false after a "replace" import). */
  builtin: boolean;
  /** 7-digit prefixes with a known province. */
  prefixesWithRegion: number;
  /** 7-digit prefixes whose carrier an import states (the rest use the allocation table). */
  prefixesWithImportedCarrier: number;
  distinctRecords: number;
  provinces: number;
}

interface Region extends LayerRegion {
  source: RegionSource;
  importId: string | null;
}

interface CompiledParts {
  slots: Uint16Array | Uint32Array;
  records: NumberInfo[];
  stats: PrefixTableStats;
}

interface CarrierClaim {
  carrier: Carrier;
  mvno: boolean;
  source: CarrierSource;
  importId: string | null;
}

/**
 * Prefix → carrier, province and city for every mainland mobile number, compiled once from the layers (built-in
 * data, then operator imports in order; a later layer wins on the prefixes it covers, a longer prefix wins
 * within a layer). A lookup is arithmetic on the digits plus one typed-array read and returns a shared frozen
 * record: it allocates nothing. Tables are immutable; a reload compiles a new one and swaps the reference.
 */
export class PrefixTable {
  private readonly withOverride: Array<NumberInfo | undefined>;

  private constructor(
    private readonly slots: Uint16Array | Uint32Array,
    private readonly records: readonly NumberInfo[],
    readonly stats: PrefixTableStats,
  ) {
    this.withOverride = new Array<NumberInfo | undefined>(records.length * CARRIERS.length);
  }

  static compile(layers: readonly PrefixLayer[]): PrefixTable {
    const { slots, records, stats } = new TableCompiler(layers).compile();
    return new PrefixTable(slots, records, stats);
  }

  /** The allocation table alone, without any place data. */
  static allocationOnly(): PrefixTable {
    allocationOnly ??= PrefixTable.compile([]);
    return allocationOnly;
  }

  /** Record index for an 11-digit mainland national number, or -1 for anything else. */
  recordIndex(national: string): number {
    if (national.length !== MAINLAND_LENGTH) return -1;
    let prefix = 0;
    for (let i = 0; i < MAINLAND_LENGTH; i++) {
      const digit = national.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return -1;
      if (i < PREFIX_DIGITS) prefix = prefix * 10 + digit;
    }
    const slot = prefix - FIRST_PREFIX;
    return slot >= 0 && slot < SLOT_COUNT ? this.slots[slot]! : -1;
  }

  record(index: number): NumberInfo {
    return this.records[index] ?? UNKNOWN_NUMBER;
  }

  /** The record as seen for a ported number: the override's carrier, directly (no longer an MVNO). */
  recordWithCarrier(index: number, carrierCode: number): NumberInfo {
    const key = index * CARRIERS.length + carrierCode - 1;
    let info = this.withOverride[key];
    if (!info) {
      const base = this.record(index);
      info = Object.freeze({ ...base, carrier: CARRIERS[carrierCode - 1]!, mvno: false, source: 'override' });
      this.withOverride[key] = info;
    }
    return info;
  }

  lookup(national: string): NumberInfo {
    const index = this.recordIndex(national);
    return index < 0 ? UNKNOWN_NUMBER : this.record(index);
  }
}

let allocationOnly: PrefixTable | undefined;

class TableCompiler {
  private readonly regionOf = new Uint32Array(SLOT_COUNT);
  private readonly claimOf = new Uint16Array(SLOT_COUNT);
  private readonly regions: Region[] = [];
  private readonly regionIds = new Map<string, number>();
  private readonly claims: CarrierClaim[] = [];
  private readonly claimIds = new Map<string, number>();

  constructor(private readonly layers: readonly PrefixLayer[]) {}

  compile(): CompiledParts {
    for (const layer of this.layers) this.apply(layer);
    return this.finish();
  }

  private apply(layer: PrefixLayer): void {
    const arrays = layer.arrays();
    const regionIds = arrays.regions.map((region) => this.regionId(region, layer));
    // Shorter prefixes first, so a longer prefix of the same layer overwrites the range it refines.
    for (let length = MIN_PREFIX_LENGTH; length <= MAX_PREFIX_LENGTH; length++) {
      const span = 10 ** (MAX_PREFIX_LENGTH - length);
      for (let i = 0; i < arrays.count; i++) {
        if (arrays.lengths[i] !== length) continue;
        const start = arrays.prefixes[i]! * span - FIRST_PREFIX;
        const regionRef = arrays.regionRefs[i]!;
        if (regionRef !== 0) this.regionOf.fill(regionIds[regionRef - 1]! + 1, start, start + span);
        const code = arrays.carriers[i]!;
        if (code !== 0) this.claimOf.fill(this.claimId(code, layer) + 1, start, start + span);
      }
    }
  }

  private finish(): CompiledParts {
    const allocations: CarrierInfo[] = [];
    const allocationIds = new Map<CarrierInfo, number>();
    const recordIds = new Map<number, number>();
    const records: NumberInfo[] = [];
    const slots = new Uint32Array(SLOT_COUNT);
    const regionKinds = this.regions.length + 1;
    const claimKinds = this.claims.length + 1;
    let withRegion = 0;
    let withClaim = 0;
    let lastKey = -1;
    let lastRecord = 0;
    for (let block = 0; block < SLOT_COUNT / SLOTS_PER_BLOCK; block++) {
      const allocation = carrierByPrefix(String(FIRST_PREFIX / SLOTS_PER_BLOCK + block) + '000000');
      let allocationId = allocationIds.get(allocation);
      if (allocationId === undefined) {
        allocationId = allocations.push(allocation) - 1;
        allocationIds.set(allocation, allocationId);
      }
      for (let slot = block * SLOTS_PER_BLOCK; slot < (block + 1) * SLOTS_PER_BLOCK; slot++) {
        const region = this.regionOf[slot]!;
        const claim = this.claimOf[slot]!;
        if (region !== 0) withRegion++;
        if (claim !== 0) withClaim++;
        const key = (allocationId * claimKinds + claim) * regionKinds + region;
        // Neighbouring prefixes mostly share a record: skip the map for runs.
        if (key !== lastKey) {
          let recordId = recordIds.get(key);
          if (recordId === undefined) {
            recordId = records.push(this.record(allocation, claim, region)) - 1;
            recordIds.set(key, recordId);
          }
          lastKey = key;
          lastRecord = recordId;
        }
        slots[slot] = lastRecord;
      }
    }
    const stats: PrefixTableStats = {
      layers: this.layers.length,
      builtin: this.layers.some((layer) => layer.source === 'builtin'),
      prefixesWithRegion: withRegion,
      prefixesWithImportedCarrier: withClaim,
      distinctRecords: records.length,
      provinces: new Set(this.regions.map((region) => region.province)).size,
    };
    return { slots: narrow(slots, records.length), records, stats };
  }

  private record(allocation: CarrierInfo, claimRef: number, regionRef: number): NumberInfo {
    const claim = claimRef === 0 ? null : this.claims[claimRef - 1]!;
    const region = regionRef === 0 ? null : this.regions[regionRef - 1]!;
    const carrier = claim ? claim.carrier : allocation.carrier;
    return Object.freeze({
      carrier,
      mvno: claim ? claim.mvno : allocation.mvno,
      dataOnly: allocation.dataOnly,
      province: region?.province ?? null,
      city: region?.city ?? null,
      source: claim ? claim.source : carrier ? 'builtin' : null,
      regionSource: region?.source ?? null,
      importId: region?.importId ?? claim?.importId ?? null,
    });
  }

  private regionId(region: LayerRegion, layer: PrefixLayer): number {
    const key = `${layer.importId ?? layer.source}\u0000${region.province}\u0000${region.city ?? ''}`;
    let id = this.regionIds.get(key);
    if (id === undefined) {
      id = this.regions.push({ ...region, source: layer.source, importId: layer.importId }) - 1;
      this.regionIds.set(key, id);
    }
    return id;
  }

  private claimId(code: number, layer: PrefixLayer): number {
    const key = `${layer.importId ?? layer.source}\u0000${code}`;
    let id = this.claimIds.get(key);
    if (id === undefined) {
      id =
        this.claims.push({
          carrier: carrierOfCode(code)!,
          mvno: (code & MVNO_FLAG) !== 0,
          source: layer.source,
          importId: layer.importId,
        }) - 1;
      this.claimIds.set(key, id);
    }
    return id;
  }
}

/** Two bytes per slot while the record count allows it (it nearly always does): 1.4 MB for the whole range. */
function narrow(slots: Uint32Array, recordCount: number): Uint16Array | Uint32Array {
  return recordCount <= 0xffff ? new Uint16Array(slots) : slots;
}
