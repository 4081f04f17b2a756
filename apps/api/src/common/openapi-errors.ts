import type { OpenAPIObject } from '@nestjs/swagger';
import { ErrorCode, ErrorCodeHttpStatus } from '@tongdao/platform';
import { ERROR_CODES_EXTENSION } from './api-errors.decorator';

const AUTHENTICATED: readonly ErrorCode[] = [
  ErrorCode.Unauthenticated,
  ErrorCode.ApiKeyRevoked,
  ErrorCode.SignatureRequired,
  ErrorCode.SignatureInvalid,
  ErrorCode.SignatureExpired,
  ErrorCode.NonceReplayed,
  ErrorCode.Forbidden,
  ErrorCode.InsufficientScope,
  ErrorCode.AccountSuspended,
  ErrorCode.IpNotAllowed,
];
const JSON_BODY: readonly ErrorCode[] = [
  ErrorCode.MalformedJson,
  ErrorCode.ValidationFailed,
  ErrorCode.UnknownField,
  ErrorCode.TextInvalidCharacter,
  ErrorCode.BodyTooDeep,
  ErrorCode.PayloadTooLarge,
  ErrorCode.UnsupportedMediaType,
];
const PATH_PARAMETERS: readonly ErrorCode[] = [ErrorCode.InvalidId, ErrorCode.NotFound];
const QUERY_PARAMETERS: readonly ErrorCode[] = [
  ErrorCode.ValidationFailed,
  ErrorCode.UnknownField,
  ErrorCode.TextInvalidCharacter,
];

const STATUS_WORDS: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Too many requests',
  503: 'Unavailable',
};

const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.values(ErrorCode), description: 'Machine-readable error code' },
        message: { type: 'string' },
        field: {
          type: 'string',
          example: 'recipients[3].template_params.name',
          description: 'What is wrong',
        },
        reason: {
          type: 'string',
          example: 'PHONE_INVALID_PREFIX',
          description: 'The precise cause within code, where a code has several',
        },
        details: { type: 'object', additionalProperties: true },
        request_id: { type: 'string' },
      },
    },
  },
};

interface Operation {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: Array<{ in?: string } | { $ref: string }>;
  responses: Record<string, { description?: string; content?: unknown; [key: string]: unknown }>;
  [ERROR_CODES_EXTENSION]?: ErrorCode[];
}

/**
 * Makes the document list every error status each operation can answer, with the error body schema and the codes
 * under each status: those of its shape (authenticated, JSON body, path and query parameters) and its own
 * (@ApiErrors). The status of a code comes from ErrorCodeHttpStatus, the one place that decides it.
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY_SCHEMA };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method];
      if (operation) documentOperation(operation);
    }
  }
  return document;
}

function documentOperation(operation: Operation): void {
  const codes = new Set<ErrorCode>(operation[ERROR_CODES_EXTENSION] ?? []);
  delete operation[ERROR_CODES_EXTENSION];
  const parameters = operation.parameters ?? [];
  const located = (where: string) =>
    parameters.some((parameter) => 'in' in parameter && parameter.in === where);
  if ((operation.security ?? []).length > 0) AUTHENTICATED.forEach((code) => codes.add(code));
  if (operation.requestBody) JSON_BODY.forEach((code) => codes.add(code));
  if (located('path')) PATH_PARAMETERS.forEach((code) => codes.add(code));
  if (located('query')) QUERY_PARAMETERS.forEach((code) => codes.add(code));
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ErrorCodeHttpStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const existing = operation.responses[String(status)];
    const listed = statusCodes.map((code) => `\`${code}\``).join(', ');
    const lead = existing?.description ?? STATUS_WORDS[status] ?? 'Error';
    operation.responses[String(status)] = {
      ...existing,
      description: `${lead}. Error codes: ${listed}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      'x-error-codes': statusCodes,
    };
  }
}
