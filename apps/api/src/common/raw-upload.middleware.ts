import { NestMiddleware } from '@nestjs/common';
import { raw } from 'express';
import type { NextFunction, RequestHandler, Response } from 'express';
import { ApiRequest } from '../auth/api-request';

/**
 * File uploads arrive as the raw request body (`curl --data-binary @file`), so the request signature covers the
 * file's bytes. Runs before the guard; bodies the JSON parser already took are left alone. Each upload route has
 * its own size limit, separate from the JSON limit.
 */
export abstract class RawUploadMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  protected constructor(limitBytes: number) {
    this.parse = raw({ type: () => true, limit: limitBytes });
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
