const VISIBLE_HEAD = 3;
const VISIBLE_TAIL = 4;
/** Below this many digits, showing 7 of them would reveal most of the number. */
const MIN_MASKABLE_DIGITS = 10;
const MAINLAND_E164 = /^\+86(1\d{10})$/;
const PLAIN_NUMBER = /^\+?\d+$/;

/**
 * Log-safe form of a phone number: first 3 and last 4 digits of the subscriber number kept
 * ('+8613800138000' -> '+86138****8000'). Anything unrecognised has every digit masked.
 */
export function maskPhone(phone: string): string {
  const value = String(phone ?? '');
  const mainland = MAINLAND_E164.exec(value);
  if (mainland) return `+86${maskDigits(mainland[1])}`;
  if (!PLAIN_NUMBER.test(value)) return value.replace(/\d/g, '*');
  const plus = value.startsWith('+') ? '+' : '';
  return plus + maskDigits(value.slice(plus.length));
}

function maskDigits(digits: string): string {
  if (digits.length < MIN_MASKABLE_DIGITS) return '*'.repeat(digits.length);
  const hidden = digits.length - VISIBLE_HEAD - VISIBLE_TAIL;
  return digits.slice(0, VISIBLE_HEAD) + '*'.repeat(hidden) + digits.slice(-VISIBLE_TAIL);
}
