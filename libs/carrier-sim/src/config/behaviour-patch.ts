import { ConfigValidationError } from './config-validation-error';
import {
  DelayBucket,
  ForcedResult,
  GatewayBehaviour,
  LatencyRange,
  ReportDelaySpec,
} from './simulator-config';

const MAX_DELAY_MS = 24 * 3600 * 1000;
const REPORT_STATE_LENGTH = 7;

export type BehaviourPatch = Partial<GatewayBehaviour>;

function fail(field: string, message: string): never {
  throw new ConfigValidationError('invalid_field', message, field);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `${field} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function fraction(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(field, `${field} must be a number between 0 and 1`);
  }
  return value;
}

function weight(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(field, `${field} must be a non-negative number`);
  }
  return value;
}

function latencyRange(value: unknown, field: string): LatencyRange {
  if (!isRecord(value)) fail(field, `${field} must be an object {minMs, maxMs}`);
  const minMs = integerIn(value.minMs, `${field}.minMs`, 0, MAX_DELAY_MS);
  const maxMs = integerIn(value.maxMs, `${field}.maxMs`, 0, MAX_DELAY_MS);
  if (maxMs < minMs) fail(`${field}.maxMs`, `${field}.maxMs must not be below minMs`);
  return { minMs, maxMs };
}

function delayBuckets(value: unknown, field: string): DelayBucket[] {
  if (!Array.isArray(value) || value.length === 0) fail(field, `${field} must be a non-empty array`);
  const buckets = value.map((bucket, index) => {
    const range = latencyRange(bucket, `${field}[${index}]`);
    return {
      ...range,
      weight: weight((bucket as Record<string, unknown>).weight, `${field}[${index}].weight`),
    };
  });
  if (!buckets.some((bucket) => bucket.weight > 0))
    fail(field, `${field} needs at least one positive weight`);
  return buckets;
}

function reportDelay(value: unknown, field: string): ReportDelaySpec {
  if (isRecord(value) && 'buckets' in value)
    return { buckets: delayBuckets(value.buckets, `${field}.buckets`) };
  return latencyRange(value, field);
}

function outcomes(value: unknown, field: string): Record<string, number> {
  if (!isRecord(value) || Object.keys(value).length === 0) fail(field, `${field} must be a non-empty object`);
  const result: Record<string, number> = {};
  for (const [state, stateWeight] of Object.entries(value)) {
    if (state.length === 0 || state.length > REPORT_STATE_LENGTH || !/^[\x20-\x7e]+$/.test(state)) {
      fail(`${field}.${state}`, `report state must be 1 to 7 printable ASCII characters`);
    }
    result[state] = weight(stateWeight, `${field}.${state}`);
  }
  if (!Object.values(result).some((stateWeight) => stateWeight > 0))
    fail(field, `${field} needs a positive weight`);
  return result;
}

function forcedResults(value: unknown, field: string): ForcedResult[] {
  if (!Array.isArray(value)) fail(field, `${field} must be an array of {code, fraction}`);
  const results = value.map((entry, index) => {
    if (!isRecord(entry)) fail(`${field}[${index}]`, 'entry must be an object {code, fraction}');
    return {
      code: integerIn(entry.code, `${field}[${index}].code`, 1, 0xffffffff),
      fraction: fraction(entry.fraction, `${field}[${index}].fraction`),
    };
  });
  const total = results.reduce((sum, entry) => sum + entry.fraction, 0);
  if (total > 1) fail(field, `${field} fractions must add up to at most 1`);
  return results;
}

function nullableInteger(value: unknown, field: string, min: number, max: number): number | null {
  return value === null ? null : integerIn(value, field, min, max);
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(field, `${field} must be true or false`);
  return value;
}

type FieldParser = (value: unknown, field: string) => unknown;

const BEHAVIOUR_FIELDS: Record<keyof GatewayBehaviour, FieldParser> = {
  submitLatency: latencyRange,
  reportDelay,
  outcomes,
  forcedResults,
  tpsCap: (value, field) => nullableInteger(value, field, 1, 10_000_000),
  flowControlResult: (value, field) => integerIn(value, field, 1, 0xffffffff),
  dropAfterSubmits: (value, field) => nullableInteger(value, field, 1, Number.MAX_SAFE_INTEGER),
  dropProbability: fraction,
  blackHole: boolean,
  maxConnectionsPerAccount: (value, field) => integerIn(value, field, 1, 10_000),
  keepAliveIntervalMs: (value, field) => integerIn(value, field, 0, MAX_DELAY_MS),
};

/** Validates untrusted input (control API, config files) into a behaviour patch; throws ConfigValidationError. */
export function parseBehaviourPatch(input: unknown, fieldPrefix = ''): BehaviourPatch {
  if (!isRecord(input)) fail(fieldPrefix || 'body', 'behaviour must be a JSON object');
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const parser = BEHAVIOUR_FIELDS[key as keyof GatewayBehaviour];
    const field = `${fieldPrefix}${key}`;
    if (!parser) throw new ConfigValidationError('unknown_field', `unknown behaviour field ${key}`, field);
    patch[key] = parser(value, field);
  }
  return patch as BehaviourPatch;
}

export function applyBehaviourPatch(current: GatewayBehaviour, patch: BehaviourPatch): GatewayBehaviour {
  return { ...current, ...patch };
}
