import { AppConfig } from '@tongdao/config';
import { CarrierSimulator, loadSimulatorConfigFromEnv } from '@tongdao/carrier-sim';
import { Logger } from 'pino';

/** The carrier simulator configured from the validated app config (ports) plus its own SIM_* knobs. */
export function simulatorFor(config: AppConfig, logger: Logger): CarrierSimulator {
  const { simulator } = config;
  const settings = {
    // The demo promises DELIVERED; set SIM_OUTCOMES (e.g. DELIVRD:97,UNDELIV:2,EXPIRED:1) to rehearse failures.
    SIM_OUTCOMES: 'DELIVRD:1',
    ...simulator.settings,
    SIM_HOST: simulator.host,
    SIM_CONTROL_PORT: String(simulator.controlPort),
    SIM_CMPP3_PORT: String(simulator.ports.cmpp3),
    SIM_CMPP2_PORT: String(simulator.ports.cmpp2),
    SIM_SGIP_PORT: String(simulator.ports.sgip),
    SIM_SGIP_RECEIVER_PORT: String(simulator.ports.sgipReceiver),
    SIM_SMGP_PORT: String(simulator.ports.smgp),
    SIM_SMPP_PORT: String(simulator.ports.smpp),
  };
  return new CarrierSimulator(loadSimulatorConfigFromEnv(settings), { logger });
}
