export interface NormalizedPhone {
  /** +8613800138000 */
  e164: string;
  /** Significant national number without trunk prefix: 13800138000 */
  national: string;
  /** Calling code without '+': 86 */
  countryCode: string;
  /** ISO 3166 region, or '001' for non-geographic numbers. */
  region: string;
  mainland: boolean;
}

export type PhoneErrorCode =
  | 'PHONE_REQUIRED'
  | 'PHONE_INVALID_CHARACTERS'
  | 'PHONE_INVALID_LENGTH'
  | 'PHONE_INVALID_PREFIX'
  | 'PHONE_INVALID_INTERNATIONAL'
  | 'PHONE_NOT_MOBILE';

export type PhoneParseResult =
  { ok: true; phone: NormalizedPhone } | { ok: false; code: PhoneErrorCode; reason: string };

export function phoneError(code: PhoneErrorCode, reason: string): PhoneParseResult {
  return { ok: false, code, reason };
}
