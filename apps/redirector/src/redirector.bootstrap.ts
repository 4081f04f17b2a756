import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { HttpErrorFilter } from '@tongdao/platform';
import { RedirectorModule } from './redirector.module';

export async function bootstrapRedirector(
  config: AppConfig,
  options: { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(RedirectorModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.listen(config.redirector.port, config.redirector.host);
  return app;
}
