import { ErrorCode, findInvalidText } from '@tongdao/platform';
import { RecipientRejection, rejection } from './recipient-rejection';

/** One recipient as the client sent it, after the shape check. */
export interface RecipientInput {
  phone: string;
  templateParams: Readonly<Record<string, string>>;
  clientRef: string | null;
}

const ALLOWED_FIELDS = new Set(['phone', 'template_params', 'client_ref']);
export const MAX_CLIENT_REF_LENGTH = 64;
export const MAX_PARAM_VALUE_LENGTH = 200;
const MAX_PARAMS = 32;

/**
 * Hand-written shape check for batch recipients. class-validator on 10,000 nested objects costs more than the
 * whole database insert, so recipients are checked here with the same error vocabulary (code + field).
 */
export function parseRecipient(
  raw: unknown,
): { ok: true; recipient: RecipientInput } | { ok: false; rejection: RecipientRejection } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(rejection(ErrorCode.ValidationFailed, 'each recipient must be an object', ''));
  }
  // The same check the API applies to every other body (its middleware leaves recipients to this one).
  const invalidText = findInvalidText(raw);
  if (invalidText)
    return fail(rejection(ErrorCode.TextInvalidCharacter, invalidText.message, invalidText.field));
  const record = raw as Record<string, unknown>;
  for (const key in record) {
    if (!ALLOWED_FIELDS.has(key))
      return fail(rejection(ErrorCode.UnknownField, `Unknown field '${key}'`, key));
    if (record[key] === null)
      return fail(rejection(ErrorCode.ValidationFailed, `${key} must not be null; leave it out`, key));
  }
  // Single and batch sends agree: a phone number is a string (a number would lose a leading 0 or +).
  if (typeof record.phone !== 'string')
    return fail(
      rejection(
        ErrorCode.ValidationFailed,
        record.phone === undefined ? 'phone is required' : 'phone must be a string',
        'phone',
      ),
    );
  const clientRef = parseClientRef(record.client_ref);
  if (typeof clientRef !== 'string' && clientRef !== null) return fail(clientRef);
  const params = parseTemplateParams(record.template_params);
  if (!params.ok) return params;
  return { ok: true, recipient: { phone: record.phone, templateParams: params.params, clientRef } };
}

function parseClientRef(value: unknown): string | null | RecipientRejection {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length < 1 || value.length > MAX_CLIENT_REF_LENGTH) {
    return rejection(
      ErrorCode.ValidationFailed,
      `client_ref must be a string of 1-${MAX_CLIENT_REF_LENGTH} characters`,
      'client_ref',
    );
  }
  return value;
}

/** Parameters become strings; numbers are accepted because clients naturally send codes as numbers. */
export function parseTemplateParams(
  value: unknown,
): { ok: true; params: Record<string, string> } | { ok: false; rejection: RecipientRejection } {
  if (value === undefined || value === null) return { ok: true, params: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      rejection(
        ErrorCode.ValidationFailed,
        'template_params must be an object of strings',
        'template_params',
      ),
    );
  }
  const params: Record<string, string> = {};
  let count = 0;
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (++count > MAX_PARAMS)
      return fail(
        rejection(ErrorCode.ValidationFailed, `at most ${MAX_PARAMS} template_params`, 'template_params'),
      );
    const field = `template_params.${name}`;
    if (typeof raw === 'number' && Number.isFinite(raw)) params[name] = String(raw);
    else if (typeof raw === 'string') params[name] = raw;
    else
      return fail(
        rejection(ErrorCode.TemplateVariableInvalid, `${name} must be a string or a number`, field),
      );
    if (params[name]!.length > MAX_PARAM_VALUE_LENGTH) {
      return fail(
        rejection(
          ErrorCode.TemplateVariableInvalid,
          `${name} is longer than ${MAX_PARAM_VALUE_LENGTH} characters`,
          field,
        ),
      );
    }
  }
  return { ok: true, params };
}

function fail(reason: RecipientRejection): { ok: false; rejection: RecipientRejection } {
  return { ok: false, rejection: reason };
}
