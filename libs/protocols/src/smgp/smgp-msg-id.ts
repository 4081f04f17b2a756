import { ProtocolDecodeError, ProtocolEncodeError } from '../core';

export interface SmgpMsgIdFields {
  /** 6-digit SMGW code. */
  gatewayCode: string;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0..999999 */
  sequence: number;
}

const MSG_ID_LENGTH = 10;
const HEX_FORM = /^[0-9a-fA-F]{20}$/;
const DIGITS = /^\d{20}$/;

function checkLength(buf: Buffer): void {
  if (!Buffer.isBuffer(buf) || buf.length !== MSG_ID_LENGTH) {
    throw new ProtocolDecodeError(
      `MsgID must be 10 bytes, got ${Buffer.isBuffer(buf) ? buf.length : typeof buf}`,
      'smgp',
    );
  }
}

/** The normalised receipt-matching key: the 20 hex digits of the BCD bytes (which read as decimal digits). */
export function formatSmgpMsgId(buf: Buffer): string {
  checkLength(buf);
  return buf.toString('hex');
}

export function parseSmgpMsgId(text: string): Buffer {
  if (typeof text !== 'string' || !HEX_FORM.test(text)) {
    throw new ProtocolDecodeError(`"${text}" is not a 20-digit SMGP MsgID`, 'smgp');
  }
  return Buffer.from(text, 'hex');
}

export function decodeSmgpMsgId(buf: Buffer): SmgpMsgIdFields {
  const digits = formatSmgpMsgId(buf);
  if (!DIGITS.test(digits)) throw new ProtocolDecodeError(`MsgID ${digits} is not BCD`, 'smgp');
  const at = (start: number, end: number): number => Number(digits.slice(start, end));
  return {
    gatewayCode: digits.slice(0, 6),
    month: at(6, 8),
    day: at(8, 10),
    hour: at(10, 12),
    minute: at(12, 14),
    sequence: at(14, 20),
  };
}

const ENCODED_PARTS: ReadonlyArray<readonly [Exclude<keyof SmgpMsgIdFields, 'gatewayCode'>, number]> = [
  ['month', 2],
  ['day', 2],
  ['hour', 2],
  ['minute', 2],
  ['sequence', 6],
];
const GATEWAY_CODE = /^\d{6}$/;

/** Packs the 20 decimal digits two per byte (high nibble first), without an intermediate string. */
export function encodeSmgpMsgId(fields: SmgpMsgIdFields): Buffer {
  if (typeof fields.gatewayCode !== 'string' || !GATEWAY_CODE.test(fields.gatewayCode)) {
    throw new ProtocolEncodeError(`"${fields.gatewayCode}" is not 6 digits`, 'smgp', 'msgId.gatewayCode');
  }
  const digits = new Uint8Array(20);
  for (let i = 0; i < 6; i++) digits[i] = fields.gatewayCode.charCodeAt(i) - 48;
  let position = 6;
  for (const [name, width] of ENCODED_PARTS) {
    let value = fields[name];
    if (!Number.isInteger(value) || value < 0 || value >= 10 ** width) {
      throw new ProtocolEncodeError(`${value} does not fit ${width} decimal digits`, 'smgp', `msgId.${name}`);
    }
    for (let i = position + width - 1; i >= position; i--, value = Math.floor(value / 10))
      digits[i] = value % 10;
    position += width;
  }
  const out = Buffer.allocUnsafe(MSG_ID_LENGTH);
  for (let i = 0; i < MSG_ID_LENGTH; i++) out[i] = (digits[2 * i] << 4) | digits[2 * i + 1];
  return out;
}
