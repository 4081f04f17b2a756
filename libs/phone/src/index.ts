export { CARRIERS, isCarrier } from './carrier';
export type { Carrier, CarrierInfo } from './carrier';
export { carrierByPrefix } from './carrier-prefix-table';
export { CarrierResolver } from './carrier-resolver';
export type { ResolvedCarrier } from './carrier-resolver';
export { normalizePhone } from './normalize-phone';
export type { NormalizedPhone, PhoneErrorCode, PhoneParseResult } from './phone-parse-result';
export { maskPhone } from './mask-phone';
