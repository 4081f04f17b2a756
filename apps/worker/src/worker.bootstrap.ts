import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { HttpErrorFilter } from '@tongdao/platform';
import { OutboxRunnerService } from './outbox/outbox-runner.service';
import { WorkerModule, WorkerModuleOptions } from './worker.module';

export interface WorkerBootstrapOptions extends WorkerModuleOptions {
  listen?: boolean;
  /** Standalone processes close on SIGTERM; the all-in-one launcher orders shutdown itself. */
  shutdownHooks?: boolean;
}

/** Starts the worker: the outbox consumers, plus /healthz, /readyz and /metrics on WORKER_HEALTH_PORT. */
export async function bootstrapWorker(
  config: AppConfig,
  options: WorkerBootstrapOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(WorkerModule.forRoot(config, options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.init();
  await app.get(OutboxRunnerService).start();
  if (options.listen ?? true) await app.listen(config.worker.healthPort, config.api.host);
  return app;
}
