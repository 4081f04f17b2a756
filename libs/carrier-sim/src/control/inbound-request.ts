import { InboundMessage } from '../gateways/inbound-message';
import { HttpError } from './http-error';

const NUMBER_PATTERN = /^\+?\d{1,21}$/;
const MAX_TEXT_LENGTH = 2000;

function requiredNumber(body: Record<string, unknown>, field: 'from' | 'to'): string {
  const value = body[field];
  if (typeof value !== 'string' || !NUMBER_PATTERN.test(value)) {
    throw new HttpError(
      400,
      'invalid_field',
      `${field} must be a phone or SP number of 1 to 21 digits`,
      field,
    );
  }
  return value;
}

/** Validates POST /gateways/:name/inbound bodies. */
export function parseInboundRequest(
  body: unknown,
  knownAccount: (account: string) => boolean,
): InboundMessage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', 'body must be a JSON object {from, to, text}', 'body');
  }
  const record = body as Record<string, unknown>;
  const text = record.text;
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT_LENGTH) {
    throw new HttpError(
      400,
      'invalid_field',
      `text must be a string of 1 to ${MAX_TEXT_LENGTH} characters`,
      'text',
    );
  }
  const message: InboundMessage = {
    from: requiredNumber(record, 'from'),
    to: requiredNumber(record, 'to'),
    text,
  };
  if (record.account !== undefined) {
    if (typeof record.account !== 'string' || !knownAccount(record.account)) {
      throw new HttpError(400, 'invalid_field', 'account is not configured on this gateway', 'account');
    }
    message.account = record.account;
  }
  return message;
}
