import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: MetricsService) {
    this.duration = metrics.histogram(
      'tongdao_http_request_duration_seconds',
      'HTTP request latency by method, route template and status',
      ['method', 'route', 'status'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.duration.startTimer();
    response.on('finish', () => {
      // The route template (not the raw path) keeps label cardinality bounded.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({
        method: request.method,
        route: `${request.baseUrl}${route}`,
        status: String(response.statusCode),
      });
    });
    next();
  }
}
