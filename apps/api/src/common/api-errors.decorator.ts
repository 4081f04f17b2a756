import { ApiExtension } from '@nestjs/swagger';
import { ErrorCode } from '@tongdao/platform';

/** Operation extension carrying the route's own error codes; documentErrors turns it into responses. */
export const ERROR_CODES_EXTENSION = 'x-tongdao-error-codes';

/**
 * The error codes a route answers beyond those every route of its shape answers (authentication, body, path
 * and query errors are added by documentErrors). Each code lands under its HTTP status in the OpenAPI document.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  return ApiExtension(ERROR_CODES_EXTENSION, codes) as MethodDecorator;
}
