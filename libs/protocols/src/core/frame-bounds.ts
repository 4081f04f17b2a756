import { ByteWriter } from './byte-writer';
import { ProtocolDecodeError } from './protocol-decode-error';
import { ProtocolEncodeError } from './protocol-encode-error';

export interface FrameBounds {
  protocol: string;
  headerLength: number;
  maxFrameLength: number;
}

/** A frame handed to decode must be exactly as long as its own length field says, within the codec's limits. */
export function checkFrameBounds(frame: Buffer, bounds: FrameBounds): void {
  if (frame.length < bounds.headerLength) {
    throw new ProtocolDecodeError(
      `frame of ${frame.length} bytes is shorter than the ${bounds.headerLength}-byte header`,
      bounds.protocol,
    );
  }
  const declared = frame.readUInt32BE(0);
  if (declared !== frame.length) {
    throw new ProtocolDecodeError(
      `length field says ${declared} but the frame has ${frame.length} bytes`,
      bounds.protocol,
    );
  }
  if (declared > bounds.maxFrameLength) {
    throw new ProtocolDecodeError(
      `frame length ${declared} exceeds the ${bounds.maxFrameLength}-byte limit`,
      bounds.protocol,
    );
  }
}

/** Writes the total length into offset 0 and enforces the codec's frame limit on what we send. */
export function finishFrame(writer: ByteWriter, bounds: FrameBounds): Buffer {
  if (writer.length > bounds.maxFrameLength) {
    throw new ProtocolEncodeError(
      `encoded frame of ${writer.length} bytes exceeds the ${bounds.maxFrameLength}-byte limit`,
      bounds.protocol,
    );
  }
  writer.patchUint32(0, writer.length);
  return writer.toBuffer();
}

export function resolveMaxFrameLength(
  requested: number | undefined,
  fallback: number,
  headerLength: number,
): number {
  const value = requested ?? fallback;
  if (!Number.isInteger(value) || value < headerLength || value > 0xffffffff) {
    throw new RangeError(`maxFrameLength must be an integer >= ${headerLength}, got ${value}`);
  }
  return value;
}
