import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api-app';

/** Starts the HTTP API; `bodyParser: false` because configureApiApp installs the limited JSON parser itself. */
export async function bootstrapApi(
  config: AppConfig,
  options: { runMigrations?: boolean; shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(config, { runMigrations: options.runMigrations }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureApiApp(app, config);
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.listen(config.api.port, config.api.host);
  return app;
}
