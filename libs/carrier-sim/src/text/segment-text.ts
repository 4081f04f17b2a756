import { decodeText, parseUdh, WireCoding } from '@tongdao/sms';

export interface DecodedSegment {
  text: string;
  segmentIndex: number;
  segmentTotal: number;
  concatReference: number | null;
}

/** CMPP Msg_Fmt / SGIP MessageCoding / SMGP MsgFormat code points (shared by all three carrier protocols). */
export function carrierCoding(msgFmt: number): WireCoding {
  switch (msgFmt) {
    case 0:
      return 'ASCII';
    case 8:
      return 'UCS2';
    case 15:
      return 'GBK';
    default:
      return 'BINARY';
  }
}

/** SMPP data_coding; 0x0F is KS C 5601 in SMPP, not GBK, so it is shown byte-for-byte. */
export function smppCoding(dataCoding: number): WireCoding {
  switch (dataCoding) {
    case 0:
      return 'GSM7';
    case 1:
      return 'ASCII';
    case 3:
      return 'LATIN1';
    case 8:
      return 'UCS2';
    default:
      return 'BINARY';
  }
}

function single(text: string): DecodedSegment {
  return { text, segmentIndex: 1, segmentTotal: 1, concatReference: null };
}

/** Splits off the UDH when the UDHI flag is set and decodes the body; broken headers are kept as text. */
export function decodeSegment(content: Buffer, coding: WireCoding, udhi: boolean): DecodedSegment {
  if (!udhi) return single(decodeText(content, coding));
  const udh = parseUdh(content);
  if (!udh) return single(decodeText(content, coding));
  const text = decodeText(content.subarray(udh.headerLength), coding);
  if (!udh.concat) return single(text);
  return {
    text,
    segmentIndex: udh.concat.index,
    segmentTotal: udh.concat.total,
    concatReference: udh.concat.reference,
  };
}
