/** Concatenation information element of a User Data Header (3GPP TS 23.040 §9.2.3.24.1 / .8). */
export interface ConcatInfo {
  reference: number;
  referenceBits: 8 | 16;
  total: number;
  index: number;
}

export interface ParsedUdh {
  /** Octets the header occupies including the UDHL octet itself; the body starts here. */
  headerLength: number;
  concat: ConcatInfo | null;
}

const IEI_CONCAT_8BIT = 0x00;
const IEI_CONCAT_16BIT = 0x08;

export function concatUdhLength(referenceBits: 8 | 16): number {
  return referenceBits === 16 ? 7 : 6;
}

/** `05 00 03 RR TT NN` for an 8-bit reference, `06 08 04 RRRR TT NN` for a 16-bit one. */
export function buildConcatUdh(info: ConcatInfo): Buffer {
  if (info.referenceBits === 16) {
    const udh = Buffer.from([0x06, IEI_CONCAT_16BIT, 0x04, 0, 0, info.total, info.index]);
    udh.writeUInt16BE(info.reference, 3);
    return udh;
  }
  return Buffer.from([0x05, IEI_CONCAT_8BIT, 0x03, info.reference, info.total, info.index]);
}

/**
 * Null when the header is structurally broken (length beyond the payload, an element overrunning the header).
 * Unknown elements are skipped by their length; a concatenation element with impossible values is ignored,
 * as TS 23.040 tells receivers to do, so `concat` is null in that case.
 */
export function parseUdh(payload: Buffer): ParsedUdh | null {
  if (payload.length === 0) return null;
  const headerLength = payload[0] + 1;
  if (headerLength > payload.length) return null;
  let concat: ConcatInfo | null = null;
  let offset = 1;
  while (offset < headerLength) {
    if (offset + 2 > headerLength) return null;
    const iei = payload[offset];
    const length = payload[offset + 1];
    const dataStart = offset + 2;
    if (dataStart + length > headerLength) return null;
    concat ??= readConcat(iei, payload.subarray(dataStart, dataStart + length));
    offset = dataStart + length;
  }
  return { headerLength, concat };
}

function readConcat(iei: number, data: Buffer): ConcatInfo | null {
  if (iei === IEI_CONCAT_8BIT && data.length === 3) {
    return validConcat({ reference: data[0], referenceBits: 8, total: data[1], index: data[2] });
  }
  if (iei === IEI_CONCAT_16BIT && data.length === 4) {
    return validConcat({
      reference: data.readUInt16BE(0),
      referenceBits: 16,
      total: data[2],
      index: data[3],
    });
  }
  return null;
}

function validConcat(info: ConcatInfo): ConcatInfo | null {
  return info.total >= 1 && info.index >= 1 && info.index <= info.total ? info : null;
}
