import { ConfigValidationError } from './config-validation-error';
import { applyBehaviourPatch, parseBehaviourPatch } from './behaviour-patch';
import { defaultSimulatorConfig } from './default-simulator-config';
import { assertGatewayFieldLimits } from './gateway-field-limits';
import { GatewayConfig, SimulatorConfig } from './simulator-config';

export type EnvRecord = Readonly<Record<string, string | undefined>>;

function invalid(field: string, message: string): never {
  throw new ConfigValidationError('invalid_env', message, field);
}

function port(env: EnvRecord, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    invalid(key, `${key} must be a TCP port (0-65535)`);
  return value;
}

function positiveInteger(env: EnvRecord, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) invalid(key, `${key} must be a positive integer`);
  return value;
}

function text(env: EnvRecord, key: string, fallback: string): string {
  const raw = env[key];
  return raw === undefined || raw === '' ? fallback : raw;
}

function parseJson(env: EnvRecord, key: string): unknown {
  try {
    return JSON.parse(env[key] as string);
  } catch {
    return invalid(key, `${key} must be valid JSON`);
  }
}

/** "DELIVRD:97,UNDELIV:2,MK:0001:1" → weights; the last colon separates the weight so raw codes may contain colons. */
function parseOutcomeList(raw: string, key: string): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.lastIndexOf(':');
    if (separator <= 0) invalid(key, `${key} entries must look like STATE:weight`);
    outcomes[entry.slice(0, separator)] = Number(entry.slice(separator + 1));
  }
  return outcomes;
}

function parseRange(raw: string, key: string): { minMs: number; maxMs: number } {
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(raw.trim());
  if (!match) invalid(key, `${key} must look like MIN-MAX in milliseconds`);
  return { minMs: Number(match[1]), maxMs: Number(match[2]) };
}

function sharedBehaviourInput(env: EnvRecord): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (env.SIM_REPORT_DELAY_MS) input.reportDelay = parseRange(env.SIM_REPORT_DELAY_MS, 'SIM_REPORT_DELAY_MS');
  else if (env.SIM_REPORT_DELAY_MIN_MS || env.SIM_REPORT_DELAY_MAX_MS) {
    input.reportDelay = {
      minMs: Number(env.SIM_REPORT_DELAY_MIN_MS ?? 200),
      maxMs: Number(env.SIM_REPORT_DELAY_MAX_MS ?? 1500),
    };
  }
  if (env.SIM_SUBMIT_LATENCY_MS)
    input.submitLatency = parseRange(env.SIM_SUBMIT_LATENCY_MS, 'SIM_SUBMIT_LATENCY_MS');
  if (env.SIM_OUTCOMES) input.outcomes = parseOutcomeList(env.SIM_OUTCOMES, 'SIM_OUTCOMES');
  return input;
}

function applyGatewayEnv(
  gateway: GatewayConfig,
  env: EnvRecord,
  shared: Record<string, unknown>,
): GatewayConfig {
  const prefix = `SIM_${gateway.name.toUpperCase()}_`;
  const account = gateway.accounts[0];
  const behaviourKey = `${prefix}BEHAVIOUR`;
  const ownBehaviour = env[behaviourKey] ? (parseJson(env, behaviourKey) as Record<string, unknown>) : {};
  const patch = parseBehaviourPatch({ ...shared, ...ownBehaviour }, behaviourKey + '.');
  const updated: GatewayConfig = {
    ...gateway,
    host: text(env, `${prefix}HOST`, text(env, 'SIM_HOST', gateway.host)),
    port: port(env, `${prefix}PORT`, gateway.port),
    accounts: [
      {
        account: text(env, `${prefix}ACCOUNT`, account.account),
        secret: text(env, `${prefix}SECRET`, account.secret),
      },
    ],
    behaviour: applyBehaviourPatch(gateway.behaviour, patch),
  };
  if (gateway.sgipReceiver) {
    updated.sgipReceiver = {
      host: text(env, `${prefix}RECEIVER_HOST`, gateway.sgipReceiver.host),
      port: port(env, `${prefix}RECEIVER_PORT`, gateway.sgipReceiver.port),
      account: text(env, `${prefix}RECEIVER_ACCOUNT`, gateway.sgipReceiver.account),
      secret: text(env, `${prefix}RECEIVER_SECRET`, gateway.sgipReceiver.secret),
    };
  }
  return updated;
}

function enabledGateways(env: EnvRecord, gateways: GatewayConfig[]): GatewayConfig[] {
  if (!env.SIM_GATEWAYS) return gateways;
  const wanted = env.SIM_GATEWAYS.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of wanted) {
    if (!gateways.some((gateway) => gateway.name === name))
      invalid('SIM_GATEWAYS', `unknown gateway ${name}`);
  }
  return gateways.filter((gateway) => wanted.includes(gateway.name));
}

/**
 * Builds the simulator configuration from a plain key/value record (normally the process environment, handed in by
 * the caller). Every key is optional; see libs/carrier-sim/README.md for the list.
 */
export function loadSimulatorConfigFromEnv(env: EnvRecord): SimulatorConfig {
  const defaults = defaultSimulatorConfig();
  const shared = sharedBehaviourInput(env);
  const config: SimulatorConfig = {
    controlApi: {
      host: text(env, 'SIM_CONTROL_HOST', defaults.controlApi.host),
      port: port(env, 'SIM_CONTROL_PORT', defaults.controlApi.port),
      enabled: env.SIM_CONTROL_ENABLED !== 'false',
    },
    recorder: {
      maxMessages: positiveInteger(env, 'SIM_RECORDER_MAX_MESSAGES', defaults.recorder.maxMessages),
      maxDuplicateKeys: positiveInteger(
        env,
        'SIM_RECORDER_MAX_DUPLICATE_KEYS',
        defaults.recorder.maxDuplicateKeys,
      ),
      maxPendingLongMessages: positiveInteger(
        env,
        'SIM_RECORDER_MAX_PENDING_LONG',
        defaults.recorder.maxPendingLongMessages,
      ),
    },
    gateways: enabledGateways(env, defaults.gateways).map((gateway) => applyGatewayEnv(gateway, env, shared)),
  };
  // SIM_<GATEWAY>_ACCOUNT / _SECRET / _RECEIVER_ACCOUNT / _RECEIVER_SECRET must fit the protocol's fields.
  assertGatewayFieldLimits(config);
  return config;
}
