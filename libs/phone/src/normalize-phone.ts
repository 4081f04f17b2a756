import { mainlandNonMobileType, parseInternational } from './international-phone';
import { phoneError, PhoneParseResult } from './phone-parse-result';

const MAX_INPUT_LENGTH = 64;
/** E.164 caps a number at 15 digits including the country code. */
const MAX_E164_DIGITS = 15;
const MAINLAND_MOBILE_LENGTH = 11;
const SEPARATORS = new Set([
  ' ',
  '\t',
  '\u00a0',
  '\u3000',
  '-',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
]);
for (const separator of ['\u2015', '\uff0d', '.', '(', ')', '\uff08', '\uff09']) SEPARATORS.add(separator);

interface CompactNumber {
  international: boolean;
  digits: string;
}

/**
 * Accepts mainland mobiles as 13800138000, +86 / 0086 / 86 13800138000 (spaces, dashes, brackets and full-width
 * digits tolerated) and other countries' mobiles after + or 00. Mainland numbers stay on a hand-written path:
 * the batch API normalises tens of thousands per second and libphonenumber is far slower.
 */
export function normalizePhone(input: unknown): PhoneParseResult {
  const text = asText(input);
  if (typeof text !== 'string') return text;
  const compact = compactNumber(text);
  if ('ok' in compact) return compact;
  const { international, digits } = compact;
  if (international) return routeInternational(digits);
  if (digits.startsWith('00')) return routeInternational(digits.slice(2));
  if (digits.startsWith('861') && digits.length > MAINLAND_MOBILE_LENGTH)
    return parseMainland(digits.slice(2), true);
  return parseMainland(digits, false);
}

function asText(input: unknown): string | PhoneParseResult {
  if (input === null || input === undefined)
    return phoneError('PHONE_REQUIRED', 'a phone number is required');
  if (typeof input === 'number' && Number.isSafeInteger(input) && input > 0) return String(input);
  if (typeof input !== 'string') {
    return phoneError(
      'PHONE_INVALID_CHARACTERS',
      `expected the phone number as a string, got ${typeof input}`,
    );
  }
  if (input.trim() === '') return phoneError('PHONE_REQUIRED', 'a phone number is required');
  if (input.length > MAX_INPUT_LENGTH) {
    return phoneError(
      'PHONE_INVALID_LENGTH',
      `input is ${input.length} characters; at most ${MAX_INPUT_LENGTH}`,
    );
  }
  return input;
}

function compactNumber(text: string): CompactNumber | PhoneParseResult {
  let digits = '';
  let international = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) digits += text[i];
    else if (code >= 0xff10 && code <= 0xff19) digits += String.fromCharCode(code - 0xfee0);
    else if ((code === 0x2b || code === 0xff0b) && !international && digits === '') international = true;
    else if (!SEPARATORS.has(text[i])) return invalidCharacter(text, i);
  }
  if (digits === '') return phoneError('PHONE_INVALID_LENGTH', 'the phone number contains no digits');
  if (digits.length > MAX_E164_DIGITS + 2) {
    return phoneError('PHONE_INVALID_LENGTH', `${digits.length} digits is longer than any phone number`);
  }
  return { international, digits };
}

function invalidCharacter(text: string, index: number): PhoneParseResult {
  const character = String.fromCodePoint(text.codePointAt(index) ?? 0);
  const hint =
    character === '+' || character === '\uff0b' ? ' (only allowed once, before the first digit)' : '';
  return phoneError(
    'PHONE_INVALID_CHARACTERS',
    `unexpected character "${character}" at position ${index}${hint}`,
  );
}

function routeInternational(digits: string): PhoneParseResult {
  if (digits === '') return phoneError('PHONE_INVALID_INTERNATIONAL', 'the country calling code is missing');
  if (digits.length > MAX_E164_DIGITS) {
    return phoneError('PHONE_INVALID_LENGTH', `international numbers have at most ${MAX_E164_DIGITS} digits`);
  }
  if (digits.startsWith('86')) return parseMainland(digits.slice(2), true);
  return parseInternational(digits);
}

function parseMainland(national: string, hasCountryCode: boolean): PhoneParseResult {
  if (isMainlandMobile(national)) {
    return {
      ok: true,
      phone: { e164: `+86${national}`, national, countryCode: '86', region: 'CN', mainland: true },
    };
  }
  return explainMainlandRejection(national, hasCountryCode);
}

function isMainlandMobile(national: string): boolean {
  if (national.length !== MAINLAND_MOBILE_LENGTH || national.charCodeAt(0) !== 0x31) return false;
  const second = national.charCodeAt(1);
  return second >= 0x33 && second <= 0x39;
}

/** Only reached for rejects, so it can afford libphonenumber to recognise landlines and service numbers. */
function explainMainlandRejection(national: string, hasCountryCode: boolean): PhoneParseResult {
  const withoutTrunk = national.startsWith('0') ? national.slice(1) : national;
  const otherType = withoutTrunk === '' ? null : mainlandNonMobileType(withoutTrunk);
  if (otherType && otherType !== 'MOBILE') {
    return phoneError(
      'PHONE_NOT_MOBILE',
      `a mainland ${otherType} number cannot receive SMS; use a mobile number`,
    );
  }
  if (/^1[3-9]/.test(national)) {
    return phoneError(
      'PHONE_INVALID_LENGTH',
      `mainland mobile numbers have ${MAINLAND_MOBILE_LENGTH} digits; got ${national.length}`,
    );
  }
  if (national.startsWith('0') && isMainlandMobile(withoutTrunk)) {
    return phoneError('PHONE_INVALID_PREFIX', 'mobile numbers take no leading 0; drop it or use +86');
  }
  const hint = hasCountryCode ? '' : '; write international numbers with + or 00 and the country code';
  return phoneError(
    'PHONE_INVALID_PREFIX',
    `mainland mobile numbers start with 13-19; got "${national.slice(0, 2)}"${hint}`,
  );
}
