// Runs an in-memory embedded PostgreSQL in its own process and prints its URL. Jest's module
// sandbox cannot load PGlite's WebAssembly, so tests without DATABASE_URL talk to one of these
// over loopback exactly as they would to a real server.
import { startEmbeddedPostgres } from '../../libs/database/src/embedded/embedded-postgres';

async function main(): Promise<void> {
  const embedded = await startEmbeddedPostgres();
  process.stdout.write(`url ${embedded.url}\n`);
  const stop = (): void => void embedded.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
