import { FrameReader } from './frame-reader';
import { PduCodec } from './pdu-codec';
import { ProtocolDecodeError } from './protocol-decode-error';

/** Test/bench tooling: feeds random and mutated frames to a codec and asserts only ProtocolDecodeError escapes. */
export interface FuzzTarget {
  name: string;
  codec: PduCodec<unknown>;
  /** Valid encoded frames to mutate. */
  seeds: Buffer[];
  /** Command ids worth putting into random frames so bodies get parsed. */
  commandIds: number[];
}

export interface FuzzStats {
  frames: number;
  decoded: number;
  rejected: number;
  streamErrors: number;
}

/** Small deterministic PRNG (mulberry32) so a failing run can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FuzzFailure extends Error {
  constructor(target: string, frame: Buffer, cause: unknown) {
    super(
      `${target}: ${(cause as Error)?.name} "${(cause as Error)?.message}" escaped for frame ${frame.toString('hex')}`,
    );
    this.name = 'FuzzFailure';
  }
}

type Mutator = (target: FuzzTarget, random: () => number) => Buffer;

const int = (random: () => number, max: number): number => Math.floor(random() * max);
const pick = <T>(random: () => number, items: T[]): T => items[int(random, items.length)];

function randomBytes(random: () => number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) out[i] = int(random, 256);
  return out;
}

function withLength(frame: Buffer): Buffer {
  if (frame.length >= 4) frame.writeUInt32BE(frame.length, 0);
  return frame;
}

const MUTATORS: Mutator[] = [
  (t, random) => randomBytes(random, int(random, 400)),
  (t, random) => {
    const frame = randomBytes(random, t.codec.headerLength + int(random, 300));
    frame.writeUInt32BE(pick(random, t.commandIds), 4);
    return withLength(frame);
  },
  (t, random) => {
    const frame = Buffer.from(pick(random, t.seeds));
    const flips = 1 + int(random, 8);
    for (let i = 0; i < flips; i++) frame[int(random, frame.length)] ^= 1 << int(random, 8);
    return random() < 0.5 ? withLength(frame) : frame;
  },
  (t, random) => {
    const seed = pick(random, t.seeds);
    const frame = Buffer.from(seed.subarray(0, int(random, seed.length + 1)));
    return random() < 0.7 ? withLength(frame) : frame;
  },
  (t, random) => {
    const frame = Buffer.from(pick(random, t.seeds));
    const lie = random() < 0.5 ? frame.length + int(random, 9) - 4 : int(random, 0x100000000);
    frame.writeUInt32BE(Math.max(0, lie) >>> 0, 0);
    return frame;
  },
  (t, random) => withLength(Buffer.concat([pick(random, t.seeds), randomBytes(random, 1 + int(random, 40))])),
  (t, random) => {
    const frame = Buffer.from(pick(random, t.seeds));
    const at = t.codec.headerLength + int(random, Math.max(1, frame.length - t.codec.headerLength));
    if (at < frame.length) frame[at] = pick(random, [0x00, 0x01, 0x7f, 0x80, 0xff]);
    return frame;
  },
];

export function mutatedFrame(target: FuzzTarget, random: () => number): Buffer {
  return pick(random, MUTATORS)(target, random);
}

/** Decodes `count` random and mutated frames; throws FuzzFailure if anything but ProtocolDecodeError escapes. */
export function fuzzDecode(target: FuzzTarget, count: number, random: () => number, stats: FuzzStats): void {
  for (let i = 0; i < count; i++) {
    const frame = mutatedFrame(target, random);
    stats.frames++;
    try {
      target.codec.decode(frame);
      stats.decoded++;
    } catch (err) {
      if (!(err instanceof ProtocolDecodeError)) throw new FuzzFailure(target.name, frame, err);
      stats.rejected++;
    }
  }
}

/** Streams mutated frames through FrameReaders in random chunk sizes; a reader may report at most once. */
export function fuzzStream(target: FuzzTarget, count: number, random: () => number, stats: FuzzStats): void {
  let remaining = count;
  while (remaining > 0) {
    const frames: Buffer[] = [];
    for (let i = 0; i < 20 && remaining > 0; i++, remaining--) {
      frames.push(random() < 0.7 ? pick(random, target.seeds) : mutatedFrame(target, random));
    }
    stats.frames += frames.length;
    streamOnce(target, Buffer.concat(frames), random, stats);
  }
}

function streamOnce(target: FuzzTarget, stream: Buffer, random: () => number, stats: FuzzStats): void {
  let errors = 0;
  const reader = new FrameReader(target.codec, {
    onPdu: () => stats.decoded++,
    onError: (err) => {
      if (!(err instanceof ProtocolDecodeError)) throw new FuzzFailure(target.name, stream, err);
      errors++;
    },
  });
  try {
    for (let offset = 0; offset < stream.length;) {
      const size = 1 + int(random, 64);
      reader.push(stream.subarray(offset, offset + size));
      offset += size;
    }
  } catch (err) {
    throw err instanceof FuzzFailure ? err : new FuzzFailure(target.name, stream, err);
  }
  if (errors > 1) throw new FuzzFailure(target.name, stream, new Error(`onError called ${errors} times`));
  stats.streamErrors += errors;
}

export function emptyStats(): FuzzStats {
  return { frames: 0, decoded: 0, rejected: 0, streamErrors: 0 };
}
