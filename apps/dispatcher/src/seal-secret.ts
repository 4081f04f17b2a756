// Prints a carrier password sealed with SECRETS_KEY, for `passwordSealed` in a channels file:
//   SECRETS_KEY=<64 hex> npm run seal-secret -- '<password>'
import { loadConfig } from '@tongdao/config';
import { runStandalone, SecretBox } from '@tongdao/platform';
import { CHANNEL_PASSWORD_PURPOSE } from '@tongdao/routing';

void runStandalone('seal-secret', async () => {
  const password = process.argv[2];
  if (!password) throw new Error('usage: npm run seal-secret -- <password>');
  const config = loadConfig();
  process.stdout.write(
    `${new SecretBox(config.security.secretsKey, CHANNEL_PASSWORD_PURPOSE).seal(password)}\n`,
  );
});
