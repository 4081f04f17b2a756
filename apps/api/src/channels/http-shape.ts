import { z } from 'zod';
import { ChannelValidationError } from '@tongdao/routing';
import { DomainException, ErrorCode } from '@tongdao/platform';

/**
 * The HTTP API spells fields in snake_case, the channel and route types in camelCase; one generic conversion
 * keeps a single shape (and a single validation) behind both spellings.
 */
export function camelKeys(value: unknown): unknown {
  return mapKeys(value, (key) => key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()));
}

export function snakeKeys(value: unknown): unknown {
  return mapKeys(value, snakeCase);
}

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `sgip.receiver.passwordSealed` → `sgip.receiver.password_sealed`; array indexes as `[3]`. */
export function snakePath(path: string): string {
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : `${index > 0 ? '.' : ''}${snakeCase(part)}`))
    .join('');
}

export function validationFailure(error: ChannelValidationError): DomainException {
  const issues = error.issues.map((issue) => ({
    field: snakePath(issue.path) || 'body',
    message: issue.message,
  }));
  const first = issues[0] ?? { field: 'body', message: 'Invalid request' };
  return new DomainException(
    ErrorCode.ValidationFailed,
    `${first.field}: ${first.message}`,
    first.field,
    issues.length > 1 ? { problems: issues } : undefined,
  );
}

/** An OpenAPI schema of a zod schema, properties in snake_case like the wire. */
export function openApiSchema(schema: z.ZodType, omit: readonly string[] = []): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete json.$schema;
  const properties = json.properties as Record<string, unknown> | undefined;
  if (properties) for (const key of omit) delete properties[key];
  if (Array.isArray(json.required))
    json.required = json.required.filter((key: string) => !omit.includes(key));
  return snakeSchema(json) as Record<string, unknown>;
}

function snakeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(snakeSchema);
  if (typeof node !== 'object' || node === null) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      result[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [snakeCase(name), snakeSchema(schema)]),
      );
    } else if (key === 'required' && Array.isArray(value)) {
      result[key] = value.map((name: string) => snakeCase(name));
    } else {
      result[key] = snakeSchema(value);
    }
  }
  return result;
}

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [rename(key), mapKeys(item, rename)]));
}
