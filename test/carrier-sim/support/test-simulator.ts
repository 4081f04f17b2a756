import {
  CarrierSimulator,
  CarrierSimulatorOptions,
  GatewayBehaviour,
  SimulatorConfig,
  defaultSimulatorConfig,
} from '@tongdao/carrier-sim';

export interface TestSimulatorOptions extends CarrierSimulatorOptions {
  behaviour?: Partial<GatewayBehaviour>;
  sgipReceiverPort?: number;
  maxMessages?: number;
}

/** Every gateway and the control API on ephemeral loopback ports, fast reports, every message delivered. */
export function testSimulatorConfig(options: TestSimulatorOptions = {}): SimulatorConfig {
  const config = defaultSimulatorConfig();
  config.controlApi.port = 0;
  if (options.maxMessages) config.recorder.maxMessages = options.maxMessages;
  for (const gateway of config.gateways) {
    gateway.port = 0;
    gateway.behaviour = {
      ...gateway.behaviour,
      reportDelay: { minMs: 10, maxMs: 30 },
      outcomes: { DELIVRD: 1 },
      ...options.behaviour,
    };
    if (gateway.sgipReceiver) gateway.sgipReceiver.port = options.sgipReceiverPort ?? 9;
  }
  return config;
}

export async function startTestSimulator(options: TestSimulatorOptions = {}): Promise<CarrierSimulator> {
  const simulator = new CarrierSimulator(testSimulatorConfig(options), options);
  await simulator.start();
  return simulator;
}

/** Untyped on purpose: tests assert on the JSON shape the control API returns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = any;

export async function controlRequest(
  simulator: CarrierSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: JsonBody }> {
  const response = await fetch(`http://127.0.0.1:${simulator.controlPort}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
