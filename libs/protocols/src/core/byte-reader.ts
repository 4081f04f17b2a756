import { ProtocolDecodeError } from './protocol-decode-error';

const SMALL_COPY = 32;

/** Bounds-checked big-endian cursor over a frame; every overrun becomes a ProtocolDecodeError. */
export class ByteReader {
  private offset: number;

  constructor(
    private readonly buffer: Buffer,
    private readonly protocol: string,
    start = 0,
  ) {
    this.offset = start;
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  uint8(field: string): number {
    this.need(1, field);
    return this.buffer[this.offset++];
  }

  uint16(field: string): number {
    this.need(2, field);
    const value = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  uint32(field: string): number {
    this.need(4, field);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint(size: 1 | 2 | 4, field: string): number {
    if (size === 1) return this.uint8(field);
    return size === 2 ? this.uint16(field) : this.uint32(field);
  }

  /** Fixed-size octet string: everything from the first 0x00 on is padding. */
  octets(size: number, field: string): string {
    this.need(size, field);
    const start = this.offset;
    const end = start + size;
    this.offset = end;
    // Fields are a few dozen bytes and often empty: a plain scan beats a native indexOf over the whole frame.
    let stop = start;
    while (stop < end && this.buffer[stop] !== 0) stop += 1;
    return stop === start ? '' : this.buffer.toString('latin1', start, stop);
  }

  /** Copies so decoded PDUs never pin the (possibly large, pooled) inbound buffer. */
  bytes(size: number, field: string): Buffer {
    this.need(size, field);
    const start = this.offset;
    this.offset += size;
    const value = Buffer.allocUnsafe(size);
    // Ids and short contents dominate; copying them in a loop avoids a native call and a temporary view each.
    if (size <= SMALL_COPY) for (let i = 0; i < size; i++) value[i] = this.buffer[start + i];
    else this.buffer.copy(value, 0, start, start + size);
    return value;
  }

  skip(size: number, field: string): void {
    this.need(size, field);
    this.offset += size;
  }

  fail(message: string): never {
    throw new ProtocolDecodeError(message, this.protocol);
  }

  private need(size: number, field: string): void {
    if (size < 0 || this.offset + size > this.buffer.length) {
      throw new ProtocolDecodeError(
        `truncated at ${field}: need ${size} bytes at offset ${this.offset}, frame has ${this.buffer.length}`,
        this.protocol,
      );
    }
  }
}
