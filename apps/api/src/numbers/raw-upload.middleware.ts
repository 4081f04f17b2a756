import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { raw } from 'express';
import type { NextFunction, RequestHandler, Response } from 'express';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import { ApiRequest } from '../auth/api-request';

/**
 * File uploads (prefix files, override lists) arrive as the raw request body, so `curl --data-binary @file` works
 * and the request signature covers the file's bytes. Runs before the guard; bodies the JSON parser already took
 * are left alone. The limit is NUMBERS_IMPORT_MAX_BYTES, separate from the JSON limit.
 */
@Injectable()
export class RawUploadMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.parse = raw({ type: () => true, limit: config.numbers.importMaxBytes });
  }

  use(request: ApiRequest, response: Response, next: NextFunction): void {
    if (request.rawBody) {
      next();
      return;
    }
    this.parse(request, response, (error?: unknown) => {
      if (!error && Buffer.isBuffer(request.body)) request.rawBody = request.body;
      next(error);
    });
  }
}
