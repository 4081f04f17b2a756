import { buildWireSegments, WireCoding } from '@tongdao/sms';

export interface InboundSegment {
  payload: Buffer;
  udhi: boolean;
  coding: WireCoding;
  /** Carrier Msg_Fmt code point for the coding. */
  msgFmt: number;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Splits an injected MO like a handset would: ASCII when possible, UCS2 otherwise, UDH-concatenated when long. */
export function buildInboundSegments(text: string, reference: number): InboundSegment[] {
  const coding: WireCoding = isAscii(text) ? 'ASCII' : 'UCS2';
  const msgFmt = coding === 'ASCII' ? 0 : 8;
  return buildWireSegments(text, { coding, reference: reference & 0xff }).map((segment) => ({
    payload: segment.payload,
    udhi: segment.udh !== null,
    coding,
    msgFmt,
  }));
}
