import pino from 'pino';
import { loadConfig } from '@tongdao/config';
import { CarrierSimulator, simulatorConfigFromAppConfig } from '@tongdao/carrier-sim';

async function main(): Promise<void> {
  const logger = pino({ name: 'carrier-sim' });
  const simulator = new CarrierSimulator(simulatorConfigFromAppConfig(loadConfig().simulator), { logger });
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
