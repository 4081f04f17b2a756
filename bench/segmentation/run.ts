/**
 * Throughput of the hot paths the HTTP API runs per recipient: segment counting and phone normalisation.
 * Run: node -r @swc-node/register bench/segmentation/run.ts
 */
import { buildWireSegments, countSegments } from '@tongdao/sms';
import { carrierByPrefix, normalizePhone } from '@tongdao/phone';

interface Case {
  name: string;
  inputs: unknown[];
  run: (input: never) => unknown;
}

const WARMUP_MS = 300;
const MEASURE_MS = 1_500;

function mainlandNumbers(count: number): string[] {
  const prefixes = ['138', '186', '189', '192', '170', '199', '135', '156'];
  return Array.from({ length: count }, (_, i) => {
    const prefix = prefixes[i % prefixes.length];
    const subscriber = String((i * 7919) % 100_000_000).padStart(8, '0');
    return i % 3 === 0
      ? `+86 ${prefix} ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`
      : prefix + subscriber;
  });
}

const marketing = '【品牌】新会员立减20元，为您预留20元新人礼金，点击 t.brand.cn/3Ed5 领取，回TD退订';
const cases: Case[] = [
  { name: 'countSegments short Chinese (1 segment)', inputs: [marketing], run: countSegments },
  { name: 'countSegments long Chinese (3 segments)', inputs: [marketing.repeat(3)], run: countSegments },
  {
    name: 'countSegments GSM7 verification code',
    inputs: ['Your code is 123456. Valid 5 min.'],
    run: countSegments,
  },
  { name: 'countSegments with emoji', inputs: [`${marketing}😀🎉`.repeat(2)], run: countSegments },
  {
    name: 'buildWireSegments UCS2 3 segments',
    inputs: [marketing.repeat(3)],
    run: ((text: string) => buildWireSegments(text, { coding: 'UCS2', reference: 1 })) as (
      input: never,
    ) => unknown,
  },
  { name: 'normalizePhone mainland (mixed formats)', inputs: mainlandNumbers(10_000), run: normalizePhone },
  {
    name: 'normalizePhone international (libphonenumber)',
    inputs: ['+852 9123 4567', '+14155552671'],
    run: normalizePhone,
  },
  {
    name: 'carrierByPrefix',
    inputs: mainlandNumbers(10_000).filter((n) => !n.startsWith('+')),
    run: carrierByPrefix,
  },
];

function measure(testCase: Case, durationMs: number): number {
  const { inputs, run } = testCase;
  let operations = 0;
  let sink = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(durationMs) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1_000; i++) {
      if (run(inputs[(operations + i) % inputs.length] as never)) sink++;
    }
    operations += 1_000;
  }
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink < 0) console.log(sink);
  return operations / elapsedSeconds;
}

function main(): void {
  console.log(`node ${process.version}, ${MEASURE_MS} ms per case`);
  for (const testCase of cases) {
    measure(testCase, WARMUP_MS);
    const opsPerSecond = measure(testCase, MEASURE_MS);
    console.log(
      `${testCase.name.padEnd(50)} ${Math.round(opsPerSecond).toLocaleString('en-US').padStart(12)} ops/s`,
    );
  }
}

main();
