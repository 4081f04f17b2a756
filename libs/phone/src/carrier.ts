/** China Mobile, China Unicom, China Telecom, China Broadnet. */
export type Carrier = 'CMCC' | 'CUCC' | 'CTCC' | 'CBN';

export const CARRIERS: readonly Carrier[] = Object.freeze(['CMCC', 'CUCC', 'CTCC', 'CBN']);

export interface CarrierInfo {
  /** Null for unallocated prefixes and for numbers outside the four operators (satellite, emergency comms). */
  carrier: Carrier | null;
  /** Virtual operator number hosted on `carrier`'s network. */
  mvno: boolean;
  /** Data-card range (145/147/149): SMS-capable, but rarely a person reading texts. */
  dataOnly: boolean;
  /** The table entry that matched (3, 4 or 5 digits); empty when nothing matched. */
  prefix: string;
}

export function isCarrier(value: unknown): value is Carrier {
  return typeof value === 'string' && (CARRIERS as readonly string[]).includes(value);
}
