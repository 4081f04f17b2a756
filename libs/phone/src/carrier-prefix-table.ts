import { Carrier, CarrierInfo } from './carrier';

type PrefixGroup = [carrier: Carrier | null, prefixes: string[], kind?: 'mvno' | 'data'];

/**
 * Allocation as published (reference notes §6.1, cross-checked with libphonenumber's carrier data).
 * Longer prefixes win: 1349 is Telecom satellite inside Mobile's 134, 17400-17405 are Telecom inside 174.
 * Portability means this is only a first guess; CarrierResolver overrides take precedence.
 */
const GROUPS: PrefixGroup[] = [
  [
    'CMCC',
    [
      '134',
      '135',
      '136',
      '137',
      '138',
      '139',
      '150',
      '151',
      '152',
      '157',
      '158',
      '159',
      '172',
      '178',
      '182',
      '183',
    ],
  ],
  ['CMCC', ['184', '187', '188', '195', '197', '198']],
  ['CUCC', ['130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '196']],
  ['CTCC', ['133', '1349', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199']],
  ['CTCC', ['17400', '17401', '17402', '17403', '17404', '17405']],
  ['CBN', ['192']],
  ['CMCC', ['165', '1703', '1705', '1706'], 'mvno'],
  ['CUCC', ['167', '1704', '1707', '1708', '1709', '171'], 'mvno'],
  ['CTCC', ['162', '1700', '1701', '1702'], 'mvno'],
  ['CMCC', ['147'], 'data'],
  ['CUCC', ['145'], 'data'],
  ['CTCC', ['149'], 'data'],
  // Allocated, but not to one of the four operators: Inmarsat and the MIIT emergency-communications centre.
  [null, ['1749', '17406', '17407', '17408', '17409', '17410', '17411', '17412']],
];

const TABLE: ReadonlyMap<string, CarrierInfo> = buildTable();
const PREFIX_LENGTHS = [5, 4, 3] as const;
const UNKNOWN: CarrierInfo = Object.freeze({ carrier: null, mvno: false, dataOnly: false, prefix: '' });

/** Entries are frozen and shared, so a lookup allocates nothing. */
function buildTable(): Map<string, CarrierInfo> {
  const table = new Map<string, CarrierInfo>();
  for (const [carrier, prefixes, kind] of GROUPS) {
    for (const prefix of prefixes) {
      table.set(prefix, Object.freeze({ carrier, mvno: kind === 'mvno', dataOnly: kind === 'data', prefix }));
    }
  }
  return table;
}

/** Carrier by number range for a mainland mobile number (11 digits; a +86 / 86 prefix is tolerated). */
export function carrierByPrefix(national: string): CarrierInfo {
  const digits = stripMainlandCountryCode(national);
  if (digits.charCodeAt(0) !== 0x31) return UNKNOWN;
  for (const length of PREFIX_LENGTHS) {
    if (digits.length < length) continue;
    const entry = TABLE.get(digits.slice(0, length));
    if (entry) return entry;
  }
  return UNKNOWN;
}

export function stripMainlandCountryCode(number: string): string {
  if (number.startsWith('+86')) return number.slice(3);
  if (number.length === 13 && number.startsWith('86')) return number.slice(2);
  return number;
}
