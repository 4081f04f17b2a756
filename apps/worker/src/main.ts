import { loadConfig } from '@tongdao/config';
import { resolveDatabase } from '@tongdao/database';
import { runStandalone } from '@tongdao/platform';
import { bootstrapWorker } from './worker.bootstrap';

void runStandalone('worker', async () => {
  const { config } = await resolveDatabase(loadConfig());
  await bootstrapWorker(config);
});
