import { ProtocolDecodeError, ProtocolEncodeError } from '../core';

export interface CmppMsgIdFields {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 22-bit ISMG code. */
  gatewayId: number;
  /** 16-bit sequence. */
  sequence: number;
}

export interface DecodedCmppMsgId extends CmppMsgIdFields {
  /** The whole id as an unsigned 64-bit integer; never narrow it to a Number. */
  value: bigint;
}

/** [shift, width, name] from the high bits down: month 4, day 5, hour 5, minute 6, second 6, gateway 22, sequence 16. */
const LAYOUT: ReadonlyArray<readonly [bigint, bigint, keyof CmppMsgIdFields]> = [
  [60n, 4n, 'month'],
  [55n, 5n, 'day'],
  [50n, 5n, 'hour'],
  [44n, 6n, 'minute'],
  [38n, 6n, 'second'],
  [16n, 22n, 'gatewayId'],
  [0n, 16n, 'sequence'],
];

const MAX_U64 = (1n << 64n) - 1n;
const DECIMAL = /^\d{1,20}$/;

function checkLength(buf: Buffer): void {
  if (!Buffer.isBuffer(buf) || buf.length !== 8) {
    throw new ProtocolDecodeError(
      `Msg_Id must be 8 bytes, got ${Buffer.isBuffer(buf) ? buf.length : typeof buf}`,
      'cmpp',
    );
  }
}

export function decodeCmppMsgId(buf: Buffer): DecodedCmppMsgId {
  checkLength(buf);
  const value = buf.readBigUInt64BE(0);
  const decoded = { value } as DecodedCmppMsgId;
  for (const [shift, width, name] of LAYOUT) decoded[name] = Number((value >> shift) & ((1n << width) - 1n));
  return decoded;
}

function checkField(value: number, bits: number, name: keyof CmppMsgIdFields): void {
  const max = 2 ** bits - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ProtocolEncodeError(`${value} is not an integer in 0..${max}`, 'cmpp', `msgId.${name}`);
  }
}

/** Built from two 32-bit halves rather than BigInt arithmetic: the simulator issues one per submit and per report. */
export function encodeCmppMsgId(fields: CmppMsgIdFields): Buffer {
  checkField(fields.month, 4, 'month');
  checkField(fields.day, 5, 'day');
  checkField(fields.hour, 5, 'hour');
  checkField(fields.minute, 6, 'minute');
  checkField(fields.second, 6, 'second');
  checkField(fields.gatewayId, 22, 'gatewayId');
  checkField(fields.sequence, 16, 'sequence');
  const high =
    fields.month * 2 ** 28 +
    fields.day * 2 ** 23 +
    fields.hour * 2 ** 18 +
    fields.minute * 2 ** 12 +
    fields.second * 2 ** 6 +
    Math.floor(fields.gatewayId / 2 ** 16);
  const low = (fields.gatewayId % 2 ** 16) * 2 ** 16 + fields.sequence;
  const out = Buffer.allocUnsafe(8);
  out.writeUInt32BE(high, 0);
  out.writeUInt32BE(low, 4);
  return out;
}

/** The normalised receipt-matching key: the unsigned 64-bit decimal string. */
export function formatCmppMsgId(buf: Buffer): string {
  checkLength(buf);
  return buf.readBigUInt64BE(0).toString(10);
}

export function parseCmppMsgId(text: string): Buffer {
  if (!DECIMAL.test(text) || BigInt(text) > MAX_U64) {
    throw new ProtocolDecodeError(`"${text}" is not an unsigned 64-bit decimal Msg_Id`, 'cmpp');
  }
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(text), 0);
  return out;
}
