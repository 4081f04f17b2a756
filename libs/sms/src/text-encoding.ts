/** Encodings used to count and split message text the way handsets and billing see it. */
export type TextEncoding = 'GSM7' | 'UCS2';

/** Byte encodings a carrier PDU can carry (CMPP Msg_Fmt / SMPP data_coding map onto these). */
export type WireCoding = 'GSM7' | 'ASCII' | 'LATIN1' | 'UCS2' | 'GBK' | 'BINARY';

export interface SegmentInfo {
  encoding: TextEncoding;
  segments: number;
  /** Septets for GSM7 (escape pairs count 2), UTF-16 code units for UCS2 (astral characters count 2). */
  units: number;
  unitsPerSegment: number;
}

export interface SegmentLimit {
  single: number;
  multi: number;
}

/** 140-octet TP-UD; a 6-octet concatenation UDH leaves 134 octets (67 UCS-2 units, 153 septets). */
export const SEGMENT_LIMITS: Readonly<Record<TextEncoding, SegmentLimit>> = Object.freeze({
  GSM7: Object.freeze({ single: 160, multi: 153 }),
  UCS2: Object.freeze({ single: 70, multi: 67 }),
});
