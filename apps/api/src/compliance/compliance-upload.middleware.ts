import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { raw } from 'express';
import type { NextFunction, RequestHandler, Response } from 'express';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import { ApiRequest } from '../auth/api-request';

/**
 * Opt-out lists arrive as the raw request body (`curl --data-binary @list.csv -H 'Content-Type: text/csv'`), so the
 * request signature covers the file's bytes; the limit is COMPLIANCE_IMPORT_MAX_BYTES, separate from the JSON
 * limit. The rows are then parsed as a stream (opt-out-import.ts).
 */
@Injectable()
export class ComplianceUploadMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.parse = raw({ type: () => true, limit: config.complianceState.importMaxBytes });
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
