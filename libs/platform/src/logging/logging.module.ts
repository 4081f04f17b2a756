import { randomUUID } from 'node:crypto';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { loggerOptions, maskPhonesInUrl } from '@tongdao/observability';
import { PROBE_PATHS } from '../health/probe-paths';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request gets an id (the caller's X-Request-Id when sane), echoed back and stamped on each log line. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, appName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // The request-scoped logger lives in an AsyncLocalStorage; on Node 20 its first use turns promise hooks on
          // for the rest of the process, which costs every promise of the dispatch, worker and redirect hot paths.
          // Those processes serve HTTP only for probes and scrapes, so keeping those routes out never turns them on.
          // Probe and scrape routes are neither logged nor given a request-scoped logger.
          exclude: PROBE_PATHS.map((path) => ({ path: path.slice(1), method: RequestMethod.ALL })),
          pinoHttp: {
            ...loggerOptions(config.log.level, appName),
            genReqId: requestId,
            autoLogging: {
              ignore: (request) => PROBE_PATHS.includes(request.url ?? ''),
            },
            serializers: {
              ...loggerOptions(config.log.level, appName).serializers,
              // The request is bound to the request's logger once, outside the log formatter: mask here.
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: maskPhonesInUrl(request.url ?? ''),
              }),
              res: (response: { statusCode: number | null; raw?: { statusCode: number } }) => ({
                statusCode: response.statusCode ?? response.raw?.statusCode ?? null,
              }),
            },
          },
        }),
      ],
    };
  }
}
