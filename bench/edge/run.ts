/**
 * The cost of the API's one body check (depth and storable text, see README "API edge: input rules") on a
 * 10,000-recipient batch, next to the JSON.parse it follows, and on a 10,000-level body it refuses.
 *   npm run bench:edge [-- recipients runs]
 */
import { loadavg } from 'node:os';
import { inspectRequestBody } from '../../libs/platform/src/validation/body-inspection';

const recipientCount = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 50);

function timeMs(action: () => void): number {
  for (let warm = 0; warm < 10; warm++) action();
  const started = process.hrtime.bigint();
  for (let run = 0; run < runs; run++) action();
  return Number(process.hrtime.bigint() - started) / 1e6 / runs;
}

const recipients = Array.from({ length: recipientCount }, (_, index) => ({
  phone: `139${String(index).padStart(8, '0')}`,
  template_params: { name: '张三先生', order: `A${index}` },
  client_ref: `ref-${index}`,
}));
const raw = Buffer.from(JSON.stringify({ signature: '通道科技', template_id: 'x', recipients }));
const parsed: unknown = JSON.parse(raw.toString('utf8'));
// Every string checked here (in the API the batch's recipients are checked one by one instead: the same work).
const options = { maxDepth: 32 };
const inspect = timeMs(() => inspectRequestBody(parsed, raw, options));
const parse = timeMs(() => JSON.parse(raw.toString('utf8')));

const deepText = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const deepRaw = Buffer.from(deepText);
const deep: unknown = JSON.parse(deepText);
const refuse = timeMs(() => {
  try {
    inspectRequestBody(deep, deepRaw, options);
  } catch {
    // BODY_TOO_DEEP, as expected
  }
});

console.log(
  `edge: ${recipientCount}-recipient batch (${Math.round(raw.length / 1024)} KB) inspected in ${inspect.toFixed(2)} ms ` +
    `(JSON.parse ${parse.toFixed(2)} ms); 10,000-level body refused in ${refuse.toFixed(3)} ms; ` +
    `load average ${loadavg()[0]!.toFixed(1)}`,
);
