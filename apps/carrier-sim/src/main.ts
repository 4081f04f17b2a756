import pino from 'pino';
import { loadConfig } from '@tongdao/config';
import { CarrierSimulator, loadSimulatorConfigFromEnv } from '@tongdao/carrier-sim';

/** The project's config lib validates the shared SIM_* variables; the simulator adds its own optional knobs. */
function simulatorEnv(): Record<string, string | undefined> {
  const { simulator } = loadConfig();
  return {
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
}

async function main(): Promise<void> {
  const logger = pino({ name: 'carrier-sim' });
  const simulator = new CarrierSimulator(loadSimulatorConfigFromEnv(simulatorEnv()), { logger });
  await simulator.start();
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'carrier simulator stopping');
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('carrier simulator failed to start', err);
  process.exit(1);
});
