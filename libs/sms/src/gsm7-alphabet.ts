import { TextEncodingError } from './text-encoding-error';

/**
 * 3GPP TS 23.038 default alphabet, indexed by septet value. Index 0x1B is the escape to the extension table,
 * so a literal U+001B in text is deliberately not encodable.
 */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const EXTENSION_TABLE: ReadonlyArray<[number, string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
];

export const GSM7_ESCAPE = 0x1b;
const NOT_ENCODABLE = -1;
const EXTENSION_FLAG = 0x100;

/** UTF-16 code unit -> septet (basic) or EXTENSION_FLAG | septet (extension); a flat table keeps lookups O(1). */
const SEPTET_BY_CODE_UNIT = buildSeptetLookup();
const BASIC_BY_SEPTET = Array.from(BASIC_TABLE);
const EXTENSION_BY_SEPTET = new Map(EXTENSION_TABLE);

function buildSeptetLookup(): Int16Array {
  const lookup = new Int16Array(0x10000).fill(NOT_ENCODABLE);
  Array.from(BASIC_TABLE).forEach((character, septet) => {
    if (septet !== GSM7_ESCAPE) lookup[character.charCodeAt(0)] = septet;
  });
  for (const [septet, character] of EXTENSION_TABLE)
    lookup[character.charCodeAt(0)] = EXTENSION_FLAG | septet;
  return lookup;
}

/** Septets one UTF-16 code unit occupies: 1 (basic), 2 (escape pair) or 0 when it has no GSM-7 form. */
export function gsm7SeptetCost(codeUnit: number): 0 | 1 | 2 {
  const entry = SEPTET_BY_CODE_UNIT[codeUnit];
  if (entry === NOT_ENCODABLE) return 0;
  return entry & EXTENSION_FLAG ? 2 : 1;
}

export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (SEPTET_BY_CODE_UNIT[text.charCodeAt(i)] === NOT_ENCODABLE) return false;
  }
  return true;
}

/** Unpacked septets, one per byte, extension characters as 0x1B followed by their septet. */
export function encodeGsm7(text: string): Buffer {
  const septets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const entry = SEPTET_BY_CODE_UNIT[text.charCodeAt(i)];
    if (entry === NOT_ENCODABLE)
      throw new TextEncodingError('GSM7', i, String.fromCodePoint(text.codePointAt(i) ?? 0));
    if (entry & EXTENSION_FLAG) septets.push(GSM7_ESCAPE, entry & 0x7f);
    else septets.push(entry);
  }
  return Buffer.from(septets);
}

/**
 * Lenient by design: input comes off the wire. The high bit is ignored, an unknown extension septet falls back
 * to its basic character and a dangling escape reads as a space (both as 3GPP TS 23.038 asks of receivers).
 */
export function decodeGsm7(bytes: Buffer): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const septet = bytes[i] & 0x7f;
    if (septet !== GSM7_ESCAPE) {
      text += BASIC_BY_SEPTET[septet];
    } else if (i + 1 < bytes.length) {
      const next = bytes[++i] & 0x7f;
      text += EXTENSION_BY_SEPTET.get(next) ?? (next === GSM7_ESCAPE ? ' ' : BASIC_BY_SEPTET[next]);
    } else {
      text += ' ';
    }
  }
  return text;
}
