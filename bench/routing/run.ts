/**
 * Routing decisions per second: for a message, the candidate groups (rules by specificity, then the channels'
 * priority levels, cached per account/kind/network/province) and the pick within them (health gate, smooth
 * weighted round robin, learning's factors). Also the circuit breaker's cost per submit.
 * Run: npm run bench:routing
 */
import {
  CandidatePicker,
  CandidateState,
  ChannelBreaker,
  DEFAULT_BREAKER_OPTIONS,
  MESSAGE_KINDS,
  normalizeProvince,
  PROVINCE_NAMES,
  RoutableMessage,
  RouteRule,
  RoutingChannel,
  RoutingTable,
} from '@tongdao/routing';

const WARMUP_MS = 300;
const MEASURE_MS = 1_500;
const CARRIERS = ['CMCC', 'CUCC', 'CTCC', 'CBN'] as const;

/** 32 channels: 8 per carrier over two priority levels, a quarter restricted to a few provinces. */
function channels(): RoutingChannel[] {
  return Array.from({ length: 32 }, (_, index) => ({
    id: `ch-${index}`,
    enabled: true,
    carriers: [CARRIERS[index % 4]!],
    international: index === 31,
    provinces: index % 4 === 3 ? PROVINCE_NAMES.slice(index % 7, (index % 7) + 3) : null,
    kinds: index % 5 === 0 ? ['marketing'] : [...MESSAGE_KINDS],
    priority: index % 8 < 4 ? 1 : 2,
    weight: 1 + (index % 3),
  }));
}

/** 200 rules: province, kind and account specific ones across the carriers. */
function rules(all: RoutingChannel[]): RouteRule[] {
  return Array.from({ length: 200 }, (_, index) => {
    const carrier = CARRIERS[index % 4]!;
    const serving = all.filter((channel) => channel.carriers.includes(carrier));
    return {
      id: `rule-${index}`,
      accountId: index % 10 === 0 ? `acct-${index % 50}` : null,
      kind: index % 3 === 0 ? MESSAGE_KINDS[index % 3]! : null,
      target: carrier,
      province: index % 2 === 0 ? PROVINCE_NAMES[index % PROVINCE_NAMES.length]! : null,
      channels: serving
        .slice(0, 2 + (index % 3))
        .map((channel) => ({ channelId: channel.id, weight: 1 + (index % 2) })),
      priority: index,
      enabled: true,
      description: null,
    };
  });
}

function messages(count: number): RoutableMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    accountId: `acct-${index % 500}`,
    phone: '+8613800138000',
    kind: MESSAGE_KINDS[index % 3]!,
    carrier: CARRIERS[index % 4]!,
    province: index % 9 === 0 ? null : PROVINCE_NAMES[(index * 7) % PROVINCE_NAMES.length]!,
  }));
}

function measure(name: string, run: (index: number) => unknown): void {
  const until = (ms: number) => {
    const deadline = performance.now() + ms;
    let operations = 0;
    while (performance.now() < deadline) {
      for (let batch = 0; batch < 1_000; batch += 1) run(operations + batch);
      operations += 1_000;
    }
    return operations;
  };
  until(WARMUP_MS);
  const started = performance.now();
  const operations = until(MEASURE_MS);
  const perSecond = Math.round(operations / ((performance.now() - started) / 1000));
  process.stdout.write(`${name.padEnd(58)} ${perSecond.toLocaleString('en-US').padStart(12)} /s\n`);
}

async function main(): Promise<void> {
  const all = channels();
  const table = new RoutingTable(all, rules(all));
  const picker = new CandidatePicker();
  const inputs = messages(10_000);
  const states = new Map<string, CandidateState>(
    all.map((channel, index) => [
      channel.id,
      {
        healthy: index % 11 !== 0,
        available: index % 11 !== 0 && index % 13 !== 0,
        throttled: index % 17 === 0,
        weightFactor: index % 19 === 0 ? 0.25 : 1,
        outOfRotation: index % 23 === 0,
        probeDue: false,
      },
    ]),
  );
  const gate = (id: string) => states.get(id)!;
  const none = new Set<string>();
  const provinces = ['广东省深圳市', 'Zhejiang', '北京', '上海市'];

  process.stdout.write(`routing: ${all.length} channels, 200 rules; node ${process.version}\n`);
  measure('normalizeProvince (geocoder text, pinyin, short name)', (i) =>
    normalizeProvince(provinces[i % 4]),
  );
  measure('RoutingTable.groupsFor (cached)', (i) => table.groupsFor(inputs[i % inputs.length]!));
  measure('groupsFor + CandidatePicker.pick (a routing decision)', (i) =>
    picker.pick(table.groupsFor(inputs[i % inputs.length]!), gate, none),
  );
  measure('RoutingTable compile (cold: a fresh table per 100 decisions)', (i) => {
    const fresh = i % 100 === 0 ? new RoutingTable(all, []) : table;
    return fresh.groupsFor(inputs[i % inputs.length]!);
  });

  const breaker = new ChannelBreaker('bench', DEFAULT_BREAKER_OPTIONS);
  const ok = Promise.resolve('ok');
  const verdict = () => ({ ok: true }) as const;
  const started = performance.now();
  const count = 200_000;
  for (let index = 0; index < count; index += 1) await breaker.run(() => ok, verdict);
  const perSecond = Math.round(count / ((performance.now() - started) / 1000));
  process.stdout.write(
    `${'ChannelBreaker.run (opossum, closed)'.padEnd(58)} ${perSecond.toLocaleString('en-US').padStart(12)} /s\n`,
  );
  breaker.shutdown();
}

void main();
