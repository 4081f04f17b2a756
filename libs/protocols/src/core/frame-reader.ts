import { PduCodec } from './pdu-codec';
import { ProtocolDecodeError } from './protocol-decode-error';

export interface FrameReaderHandlers<P> {
  onPdu(pdu: P): void;
  onError(err: ProtocolDecodeError): void;
}

const EMPTY = Buffer.alloc(0);
const LENGTH_FIELD_SIZE = 4;

/**
 * Reassembles length-prefixed frames from a TCP byte stream. After the first malformed frame the stream
 * can no longer be trusted to be aligned, so the reader reports once and then ignores everything.
 */
export class FrameReader<P> {
  private pending: Buffer = EMPTY;
  private broken = false;

  constructor(
    private readonly codec: PduCodec<P>,
    private readonly handlers: FrameReaderHandlers<P>,
  ) {}

  get failed(): boolean {
    return this.broken;
  }

  /** Bytes received but not yet forming a whole frame. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): void {
    if (this.broken || chunk.length === 0) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (!this.broken) {
      const frame = this.nextFrame();
      if (!frame) break;
      const pdu = this.decode(frame);
      if (pdu === undefined) break;
      this.handlers.onPdu(pdu);
    }
  }

  private nextFrame(): Buffer | undefined {
    if (this.pending.length < LENGTH_FIELD_SIZE) return this.keepRemainder();
    const length = this.pending.readUInt32BE(0);
    if (length < this.codec.headerLength || length > this.codec.maxFrameLength) {
      this.fail(
        new ProtocolDecodeError(
          `frame length ${length} outside ${this.codec.headerLength}..${this.codec.maxFrameLength}`,
          this.codec.protocol,
        ),
      );
      return undefined;
    }
    if (this.pending.length < length) return this.keepRemainder();
    const frame = this.pending.subarray(0, length);
    this.pending = this.pending.length === length ? EMPTY : this.pending.subarray(length);
    return frame;
  }

  /** Copies a partial frame so it does not pin a large socket chunk while waiting for the rest. */
  private keepRemainder(): undefined {
    if (this.pending.length > 0 && this.pending.byteOffset !== 0) this.pending = Buffer.from(this.pending);
    return undefined;
  }

  private decode(frame: Buffer): P | undefined {
    try {
      return this.codec.decode(frame);
    } catch (err) {
      const decodeError =
        err instanceof ProtocolDecodeError
          ? err
          : new ProtocolDecodeError(`decoder failure: ${(err as Error).message}`, this.codec.protocol);
      this.fail(decodeError);
      return undefined;
    }
  }

  private fail(err: ProtocolDecodeError): void {
    this.broken = true;
    this.pending = EMPTY;
    this.handlers.onError(err);
  }
}
