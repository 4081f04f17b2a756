import {
  ByteReader,
  ByteWriter,
  CodecLimits,
  PduCodec,
  checkFrameBounds,
  finishFrame,
  resolveMaxFrameLength,
} from '../core';
import { readSmgpBody } from './smgp-decoder';
import { SMGP_PROTOCOL, writeSmgpBody } from './smgp-encoder';
import { SmgpPdu } from './smgp-pdu';

export const SMGP_HEADER_LENGTH = 12;
/** A 99-recipient SUBMIT is 2,205 bytes plus content and TLVs; 4 KiB leaves room for both. */
export const SMGP_MAX_FRAME_LENGTH = 4096;

export type SmgpCodecOptions = CodecLimits;

export class SmgpCodec implements PduCodec<SmgpPdu> {
  readonly protocol = SMGP_PROTOCOL;
  readonly headerLength = SMGP_HEADER_LENGTH;
  readonly maxFrameLength: number;

  constructor(options: SmgpCodecOptions = {}) {
    this.maxFrameLength = resolveMaxFrameLength(
      options.maxFrameLength,
      SMGP_MAX_FRAME_LENGTH,
      SMGP_HEADER_LENGTH,
    );
  }

  decode(frame: Buffer): SmgpPdu {
    checkFrameBounds(frame, this);
    const r = new ByteReader(frame, this.protocol, 4);
    const commandId = r.uint32('requestId');
    const sequenceId = r.uint32('sequenceId');
    return readSmgpBody(r, commandId, sequenceId);
  }

  encode(pdu: SmgpPdu): Buffer {
    const w = new ByteWriter(this.protocol);
    w.uint32(0, 'packetLength').uint32(pdu.commandId, 'requestId').uint32(pdu.sequenceId, 'sequenceId');
    writeSmgpBody(w, pdu);
    return finishFrame(w, this);
  }
}

export function createSmgpCodec(options?: SmgpCodecOptions): SmgpCodec {
  return new SmgpCodec(options);
}
