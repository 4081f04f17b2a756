/** A stateless encoder/decoder for one protocol version; all four carrier protocols frame as uint32 BE length first. */
export interface PduCodec<P> {
  readonly protocol: string;
  readonly headerLength: number;
  readonly maxFrameLength: number;
  /** Decodes one whole frame (header included); throws ProtocolDecodeError on anything malformed. */
  decode(frame: Buffer): P;
  /** Encodes one PDU; throws ProtocolEncodeError when a field cannot be represented. */
  encode(pdu: P): Buffer;
}

export interface CodecLimits {
  /** Largest frame accepted or produced, header included. */
  maxFrameLength?: number;
}
