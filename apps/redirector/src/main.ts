import { loadConfig } from '@tongdao/config';
import { resolveDatabase } from '@tongdao/database';
import { runStandalone } from '@tongdao/platform';
import { bootstrapRedirector } from './redirector.bootstrap';

void runStandalone('redirector', async () => {
  const { config } = await resolveDatabase(loadConfig());
  await bootstrapRedirector(config);
});
