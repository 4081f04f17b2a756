import {
  ByteReader,
  ByteWriter,
  CodecLimits,
  PduCodec,
  checkFrameBounds,
  finishFrame,
  resolveMaxFrameLength,
} from '../core';
import { readSgipBody, readSgipSequence } from './sgip-decoder';
import { SGIP_PROTOCOL, writeSgipBody, writeSgipSequence } from './sgip-encoder';
import { SgipPdu } from './sgip-pdu';

export const SGIP_HEADER_LENGTH = 20;
/** A 100-recipient SUBMIT is 2,243 bytes plus content; 4 KiB leaves room for long binary content. */
export const SGIP_MAX_FRAME_LENGTH = 4096;

export type SgipCodecOptions = CodecLimits;

export class SgipCodec implements PduCodec<SgipPdu> {
  readonly protocol = SGIP_PROTOCOL;
  readonly headerLength = SGIP_HEADER_LENGTH;
  readonly maxFrameLength: number;

  constructor(options: SgipCodecOptions = {}) {
    this.maxFrameLength = resolveMaxFrameLength(
      options.maxFrameLength,
      SGIP_MAX_FRAME_LENGTH,
      SGIP_HEADER_LENGTH,
    );
  }

  decode(frame: Buffer): SgipPdu {
    checkFrameBounds(frame, this);
    const r = new ByteReader(frame, this.protocol, 4);
    const commandId = r.uint32('commandId');
    const sequence = readSgipSequence(r, 'sequence');
    return readSgipBody(r, commandId, sequence);
  }

  encode(pdu: SgipPdu): Buffer {
    const w = new ByteWriter(this.protocol);
    w.uint32(0, 'messageLength').uint32(pdu.commandId, 'commandId');
    writeSgipSequence(w, pdu.sequence, 'sequence');
    writeSgipBody(w, pdu);
    return finishFrame(w, this);
  }
}

export function createSgipCodec(options?: SgipCodecOptions): SgipCodec {
  return new SgipCodec(options);
}
