import { Logger } from 'pino';
import { CarrierSimulator, simulatorConfigFromAppConfig } from '@tongdao/carrier-sim';
import { AppConfig } from '@tongdao/config';

/** The demo promises DELIVERED; set SIM_OUTCOMES (e.g. DELIVRD:97,UNDELIV:2,EXPIRED:1) to rehearse failures. */
const DEMO_DEFAULTS = { SIM_OUTCOMES: 'DELIVRD:1' };

export function simulatorFor(config: AppConfig, logger: Logger): CarrierSimulator {
  return new CarrierSimulator(simulatorConfigFromAppConfig(config.simulator, DEMO_DEFAULTS), { logger });
}
