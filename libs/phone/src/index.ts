export { CARRIERS, isCarrier } from './carrier';
export type { Carrier, CarrierInfo } from './carrier';
export { carrierByPrefix } from './carrier-prefix-table';
export { parseCarrierName } from './carrier-names';
export type { NamedCarrier } from './carrier-names';
export { canonicalCity, canonicalProvince, isProvince, PROVINCES, splitPlaceName } from './provinces';
export { normalizePhone } from './normalize-phone';
export type { NormalizedPhone, PhoneErrorCode, PhoneParseResult } from './phone-parse-result';
export { maskPhone } from './mask-phone';
export { UNKNOWN_NUMBER } from './number-data/number-info';
export type { CarrierSource, NumberInfo, RegionSource } from './number-data/number-info';
export { PrefixLayer } from './number-data/prefix-layer';
export type { LayerRegion, PrefixFields } from './number-data/prefix-layer';
export { PrefixTable } from './number-data/prefix-table';
export type { PrefixTableStats } from './number-data/prefix-table';
export { PortabilityOverrides, PortabilityOverridesBuilder } from './number-data/portability-overrides';
export { NumberResolver } from './number-data/number-resolver';
export { builtinPrefixData, libphonenumberResource } from './number-data/builtin-prefix-data';
export type { BuiltinPrefixData } from './number-data/builtin-prefix-data';
export { decodeText } from './number-files/csv-rows';
export { NumberFileError } from './number-files/number-file-error';
export type { NumberFileIssue } from './number-files/number-file-error';
export { parsePrefixCsv } from './number-files/prefix-csv';
export {
  parsePhoneDat,
  PHONE_DAT_CARD_TYPES,
  PHONE_DAT_ENTRY_BYTES,
  PHONE_DAT_HEADER_BYTES,
} from './number-files/phone-dat';
export { parseOverrideCsv, MAX_NOTE_LENGTH } from './number-files/override-csv';
export type { OverrideColumns } from './number-files/override-csv';
export type {
  ParsedPrefixFile,
  PrefixFileFormat,
  PrefixFileSummary,
} from './number-files/prefix-file-summary';
