import { GSM7_ESCAPE } from './gsm7-alphabet';
import { encodeText } from './text-codec';
import { WireCoding } from './text-encoding';
import { buildConcatUdh, concatUdhLength } from './udh';

export interface WireSegment {
  /** 1-based position, as carried in the UDH and in CMPP Pk_number. */
  index: number;
  total: number;
  udh: Buffer | null;
  /** UDH followed by the body bytes: what goes into Msg_Content / short_message. */
  payload: Buffer;
}

export interface WireSegmentOptions {
  coding: WireCoding;
  /** Concatenation reference shared by all parts of one message; callers rotate it per destination. */
  reference: number;
  referenceBits?: 8 | 16;
  /** TP-UD budget in octets. For GSM7 the budget is in packed octets, so 140 holds 160 septets. */
  maxOctets?: number;
}

const DEFAULT_MAX_OCTETS = 140;
const MAX_SEGMENTS = 255;
/** The widest indivisible unit (a UTF-16 surrogate pair) must fit in a segment body. */
const MIN_BODY_CAPACITY = 4;

export function buildWireSegments(text: string, opts: WireSegmentOptions): WireSegment[] {
  const referenceBits = opts.referenceBits ?? 8;
  const maxOctets = opts.maxOctets ?? DEFAULT_MAX_OCTETS;
  assertReference(opts.reference, referenceBits);
  const body = encodeText(text, opts.coding);
  if (body.length <= unitCapacity(opts.coding, maxOctets)) {
    return [{ index: 1, total: 1, udh: null, payload: body }];
  }
  const capacity = unitCapacity(opts.coding, maxOctets - concatUdhLength(referenceBits));
  if (capacity < MIN_BODY_CAPACITY)
    throw new RangeError(`maxOctets ${maxOctets} leaves no room for a segment body`);
  const chunks = chunkBody(body, opts.coding, capacity);
  if (chunks.length > MAX_SEGMENTS) {
    throw new RangeError(`message needs ${chunks.length} segments; the UDH allows at most ${MAX_SEGMENTS}`);
  }
  return chunks.map((chunk, i) => {
    const udh = buildConcatUdh({
      reference: opts.reference,
      referenceBits,
      total: chunks.length,
      index: i + 1,
    });
    return { index: i + 1, total: chunks.length, udh, payload: Buffer.concat([udh, chunk]) };
  });
}

/** Body units (bytes, or unpacked septets for GSM7) that fit in the given octet budget. */
function unitCapacity(coding: WireCoding, octets: number): number {
  return coding === 'GSM7' ? Math.floor((octets * 8) / 7) : octets;
}

function chunkBody(body: Buffer, coding: WireCoding, capacity: number): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  let offset = 0;
  while (offset < body.length) {
    const width = indivisibleWidth(body, offset, coding);
    if (offset + width - start > capacity) {
      chunks.push(body.subarray(start, offset));
      start = offset;
    }
    offset += width;
  }
  chunks.push(body.subarray(start));
  return chunks;
}

/** Bytes at `offset` that must stay in one segment: a surrogate pair, a GBK double-byte char, a GSM escape pair. */
function indivisibleWidth(body: Buffer, offset: number, coding: WireCoding): number {
  const remaining = body.length - offset;
  const lead = body[offset];
  switch (coding) {
    case 'UCS2':
      if (remaining < 2) return remaining;
      return isHighSurrogateLead(lead) && remaining >= 4 && isLowSurrogateLead(body[offset + 2]) ? 4 : 2;
    case 'GBK':
      return lead >= 0x81 && lead <= 0xfe && remaining >= 2 ? 2 : 1;
    case 'GSM7':
      return lead === GSM7_ESCAPE && remaining >= 2 ? 2 : 1;
    default:
      return 1;
  }
}

function isHighSurrogateLead(byte: number): boolean {
  return byte >= 0xd8 && byte <= 0xdb;
}

function isLowSurrogateLead(byte: number): boolean {
  return byte >= 0xdc && byte <= 0xdf;
}

function assertReference(reference: number, bits: 8 | 16): void {
  const max = bits === 16 ? 0xffff : 0xff;
  if (!Number.isInteger(reference) || reference < 0 || reference > max) {
    throw new RangeError(`reference ${reference} does not fit in ${bits} bits`);
  }
}
