import type { ProtocolName } from './channel-config';
import { InvalidOutboundSmsError } from './invalid-outbound-sms-error';

const E164 = /^\+[1-9]\d{6,14}$/;
const DIGITS = /^\d*$/;
const CHINA = '86';

export type DestinationFormat = 'national' | 'with86' | 'international';

export function defaultDestinationFormat(protocol: ProtocolName): DestinationFormat {
  if (protocol === 'smpp') return 'international';
  return protocol === 'sgip' ? 'with86' : 'national';
}

/** E.164 → the protocol's number form: `13800138000` (national), `8613800138000` (with86 / SMPP international). */
export function formatDestination(e164: string, format: DestinationFormat): string {
  if (!E164.test(e164))
    throw new InvalidOutboundSmsError('destination', 'must be an E.164 number such as +8613800138000');
  const digits = e164.slice(1);
  if (format === 'international') return digits;
  if (!digits.startsWith(CHINA)) {
    throw new InvalidOutboundSmsError(
      'destination',
      'this channel only reaches mainland China (+86) numbers',
    );
  }
  return format === 'national' ? digits.slice(CHINA.length) : digits;
}

export function formatSource(sourceNumber: string, extension: string | undefined, maxLength: number): string {
  const ext = extension ?? '';
  if (!DIGITS.test(ext)) throw new InvalidOutboundSmsError('sourceExtension', 'must contain digits only');
  if (sourceNumber.length > maxLength) {
    throw new InvalidOutboundSmsError('sourceExtension', `sender number longer than ${maxLength} digits`);
  }
  // A message's extension that does not fit is left off rather than failing the message: it only helps route
  // replies, which then go by the last message sent to the number.
  return sourceNumber.length + ext.length > maxLength ? sourceNumber : sourceNumber + ext;
}

/** Best-effort E.164 for numbers received from a gateway; anything unrecognised is passed through unchanged. */
export function toE164(number: string): string {
  const digits = number.trim().replace(/^\+/, '');
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^861\d{10}$/.test(digits)) return `+${digits}`;
  if (/^00\d{7,15}$/.test(digits)) return `+${digits.slice(2)}`;
  return number.startsWith('+') ? number : digits;
}
