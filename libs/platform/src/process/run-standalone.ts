import { ConfigError } from '@tongdao/config';

/**
 * Entry-point wrapper for every app: a bad configuration prints every problem and exits 1,
 * any other start-up failure is logged and exits 1; nothing is left half-started.
 */
export async function runStandalone(appName: string, start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${appName}: ${error.message}\n`);
    } else {
      process.stderr.write(
        `${appName}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  }
}
