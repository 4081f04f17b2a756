import * as iconv from 'iconv-lite';
import { decodeGsm7, encodeGsm7 } from './gsm7-alphabet';
import { WireCoding } from './text-encoding';
import { TextEncodingError } from './text-encoding-error';

const REPLACEMENT_CHARACTER = '\ufffd';

/**
 * Encodes text for a PDU. Throws TextEncodingError instead of substituting '?', because a silently altered
 * verification code or link is worse than a rejected send. BINARY takes one character per byte (U+0000-U+00FF).
 */
export function encodeText(text: string, coding: WireCoding): Buffer {
  switch (coding) {
    case 'GSM7':
      return encodeGsm7(text);
    case 'ASCII':
      return encodeSingleByte(text, coding, 0x7f);
    case 'LATIN1':
    case 'BINARY':
      return encodeSingleByte(text, coding, 0xff);
    case 'UCS2':
      return Buffer.from(text, 'utf16le').swap16();
    case 'GBK':
      return encodeGbk(text);
  }
}

/** Never throws: bytes come from the network, so undecodable input turns into U+FFFD rather than an exception. */
export function decodeText(bytes: Buffer, coding: WireCoding): string {
  switch (coding) {
    case 'GSM7':
      return decodeGsm7(bytes);
    case 'ASCII':
      return decodeAscii(bytes);
    case 'LATIN1':
    case 'BINARY':
      return bytes.toString('latin1');
    case 'UCS2':
      return decodeUtf16be(bytes);
    case 'GBK':
      return iconv.decode(bytes, 'gbk');
  }
}

/** Whether encodeText would succeed, for callers choosing a coding up front. */
export function canEncode(text: string, coding: WireCoding): boolean {
  try {
    encodeText(text, coding);
    return true;
  } catch (error) {
    if (error instanceof TextEncodingError) return false;
    throw error;
  }
}

function encodeSingleByte(text: string, coding: WireCoding, maxCode: number): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > maxCode) throw unencodable(text, i, coding);
  }
  return Buffer.from(text, 'latin1');
}

function encodeGbk(text: string): Buffer {
  const bytes = iconv.encode(text, 'gbk');
  const decoded = iconv.decode(bytes, 'gbk');
  if (decoded !== text) throw unencodable(text, firstDifference(text, decoded), 'GBK');
  return bytes;
}

function decodeAscii(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : REPLACEMENT_CHARACTER;
  return text;
}

function decodeUtf16be(bytes: Buffer): string {
  const evenLength = bytes.length & ~1;
  const swapped = Buffer.from(bytes.subarray(0, evenLength)).swap16();
  const text = swapped.toString('utf16le');
  return evenLength === bytes.length ? text : text + REPLACEMENT_CHARACTER;
}

function firstDifference(expected: string, actual: string): number {
  let i = 0;
  while (i < expected.length && expected.charCodeAt(i) === actual.charCodeAt(i)) i++;
  return i;
}

function unencodable(text: string, index: number, coding: WireCoding): TextEncodingError {
  return new TextEncodingError(coding, index, String.fromCodePoint(text.codePointAt(index) ?? 0));
}
