import { INestApplication } from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '@tongdao/config';
import {
  BodyInspectionOptions,
  createValidationPipe,
  DomainException,
  ErrorCode,
  findInvalidText,
  HttpErrorFilter,
  inspectRequestBody,
} from '@tongdao/platform';
import { documentErrors } from './common/openapi-errors';

/**
 * Routes that check the text of the items of one array field themselves, so that an unstorable character in one
 * item rejects that item alone (every other body is refused whole). Keep in step with parseRecipient.
 */
const PER_ITEM_TEXT_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['POST /v1/messages/batch', new Set(['recipients'])],
  ['POST /v1/messages/check', new Set(['recipients'])],
]);

/**
 * Everything HTTP-level about the API, shared by the real bootstrap and the tests: the JSON body limit (keeping
 * the raw bytes, which request signing and idempotency fingerprints need), error rendering, validation and the
 * OpenAPI document at /docs (JSON at /docs-json).
 */
export function configureApiApp(app: INestApplication, config: AppConfig): void {
  // Behind a load balancer the client address (IP allow-lists, audit) comes from X-Forwarded-For of trusted proxies.
  if (config.resellers.trustedProxies.length > 0)
    (app as NestExpressApplication).set('trust proxy', config.resellers.trustedProxies);
  app.use(jsonBodyParser(config.api.bodyLimitBytes, config.edge.maxBodyDepth));
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  SwaggerModule.setup(
    'docs',
    app,
    () => documentErrors(SwaggerModule.createDocument(app, openApiConfig(config))),
    {
      jsonDocumentUrl: 'docs-json',
    },
  );
}

function openApiConfig(config: AppConfig) {
  return new DocumentBuilder()
    .setTitle('Tongdao SMS API')
    .setDescription(
      'Send verification codes, notifications and marketing SMS to mainland China and beyond. ' +
        'Authenticate with `Authorization: Bearer <key>`; optionally sign requests with HMAC-SHA256. ' +
        'Errors are always `{"error":{"code","message","field","reason"}}` (`ErrorBody`); each operation lists ' +
        'its error statuses with the codes it can answer under each.',
    )
    .setVersion('1')
    .addServer(config.api.publicBaseUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key such as td_live_ab12cd34_…' })
    .build();
}

/**
 * The JSON parser, keeping the raw bytes on `request.rawBody`. Parse failures become MALFORMED_JSON here: left as
 * they are, Nest turns body-parser's SyntaxError into a generic BadRequestException before any filter sees it.
 * Named `jsonParser` so that Nest does not register its own parser in front of this one.
 */
function jsonBodyParser(limit: number, maxDepth: number): RequestHandler {
  const parse = json({
    limit,
    verify: (request: IncomingMessage & { rawBody?: Buffer }, _response: unknown, buffer: Buffer) => {
      request.rawBody = buffer;
    },
  });
  return function jsonParser(request: Request, response: Response, next: NextFunction): void {
    parse(request, response, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.parse.failed') {
        next(new DomainException(ErrorCode.MalformedJson, 'Request body is not valid JSON', 'body'));
        return;
      }
      if (error) {
        next(error);
        return;
      }
      try {
        inspectParsedBody(request as Request & { rawBody?: Buffer }, maxDepth);
        next();
      } catch (problem) {
        next(problem);
      }
    });
  };
}

/**
 * Storable text in the query string, and depth and storable text of a parsed JSON body, before guards, validation
 * or the audit trail see them (a NUL in a query filter would otherwise reach PostgreSQL as a parameter).
 */
function inspectParsedBody(request: Request & { rawBody?: Buffer }, maxDepth: number): void {
  const query = findInvalidText(request.query);
  if (query) throw new DomainException(ErrorCode.TextInvalidCharacter, query.message, query.field);
  if (request.rawBody === undefined) return;
  const route = `${request.method} ${request.path.toLowerCase().replace(/\/+$/, '')}`;
  const options: BodyInspectionOptions = { maxDepth, perItemTextFields: PER_ITEM_TEXT_FIELDS.get(route) };
  inspectRequestBody(request.body, request.rawBody, options);
}
