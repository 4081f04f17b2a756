import { Carrier } from './carrier';

export interface NamedCarrier {
  carrier: Carrier;
  /** The name marked a virtual operator (虚拟运营商) on that carrier's network. */
  mvno: boolean;
}

const NAMES: ReadonlyArray<readonly [Carrier, ...string[]]> = [
  ['CMCC', 'cmcc', '移动', '中国移动', 'chinamobile', 'mobile'],
  ['CUCC', 'cucc', '联通', '中国联通', 'chinaunicom', 'unicom'],
  ['CTCC', 'ctcc', '电信', '中国电信', 'chinatelecom', 'telecom'],
  ['CBN', 'cbn', 'cbcc', '广电', '中国广电', 'chinabroadnet', 'broadnet'],
];

const BY_NAME: ReadonlyMap<string, Carrier> = new Map(
  NAMES.flatMap(([carrier, ...names]) => names.map((name) => [name, carrier] as const)),
);

/** "中国移动虚拟运营商", "移动虚拟", "CMCC-MVNO", "CMCC_v" (the suffix phone.dat tools use). */
const MVNO_SUFFIX = /(虚拟运营商|虚拟|[-_ ]?mvno|[-_]v)$/;

/**
 * Reads a carrier written the ways operators' files write it: the codes CMCC / CUCC / CTCC / CBN, Chinese names
 * (中国移动, 联通, …) or English ones, optionally marked as a virtual operator. Null when unrecognised.
 */
export function parseCarrierName(text: string): NamedCarrier | null {
  const lowered = text.trim().toLowerCase();
  const mvno = MVNO_SUFFIX.test(lowered);
  const base = (mvno ? lowered.replace(MVNO_SUFFIX, '') : lowered).replace(/\s+/g, '');
  const carrier = BY_NAME.get(base);
  return carrier ? { carrier, mvno } : null;
}
