import { createRandom, emptyStats, fuzzDecode, fuzzStream } from './codec-fuzzer';
import { fuzzTargets } from './fuzz-targets';

/** 4 codecs × (15,000 decoded + 10,000 streamed) = 100,000 frames, seeded so any failure replays. */
const DECODE_PER_CODEC = 15_000;
const STREAM_PER_CODEC = 10_000;

describe('codec fuzzing', () => {
  it.each(fuzzTargets().map((target) => [target.name, target] as const))(
    '%s: random and mutated frames only ever raise ProtocolDecodeError',
    (_name, target) => {
      const stats = emptyStats();
      const random = createRandom(0x7d0 + target.name.length);
      fuzzDecode(target, DECODE_PER_CODEC, random, stats);
      fuzzStream(target, STREAM_PER_CODEC, random, stats);
      expect(stats.frames).toBe(DECODE_PER_CODEC + STREAM_PER_CODEC);
      // Both outcomes must actually occur, or the mutators are not exercising the decoder.
      expect(stats.rejected).toBeGreaterThan(DECODE_PER_CODEC / 4);
      expect(stats.decoded).toBeGreaterThan(STREAM_PER_CODEC / 4);
      expect(stats.streamErrors).toBeGreaterThan(0);
    },
  );
});
