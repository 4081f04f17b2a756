export { SEGMENT_LIMITS } from './text-encoding';
export type { SegmentInfo, SegmentLimit, TextEncoding, WireCoding } from './text-encoding';
export { TextEncodingError } from './text-encoding-error';
export { decodeGsm7, encodeGsm7, gsm7SeptetCost, isGsm7 } from './gsm7-alphabet';
export { chooseEncoding, countSegments, splitText } from './text-layout';
export { canEncode, decodeText, encodeText } from './text-codec';
export { buildConcatUdh, concatUdhLength, parseUdh } from './udh';
export type { ConcatInfo, ParsedUdh } from './udh';
export { buildWireSegments } from './wire-segments';
export type { WireSegment, WireSegmentOptions } from './wire-segments';
export { LongMessageReassembler } from './long-message-reassembler';
export type {
  LongMessagePart,
  LongMessageReassemblerOptions,
  ReassembledMessage,
} from './long-message-reassembler';
