import {
  CarrierSimulator,
  defaultSimulatorConfig,
  GatewayBehaviour,
  SimulatorConfig,
} from '@tongdao/carrier-sim';

/**
 * A carrier simulator on ephemeral ports with fast, all-delivered reports: the gateways named
 * in `protocols` only (SGIP needs the SP's receiver port, so tests that use it configure it).
 */
export async function startTestSimulator(
  names: string[] = ['cmpp3', 'smgp'],
  behaviour: Partial<GatewayBehaviour> = {},
  options: { controlApi?: boolean } = {},
): Promise<CarrierSimulator> {
  const defaults = defaultSimulatorConfig();
  const config: SimulatorConfig = {
    ...defaults,
    controlApi: { ...defaults.controlApi, port: 0, enabled: options.controlApi ?? false },
    gateways: defaults.gateways
      .filter((gateway) => names.includes(gateway.name))
      .map((gateway) => ({
        ...gateway,
        port: 0,
        behaviour: {
          ...gateway.behaviour,
          reportDelay: { minMs: 5, maxMs: 30 },
          outcomes: { DELIVRD: 1 },
          ...behaviour,
        },
      })),
  };
  const simulator = new CarrierSimulator(config);
  await simulator.start();
  return simulator;
}
