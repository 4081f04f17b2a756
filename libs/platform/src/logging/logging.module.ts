import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { loggerOptions, maskPhonesInUrl } from '@tongdao/observability';

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
          pinoHttp: {
            ...loggerOptions(config.log.level, appName),
            genReqId: requestId,
            autoLogging: {
              ignore: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url ?? ''),
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
