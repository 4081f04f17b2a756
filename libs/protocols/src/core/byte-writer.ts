import { ProtocolEncodeError } from './protocol-encode-error';

const INITIAL_CAPACITY = 256;

/** Growable big-endian writer; validates every field against its wire width. */
export class ByteWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(
    private readonly protocol: string,
    capacity = INITIAL_CAPACITY,
  ) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.offset;
  }

  uint8(value: number, field: string): this {
    this.checkInteger(value, 0xff, field);
    this.reserve(1);
    this.buffer[this.offset++] = value;
    return this;
  }

  uint16(value: number, field: string): this {
    this.checkInteger(value, 0xffff, field);
    this.reserve(2);
    this.buffer.writeUInt16BE(value, this.offset);
    this.offset += 2;
    return this;
  }

  uint32(value: number, field: string): this {
    this.checkInteger(value, 0xffffffff, field);
    this.reserve(4);
    this.buffer.writeUInt32BE(value, this.offset);
    this.offset += 4;
    return this;
  }

  /** An unsigned integer whose wire width depends on the protocol version. */
  uint(value: number, size: 1 | 2 | 4, field: string): this {
    if (size === 1) return this.uint8(value, field);
    return size === 2 ? this.uint16(value, field) : this.uint32(value, field);
  }

  /** Fixed-size octet string, right-padded with 0x00; over-long or non-Latin-1 values are rejected. */
  octets(value: string, size: number, field: string): this {
    if (typeof value !== 'string') {
      throw new ProtocolEncodeError('must be a string', this.protocol, field);
    }
    if (value.length > size) {
      // The value itself stays out of the message: the field may be a password (SGIP Bind sends it in clear).
      throw new ProtocolEncodeError(
        `${value.length} bytes given, the field holds ${size}`,
        this.protocol,
        field,
      );
    }
    this.reserve(size);
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0xff || code === 0) {
        throw new ProtocolEncodeError(
          `character at index ${i} is not a non-NUL single-byte character`,
          this.protocol,
          field,
        );
      }
      this.buffer[this.offset + i] = code;
    }
    this.padZeros(this.offset + value.length, this.offset + size);
    this.offset += size;
    return this;
  }

  /** Raw bytes; with a size, the value must match it exactly. */
  bytes(value: Buffer, field: string, size?: number): this {
    if (!Buffer.isBuffer(value)) {
      throw new ProtocolEncodeError('must be a Buffer', this.protocol, field);
    }
    if (size !== undefined && value.length !== size) {
      throw new ProtocolEncodeError(
        `must be exactly ${size} bytes, got ${value.length}`,
        this.protocol,
        field,
      );
    }
    this.reserve(value.length);
    value.copy(this.buffer, this.offset);
    this.offset += value.length;
    return this;
  }

  zeros(size: number): this {
    this.reserve(size);
    this.padZeros(this.offset, this.offset + size);
    this.offset += size;
    return this;
  }

  /** Patches a uint32 already written (used for the total-length field once the body is known). */
  patchUint32(offset: number, value: number): void {
    this.buffer.writeUInt32BE(value, offset);
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.offset);
    this.buffer.copy(out, 0, 0, this.offset);
    return out;
  }

  /** Padding runs are a few bytes per field; a loop is cheaper than a native fill() call for each. */
  private padZeros(from: number, to: number): void {
    for (let i = from; i < to; i++) this.buffer[i] = 0;
  }

  private reserve(size: number): void {
    if (this.offset + size <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.offset + size) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  private checkInteger(value: number, max: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new ProtocolEncodeError(`${value} is not an integer in 0..${max}`, this.protocol, field);
    }
  }
}
