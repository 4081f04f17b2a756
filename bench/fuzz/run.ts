/**
 * Long fuzz run over the four carrier codecs and FrameReader.
 *   node -r @swc-node/register bench/fuzz/run.ts [--count N per codec] [--seconds S per codec] [--seed X]
 * Stops at whichever of count/seconds comes first; exits 1 and prints the offending frame on any escape.
 */
import {
  FuzzFailure,
  createRandom,
  emptyStats,
  fuzzDecode,
  fuzzStream,
} from '../../libs/protocols/src/core/codec-fuzzer';
import { fuzzTargets } from '../../libs/protocols/src/core/fuzz-targets';

const BATCH = 5_000;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

function main(): void {
  const count = argument('count', 1_000_000);
  const seconds = argument('seconds', 30);
  const seed = argument('seed', Date.now() % 0x7fffffff);
  console.log(`fuzz: up to ${count} frames or ${seconds}s per codec, seed ${seed}`);
  const rows = fuzzTargets(seed).map((target) => {
    const random = createRandom(seed);
    const stats = emptyStats();
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(seconds * 1e9));
    while (stats.frames < count && process.hrtime.bigint() < deadline) {
      fuzzDecode(target, BATCH, random, stats);
      fuzzStream(target, BATCH, random, stats);
    }
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      codec: target.name,
      ...stats,
      seconds: elapsed.toFixed(1),
      framesPerSecond: Math.round(stats.frames / elapsed),
    };
  });
  console.table(rows);
}

try {
  main();
} catch (err) {
  console.error(err instanceof FuzzFailure ? err.message : err);
  process.exit(1);
}
