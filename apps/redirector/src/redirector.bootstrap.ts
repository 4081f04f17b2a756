import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { HttpErrorFilter } from '@tongdao/platform';
import { RedirectEdge } from './redirect/redirect-edge';
import { RedirectorModule } from './redirector.module';

export async function bootstrapRedirector(
  config: AppConfig,
  options: { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(RedirectorModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.init();
  takeOverRequests(app.getHttpServer() as Server, app.get(RedirectEdge));
  await app.listen(config.redirector.port, config.redirector.host);
  return app;
}

/**
 * The node:http server Nest created keeps Express for /healthz, /readyz and /metrics; every other request goes
 * straight to the redirect handler, never entering Express or Nest's pipeline.
 */
function takeOverRequests(server: Server, edge: RedirectEdge): void {
  const nest = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!edge.handler.handle(request, response)) for (const listener of nest) listener(request, response);
  });
  server.keepAliveTimeout = 65_000;
}
