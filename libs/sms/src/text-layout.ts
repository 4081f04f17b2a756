import { gsm7SeptetCost, isGsm7 } from './gsm7-alphabet';
import { SEGMENT_LIMITS, SegmentInfo, TextEncoding } from './text-encoding';
import { TextEncodingError } from './text-encoding-error';

interface TextLayout {
  units: number;
  /** Code-unit offsets where segments 2..n start; empty when the text fits one message. */
  cuts: number[];
}

export function chooseEncoding(text: string): TextEncoding {
  return isGsm7(text) ? 'GSM7' : 'UCS2';
}

/** Segments a handset and the carrier bill for; the text must already include the 【signature】 and any link. */
export function countSegments(text: string): SegmentInfo {
  const encoding = chooseEncoding(text);
  const { units, cuts } = layoutText(text, encoding);
  const limits = SEGMENT_LIMITS[encoding];
  const segments = cuts.length + 1;
  return { encoding, segments, units, unitsPerSegment: segments === 1 ? limits.single : limits.multi };
}

/** The chunks countSegments counted; joining them gives back the input. */
export function splitText(text: string, encoding: TextEncoding): string[] {
  const { cuts } = layoutText(text, encoding);
  const chunks: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(text.slice(start, cut));
    start = cut;
  }
  chunks.push(text.slice(start));
  return chunks;
}

/** One pass: total units and greedy segment cuts, never separating a surrogate pair or a GSM escape pair. */
function layoutText(text: string, encoding: TextEncoding): TextLayout {
  const limits = SEGMENT_LIMITS[encoding];
  const cuts: number[] = [];
  let units = 0;
  let fill = 0;
  let i = 0;
  while (i < text.length) {
    const span = encoding === 'UCS2' ? ucs2Span(text, i) : 1;
    const width = encoding === 'UCS2' ? span : gsm7Width(text, i);
    if (fill + width > limits.multi) {
      cuts.push(i);
      fill = 0;
    }
    fill += width;
    units += width;
    i += span;
  }
  return { units, cuts: units <= limits.single ? [] : cuts };
}

/** 2 for a well-formed surrogate pair (counted as two UCS-2 units, kept together), 1 otherwise. */
function ucs2Span(text: string, index: number): 1 | 2 {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff || index + 1 >= text.length) return 1;
  const next = text.charCodeAt(index + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

function gsm7Width(text: string, index: number): 1 | 2 {
  const cost = gsm7SeptetCost(text.charCodeAt(index));
  if (cost === 0)
    throw new TextEncodingError('GSM7', index, String.fromCodePoint(text.codePointAt(index) ?? 0));
  return cost;
}
