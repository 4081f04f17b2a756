import { MessageRecorder } from '@tongdao/carrier-sim';

/** Measures how many submit segments per second the simulator's recorder absorbs (it must not be the bottleneck). */
function run(total: number): void {
  const recorder = new MessageRecorder({
    maxMessages: 200_000,
    maxDuplicateKeys: 1_000_000,
    maxPendingLongMessages: 50_000,
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const long = i % 4 === 0;
    const parts = long ? 3 : 1;
    for (let part = 1; part <= parts; part++) {
      recorder.record({
        account: '900001',
        source: '1069000001',
        destination: `138${String(i % 100_000_000).padStart(8, '0')}`,
        text: `【通道】您的验证码是 ${i} 第${part}段`,
        segmentIndex: part,
        segmentTotal: parts,
        concatReference: long ? i & 0xff : null,
        messageId: String(i * 4 + part),
        receivedAt: Date.now(),
      });
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = recorder.summary();
  console.log(
    JSON.stringify({
      messages: summary.messages,
      segments: summary.segments,
      seconds: seconds.toFixed(3),
      segmentsPerSecond: Math.round(summary.segments / seconds),
    }),
  );
}

run(Number(process.argv[2] ?? 500_000));
