import { ByteReader, ByteWriter, ProtocolEncodeError } from '../core';

export interface SmgpTlv {
  tag: number;
  value: Buffer;
}

export enum SmgpTlvTag {
  TpPid = 0x0001,
  TpUdhi = 0x0002,
  LinkId = 0x0003,
  ChargeUserType = 0x0004,
  ChargeTermType = 0x0005,
  ChargeTermPseudo = 0x0006,
  DestTermType = 0x0007,
  DestTermPseudo = 0x0008,
  PkTotal = 0x0009,
  PkNumber = 0x000a,
  SubmitMsgType = 0x000b,
  SpDealResult = 0x000c,
  SrcTermType = 0x000d,
  SrcTermPseudo = 0x000e,
  NodesCount = 0x000f,
  MsgSrc = 0x0010,
  SrcType = 0x0011,
  MServiceId = 0x0012,
}

const TLV_HEADER = 4;

/** Every TLV is kept, known or not, so a relay can forward tags this code has never heard of. */
export function readSmgpTlvs(r: ByteReader): SmgpTlv[] {
  const tlvs: SmgpTlv[] = [];
  while (r.remaining > 0) {
    if (r.remaining < TLV_HEADER) r.fail(`truncated TLV header: ${r.remaining} bytes left`);
    const tag = r.uint16('tlv.tag');
    const length = r.uint16('tlv.length');
    tlvs.push({ tag, value: r.bytes(length, `tlv 0x${tag.toString(16).padStart(4, '0')} value`) });
  }
  return tlvs;
}

export function writeSmgpTlvs(w: ByteWriter, tlvs: SmgpTlv[] | undefined): void {
  for (const tlv of tlvs ?? []) {
    if (!Buffer.isBuffer(tlv.value) || tlv.value.length > 0xffff) {
      throw new ProtocolEncodeError(
        'TLV value must be a Buffer of at most 65535 bytes',
        'smgp',
        `tlv ${tlv.tag}`,
      );
    }
    w.uint16(tlv.tag, 'tlv.tag').uint16(tlv.value.length, 'tlv.length').bytes(tlv.value, 'tlv.value');
  }
}

export function findSmgpTlv(tlvs: readonly SmgpTlv[] | undefined, tag: number): SmgpTlv | undefined {
  return tlvs?.find((tlv) => tlv.tag === tag);
}

/** A one-byte TLV (TP_pid, TP_udhi, PkTotal, PkNumber, ...); undefined when absent or empty. */
export function smgpTlvByte(tlvs: readonly SmgpTlv[] | undefined, tag: number): number | undefined {
  const tlv = findSmgpTlv(tlvs, tag);
  return tlv && tlv.value.length > 0 ? tlv.value[0] : undefined;
}

/** A string TLV (LinkID, MsgSrc, ...), cut at the first 0x00 like fixed octet strings. */
export function smgpTlvString(tlvs: readonly SmgpTlv[] | undefined, tag: number): string | undefined {
  const tlv = findSmgpTlv(tlvs, tag);
  if (!tlv) return undefined;
  const nul = tlv.value.indexOf(0);
  return tlv.value.toString('latin1', 0, nul === -1 ? tlv.value.length : nul);
}

export function byteTlv(tag: number, value: number): SmgpTlv {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new ProtocolEncodeError(`${value} is not a byte`, 'smgp', `tlv ${tag}`);
  }
  return { tag, value: Buffer.from([value]) };
}

export function stringTlv(tag: number, value: string): SmgpTlv {
  return { tag, value: Buffer.from(value, 'latin1') };
}

export const smgpTpPid = (tlvs?: readonly SmgpTlv[]): number | undefined =>
  smgpTlvByte(tlvs, SmgpTlvTag.TpPid);
export const smgpTpUdhi = (tlvs?: readonly SmgpTlv[]): number | undefined =>
  smgpTlvByte(tlvs, SmgpTlvTag.TpUdhi);
export const smgpPkTotal = (tlvs?: readonly SmgpTlv[]): number | undefined =>
  smgpTlvByte(tlvs, SmgpTlvTag.PkTotal);
export const smgpPkNumber = (tlvs?: readonly SmgpTlv[]): number | undefined =>
  smgpTlvByte(tlvs, SmgpTlvTag.PkNumber);
export const smgpLinkId = (tlvs?: readonly SmgpTlv[]): string | undefined =>
  smgpTlvString(tlvs, SmgpTlvTag.LinkId);
export const smgpMsgSrc = (tlvs?: readonly SmgpTlv[]): string | undefined =>
  smgpTlvString(tlvs, SmgpTlvTag.MsgSrc);
export const smgpSubmitMsgType = (tlvs?: readonly SmgpTlv[]): number | undefined =>
  smgpTlvByte(tlvs, SmgpTlvTag.SubmitMsgType);
export const smgpSpDealResult = (tlvs?: readonly SmgpTlv[]): number | undefined =>
  smgpTlvByte(tlvs, SmgpTlvTag.SpDealResult);
