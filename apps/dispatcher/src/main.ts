import { loadConfig } from '@tongdao/config';
import { resolveDatabase } from '@tongdao/database';
import { runStandalone } from '@tongdao/platform';
import { bootstrapDispatcher } from './dispatcher.bootstrap';

void runStandalone('dispatcher', async () => {
  const { config } = await resolveDatabase(loadConfig());
  await bootstrapDispatcher(config);
});
