import type { AppConfig } from '@tongdao/config';
import { loadSimulatorConfigFromEnv } from './simulator-config-from-env';
import { SimulatorConfig } from './simulator-config';

/**
 * The simulator's configuration from the project's validated config: its ports from the schema,
 * its behaviour knobs from the raw SIM_* settings (validated here). `defaults` fill knobs left unset.
 */
export function simulatorConfigFromAppConfig(
  simulator: AppConfig['simulator'],
  defaults: Record<string, string> = {},
): SimulatorConfig {
  return loadSimulatorConfigFromEnv({
    ...defaults,
    ...simulator.settings,
    SIM_HOST: simulator.host,
    SIM_CONTROL_PORT: String(simulator.controlPort),
    SIM_CMPP3_PORT: String(simulator.ports.cmpp3),
    SIM_CMPP2_PORT: String(simulator.ports.cmpp2),
    SIM_SGIP_PORT: String(simulator.ports.sgip),
    SIM_SGIP_RECEIVER_PORT: String(simulator.ports.sgipReceiver),
    SIM_SMGP_PORT: String(simulator.ports.smgp),
    SIM_SMPP_PORT: String(simulator.ports.smpp),
    SIM_SGIP2_PORT: String(simulator.ports.sgip2),
    SIM_SGIP2_RECEIVER_PORT: String(simulator.ports.sgip2Receiver),
    SIM_SMGP2_PORT: String(simulator.ports.smgp2),
  });
}
