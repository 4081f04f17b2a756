import { loadConfig } from '@tongdao/config';
import { resolveDatabase } from '@tongdao/database';
import { runStandalone } from '@tongdao/platform';
import { bootstrapApi } from './api.bootstrap';

void runStandalone('api', async () => {
  const { config } = await resolveDatabase(loadConfig());
  await bootstrapApi(config);
});
