import {
  ByteReader,
  ByteWriter,
  CodecLimits,
  PduCodec,
  checkFrameBounds,
  finishFrame,
  resolveMaxFrameLength,
} from '../core';
import { CmppVersion } from './cmpp-command';
import { readCmppBody } from './cmpp-decoder';
import { writeCmppBody } from './cmpp-encoder';
import { CmppLayout, cmppLayout } from './cmpp-layout';
import { CmppPdu } from './cmpp-pdu';

export const CMPP_HEADER_LENGTH = 12;
export const CMPP2_MAX_FRAME_LENGTH = 2477;
export const CMPP3_MAX_FRAME_LENGTH = 3335;

export interface CmppCodecOptions extends CodecLimits {
  version: CmppVersion;
  /** CANCEL_RESP Success_Id width; unverified, so defaults to 1 byte on 2.0 and 4 on 3.0 like the other status fields. */
  cancelRespSuccessIdSize?: 1 | 4;
}

export class CmppCodec implements PduCodec<CmppPdu> {
  readonly protocol: 'cmpp2' | 'cmpp3';
  readonly headerLength = CMPP_HEADER_LENGTH;
  readonly maxFrameLength: number;
  readonly version: CmppVersion;
  private readonly layout: CmppLayout;

  constructor(options: CmppCodecOptions) {
    if (options.version !== 2 && options.version !== 3) {
      throw new RangeError(`CMPP version must be 2 or 3, got ${String(options.version)}`);
    }
    this.version = options.version;
    this.layout = cmppLayout(options.version, options.cancelRespSuccessIdSize);
    this.protocol = this.layout.protocol;
    const fallback = options.version === 3 ? CMPP3_MAX_FRAME_LENGTH : CMPP2_MAX_FRAME_LENGTH;
    this.maxFrameLength = resolveMaxFrameLength(options.maxFrameLength, fallback, CMPP_HEADER_LENGTH);
  }

  decode(frame: Buffer): CmppPdu {
    checkFrameBounds(frame, this);
    const r = new ByteReader(frame, this.protocol, 4);
    const commandId = r.uint32('commandId');
    const sequenceId = r.uint32('sequenceId');
    return readCmppBody(r, commandId, sequenceId, this.layout);
  }

  encode(pdu: CmppPdu): Buffer {
    const w = new ByteWriter(this.protocol);
    w.uint32(0, 'totalLength').uint32(pdu.commandId, 'commandId').uint32(pdu.sequenceId, 'sequenceId');
    writeCmppBody(w, pdu, this.layout);
    return finishFrame(w, this);
  }
}

export function createCmppCodec(options: CmppCodecOptions): CmppCodec {
  return new CmppCodec(options);
}
