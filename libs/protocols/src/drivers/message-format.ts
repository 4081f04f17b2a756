import type { WireCoding } from '@tongdao/sms';
import type { CarrierCoding } from '../session/protocol-driver';

/** Msg_Fmt / MessageCoding / MsgFormat code points shared by CMPP, SGIP and SMGP (15 = GB, not Korean as in SMPP). */
export const MSG_FMT_ASCII = 0;
export const MSG_FMT_BINARY = 4;
export const MSG_FMT_UCS2 = 8;
export const MSG_FMT_GBK = 15;

export function chineseMsgFmt(coding: CarrierCoding): number {
  switch (coding) {
    case 'ASCII':
      return MSG_FMT_ASCII;
    case 'UCS2':
      return MSG_FMT_UCS2;
    case 'GBK':
      return MSG_FMT_GBK;
  }
}

/** Inbound content coding; write-card (3), binary (4) and unknown formats are surfaced as raw bytes. */
export function codingOfChineseMsgFmt(msgFmt: number): WireCoding {
  switch (msgFmt) {
    case MSG_FMT_ASCII:
      return 'ASCII';
    case MSG_FMT_UCS2:
      return 'UCS2';
    case MSG_FMT_GBK:
      return 'GBK';
    default:
      return 'BINARY';
  }
}
