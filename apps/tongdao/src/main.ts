import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tongdao/config';
import { resolveDatabase } from '@tongdao/database';
import { HostAllowList } from '@tongdao/net-safety';
import { createLogger } from '@tongdao/observability';
import { runStandalone } from '@tongdao/platform';
import { bootstrapApi } from '../../api/src/api.bootstrap';
import { seedDemo } from '../../api/src/demo/demo-seed';
import { bootstrapDispatcher } from '../../dispatcher/src/dispatcher.bootstrap';
import { bootstrapRedirector } from '../../redirector/src/redirector.bootstrap';
import { bootstrapWorker } from '../../worker/src/worker.bootstrap';
import { startDemoWebhooks } from './demo-webhook-receiver';
import { simulatorFor } from './simulator-for';

/**
 * `npm start`: every app in one process. With no configuration that means an embedded
 * PostgreSQL under ./data, an in-process Redis stand-in and the carrier simulator on the
 * default channels; with DATABASE_URL and REDIS_URL it uses those servers instead.
 */
void runStandalone('tongdao', async () => {
  const logger = createLogger(loadConfig().log.level, 'tongdao');
  const { config, embedded } = await resolveDatabase(loadConfig());
  const simulator = config.startSimulator
    ? simulatorFor(config, logger.child({ app: 'carrier-sim' }))
    : undefined;
  await simulator?.start();

  const apps: INestApplication[] = [];
  apps.push(await bootstrapApi(config, { runMigrations: true, shutdownHooks: false }));
  apps.push(await bootstrapDispatcher(config, { runMigrations: false, shutdownHooks: false }));
  apps.push(await bootstrapRedirector(config, { shutdownHooks: false }));
  apps.push(await bootstrapWorker(config, { shutdownHooks: false }));
  const demo = config.demoSeed ? await seedDemo(apps[0]!) : undefined;
  // The demo receiver is on loopback: only when the operator's allow-list lets webhooks go there (embedded default).
  const webhooks =
    demo && new HostAllowList(config.webhooks.allowedHosts).allowsHost('127.0.0.1')
      ? await startDemoWebhooks(apps[0]!, config, logger.child({ app: 'demo-webhooks' }))
      : undefined;

  const base = config.api.publicBaseUrl;
  const lines = [
    '',
    `Tongdao is running (${config.mode} mode${embedded ? `, data in ${config.dataDir}` : ''})`,
    `  API            ${base}/v1`,
    `  API docs       ${base}/docs`,
    `  Metrics        ${base}/metrics`,
    `  Redirector     http://${config.redirector.host}:${config.redirector.port}`,
    simulator ? `  Simulator API  http://${config.simulator.host}:${simulator.controlPort}/gateways` : '',
    demo ? `  Demo API key   ${demo.apiKey}` : '',
    demo ? `  Demo template  ${demo.templateId} (signature ${demo.signature})` : '',
    webhooks ? `  Demo webhooks  ${webhooks.url} (the demo account's reports and replies, logged here)` : '',
    demo ? '' : '',
    demo
      ? `  curl -s ${base}/v1/messages -H "Authorization: Bearer ${demo.apiKey}" -H 'Content-Type: application/json' \\`
      : '',
    demo
      ? `    -d '{"phone":"13800138000","signature":"${demo.signature}","template_id":"${demo.templateId}","template_params":{"code":"123456"}}'`
      : '',
    '',
  ];
  process.stdout.write(
    lines.filter((line, index) => line !== '' || index === 0 || index === lines.length - 1).join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // The dispatcher drains first so in-flight submits are recorded before the database goes.
    for (const app of [apps[1], apps[0], apps[2], apps[3]]) await app?.close().catch(() => undefined);
    await webhooks?.close().catch(() => undefined);
    await simulator?.stop().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
});
