import { Carrier } from '../carrier';

/** Where a carrier came from: the operator's portability list, an operator import, or the built-in tables. */
export type CarrierSource = 'override' | 'imported' | 'builtin';
/** Where province and city came from. */
export type RegionSource = 'imported' | 'builtin';

/** Everything known about a mainland mobile number for routing. */
export interface NumberInfo {
  /** Null for unallocated ranges and numbers outside the four operators (satellite, emergency comms). */
  readonly carrier: Carrier | null;
  /** A virtual operator's number on `carrier`'s network. */
  readonly mvno: boolean;
  /** Data-card range (145/147/149). */
  readonly dataOnly: boolean;
  /** Canonical province (see PROVINCES), or null where no data knows the prefix. */
  readonly province: string | null;
  readonly city: string | null;
  /** Null when no data knows the carrier. */
  readonly source: CarrierSource | null;
  readonly regionSource: RegionSource | null;
  /** The operator import that supplied the region (or else the carrier), when one did. */
  readonly importId: string | null;
}

export const UNKNOWN_NUMBER: NumberInfo = Object.freeze({
  carrier: null,
  mvno: false,
  dataOnly: false,
  province: null,
  city: null,
  source: null,
  regionSource: null,
  importId: null,
});
