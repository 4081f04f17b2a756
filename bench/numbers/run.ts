/**
 * Number intelligence: lookups per second on the compiled prefix table (with and without a large portability
 * list), garbage collections during lookups (a lookup should allocate nothing), and the one-off costs each
 * process pays: loading the built-in data, compiling a table, parsing phone.dat and CSV imports.
 *
 * Run: npm run bench:numbers [-- --lookups 5000000 --overrides 1000000 --entries 500000]
 */
import { execSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import {
  builtinPrefixData,
  CARRIERS,
  normalizePhone,
  NumberResolver,
  parsePhoneDat,
  parsePrefixCsv,
  PortabilityOverridesBuilder,
  PrefixLayer,
  PrefixTable,
  PROVINCES,
} from '@tongdao/phone';
import { writePhoneDat } from '@tongdao/testing/phone-dat-writer';

const options = parseArguments(process.argv.slice(2));

function parseArguments(argv: string[]): { lookups: number; overrides: number; entries: number } {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  return {
    lookups: value('lookups', 5_000_000),
    overrides: value('overrides', 1_000_000),
    entries: value('entries', 500_000),
  };
}

/** Deterministic pseudo-random mainland numbers across 130–199. */
function numbers(count: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31);
  return Array.from(
    { length: count },
    () => `1${3 + (next() % 7)}${String(next() % 1_000_000_000).padStart(9, '0')}`,
  );
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Lookups per second over `count` lookups, and the garbage collections that ran meanwhile. */
async function lookupRate(
  name: string,
  inputs: string[],
  count: number,
  lookup: (national: string) => unknown,
): Promise<void> {
  for (let i = 0; i < 200_000; i++) lookup(inputs[i % inputs.length]!);
  // Start from a clean young generation (npm run bench:numbers passes --expose-gc), so every collection counted
  // comes from the lookups themselves.
  (globalThis as { gc?: () => void }).gc?.();
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  let known = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) if (lookup(inputs[i % inputs.length]!)) known++;
  const seconds = (performance.now() - started) / 1000;
  // GC entries are delivered asynchronously: let them arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  const rate = Math.round(count / seconds).toLocaleString('en-US');
  console.log(
    `  ${name.padEnd(58)} ${rate.padStart(12)} lookups/s   GCs during run: ${collections}   (${known})`,
  );
}

async function main(): Promise<void> {
  console.log(`node ${process.version}; uptime: ${execSync('uptime').toString().trim()}`);
  const inputs = numbers(1_000_000, 7);

  console.log('\nOne-off costs per process');
  const builtin = builtinPrefixData();
  console.log(
    `  built-in data (libphonenumber zh, BSON)      ${builtin.loadMs} ms, ${builtin.prefixes} mobile prefixes`,
  );
  const compiles = Array.from({ length: 5 }, () => timed(() => PrefixTable.compile([builtin.layer])));
  const table = compiles[0]!.value;
  console.log(
    `  compile built-in table (median of 5)         ${median(compiles.map((c) => c.ms)).toFixed(1)} ms`,
  );
  console.log(`  table                                         ${JSON.stringify(table.stats)}`);

  // Shaped like real data: one carrier per 3-digit range, runs of a thousand prefixes per province, a dozen
  // cities per province.
  const entries = Array.from({ length: options.entries }, (_, i) => {
    const prefix = 1_300_000 + Math.floor((i * 700_000) / options.entries);
    const province = PROVINCES[Math.floor(prefix / 1000) % PROVINCES.length]!;
    return {
      prefix,
      province,
      city: `${province}${Math.floor(prefix / 100) % 12}`,
      cardType: 1 + (Math.floor(prefix / 10_000) % 6),
    };
  });
  const dat = writePhoneDat(entries);
  const datParse = timed(() => parsePhoneDat(dat, 'bench'));
  console.log(
    `  parse phone.dat, ${options.entries} entries (${(dat.length / 1e6).toFixed(1)} MB)   ${datParse.ms.toFixed(0)} ms`,
  );
  const csv = entries.map(
    (entry) => `${entry.prefix},${CARRIERS[entry.cardType % 4]},${entry.province},${entry.city}`,
  );
  const csvParse = timed(() => parsePrefixCsv(csv.join('\n'), 'bench'));
  console.log(`  parse CSV, ${options.entries} rows                        ${csvParse.ms.toFixed(0)} ms`);
  const stored = datParse.value.layer.serialize();
  const reload = timed(() => {
    const layer = PrefixLayer.deserialize('imported', 'bench', stored.data, stored.regions);
    return PrefixTable.compile([builtin.layer, layer]);
  });
  console.log(`  reload: stored import + compile with built-in  ${reload.ms.toFixed(0)} ms`);

  const builder = new PortabilityOverridesBuilder();
  const ported = numbers(options.overrides, 11);
  const overridesBuild = timed(() => {
    ported.forEach((national, i) => builder.add(national, CARRIERS[i % 4]!));
    return builder.build();
  });
  console.log(
    `  build ${options.overrides} portability overrides            ${overridesBuild.ms.toFixed(0)} ms`,
  );

  console.log(`\nLookups (${options.lookups.toLocaleString('en-US')} each, 1,000,000 distinct numbers)`);
  const plain = new NumberResolver(table);
  await lookupRate(
    'resolve, built-in table, no overrides',
    inputs,
    options.lookups,
    (n) => plain.resolve(n).province,
  );
  const heavy = new NumberResolver(reload.value, overridesBuild.value);
  await lookupRate(
    `resolve, built-in + import, ${options.overrides.toLocaleString('en-US')} overrides`,
    inputs,
    options.lookups,
    (n) => heavy.resolve(n).province,
  );
  for (const national of ported.slice(0, 2_000)) heavy.overrides.set(national, 'CBN');
  await lookupRate(
    'same, plus 2,000 recent override changes',
    inputs,
    options.lookups,
    (n) => heavy.resolve(n).carrier,
  );
  const hits = ported.slice(0, 1_000_000);
  await lookupRate(
    'resolve, every number ported (override hit)',
    hits,
    options.lookups,
    (n) => heavy.resolve(n).carrier,
  );
  const formatted = inputs.slice(0, 100_000).map((n, i) => (i % 3 === 0 ? `+86 ${n}` : n));
  await lookupRate(
    'normalizePhone + resolve (the acceptance path)',
    formatted,
    options.lookups / 5,
    (text) => {
      const parsed = normalizePhone(text);
      return parsed.ok && heavy.resolve(parsed.phone.national).province;
    },
  );
}

void main();
