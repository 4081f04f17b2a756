import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { maskPhonesInUrl } from '@tongdao/observability';
import { DomainException } from './domain-exception';
import { ErrorBody } from './error-body';
import { ErrorCode, ErrorCodeHttpStatus } from './error-code';
import { RateLimitedException } from './rate-limited.exception';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.ServiceUnavailable,
};

/** The one place where failures become HTTP responses. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const { status, body } = this.toErrorResponse(exception);
    if (status >= 500)
      this.logger.error({ err: exception, path: maskPhonesInUrl(request.path ?? '') }, 'unhandled error');
    if (request.id) body.error.request_id = String(request.id);
    if (exception instanceof RateLimitedException && !response.headersSent)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (!response.headersSent) response.status(status).json(body);
  }

  toErrorResponse(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof DomainException) {
      return {
        status: ErrorCodeHttpStatus[exception.code] ?? 400,
        body: errorBody(
          exception.code,
          exception.message,
          exception.field,
          exception.details,
          exception.reason,
        ),
      };
    }
    const parserError = asBodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
      return { status, body: errorBody(code, httpExceptionMessage(exception)) };
    }
    return { status: 500, body: errorBody(ErrorCode.Internal, 'Internal error') };
  }
}

function errorBody(
  code: string,
  message: string,
  field?: string,
  details?: Record<string, unknown>,
  reason?: string,
): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (field !== undefined) error.field = field;
  if (reason !== undefined) error.reason = reason;
  if (details !== undefined) error.details = details;
  return { error };
}

function asBodyParserError(exception: unknown): { status: number; body: ErrorBody } | null {
  const candidate = exception as BodyParserError | null;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.type !== 'string') return null;
  switch (candidate.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        body: errorBody(ErrorCode.MalformedJson, 'Request body is not valid JSON', 'body'),
      };
    case 'entity.too.large':
      return {
        status: 413,
        body: errorBody(ErrorCode.PayloadTooLarge, 'Request body exceeds the size limit', 'body'),
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        body: errorBody(ErrorCode.UnsupportedMediaType, candidate.message ?? 'Unsupported encoding', 'body'),
      };
    case 'request.aborted':
      return { status: 400, body: errorBody(ErrorCode.ValidationFailed, 'Request aborted', 'body') };
    default:
      return candidate.status && candidate.status < 500
        ? {
            status: candidate.status,
            body: errorBody(ErrorCode.ValidationFailed, candidate.message ?? 'Bad request', 'body'),
          }
        : null;
  }
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
