import cluster from 'node:cluster';
import { loadConfig } from '@tongdao/config';
import { resolveDatabase } from '@tongdao/database';
import { runStandalone } from '@tongdao/platform';
import { bootstrapRedirector } from './redirector.bootstrap';

/**
 * With REDIRECTOR_WORKERS > 1 (and a real PostgreSQL and Redis) this process forks that many redirector processes
 * sharing the port (node:cluster), and replaces any that dies; each is a full redirector (and click writer).
 */
void runStandalone('redirector', async () => {
  const { config } = await resolveDatabase(loadConfig());
  const workers = config.mode === 'external' ? config.redirector.workers : 1;
  if (workers > 1 && cluster.isPrimary) {
    for (let index = 0; index < workers; index += 1) cluster.fork();
    cluster.on('exit', (worker, code, signal) => {
      process.stderr.write(
        `redirector worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`,
      );
      cluster.fork();
    });
    const stop = () => {
      cluster.removeAllListeners('exit');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return;
  }
  await bootstrapRedirector(config);
});
