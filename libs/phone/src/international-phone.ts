import { parsePhoneNumberFromString, PhoneNumber } from 'libphonenumber-js/max';
import { phoneError, PhoneParseResult } from './phone-parse-result';

const SMS_CAPABLE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);
const NON_GEOGRAPHIC_REGION = '001';

/** Numbers outside mainland China, given as their digits after '+' / '00'. */
export function parseInternational(digits: string): PhoneParseResult {
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed)
    return phoneError(
      'PHONE_INVALID_INTERNATIONAL',
      `no known country calling code starts +${digits.slice(0, 3)}`,
    );
  const where = describeOrigin(parsed);
  if (!parsed.isValid()) return phoneError('PHONE_INVALID_INTERNATIONAL', `not a valid number for ${where}`);
  const type = parsed.getType();
  if (!type || !SMS_CAPABLE_TYPES.has(type)) {
    return phoneError('PHONE_NOT_MOBILE', `${where} number of type ${type ?? 'UNKNOWN'} cannot receive SMS`);
  }
  return {
    ok: true,
    phone: {
      e164: parsed.number,
      national: parsed.nationalNumber,
      countryCode: parsed.countryCallingCode,
      region: parsed.country ?? NON_GEOGRAPHIC_REGION,
      mainland: false,
    },
  };
}

/** Type of a +86 number that failed the mobile pattern, to tell a landline apart from garbage. */
export function mainlandNonMobileType(national: string): string | null {
  const parsed = parsePhoneNumberFromString(`+86${national}`);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.getType() ?? 'UNKNOWN';
}

function describeOrigin(parsed: PhoneNumber): string {
  return parsed.country
    ? `${parsed.country} (+${parsed.countryCallingCode})`
    : `+${parsed.countryCallingCode}`;
}
