const HEADER_BYTES = 16;

/**
 * Follows SMPP frame boundaries on the raw byte stream. node-smpp waits forever on a PDU that
 * claims fewer than 16 bytes, so the simulator checks every command_length itself and closes
 * such a connection at once, like an oversize one.
 */
export class SmppLengthGuard {
  private remainingInFrame = 0;
  private partialLength = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes: number) {}

  /** Returns a description of the first bad length in the chunk, or null when every frame so far is sane. */
  inspect(chunk: Buffer): string | null {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remainingInFrame > 0) {
        const skipped = Math.min(this.remainingInFrame, chunk.length - offset);
        this.remainingInFrame -= skipped;
        offset += skipped;
        continue;
      }
      const needed = 4 - this.partialLength.length;
      const taken = chunk.subarray(offset, offset + needed);
      this.partialLength = Buffer.concat([this.partialLength, taken]);
      offset += taken.length;
      if (this.partialLength.length < 4) return null;
      const length = this.partialLength.readUInt32BE(0);
      this.partialLength = Buffer.alloc(0);
      if (length < HEADER_BYTES) return `command_length ${length} is below the 16-byte header`;
      if (length > this.maxFrameBytes) return `command_length ${length} exceeds ${this.maxFrameBytes} bytes`;
      this.remainingInFrame = length - 4;
    }
    return null;
  }
}
