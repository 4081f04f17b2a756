import { maskPhonesDeep } from '@tongdao/observability';

const SECRET_FIELD = /pass(word)?|secret|token|credential|private|authorization|^key$|api_?key|sealed/i;
const MAX_DEPTH = 8;

/**
 * The request body as the audit trail keeps it: secret-looking fields replaced, phone numbers masked, and a
 * body above `maxBytes` summarised by its top-level fields (a 10,000-word list has no place in every entry).
 */
export function auditRequestBody(body: unknown, maxBytes: number): unknown {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'object') return maskPhonesDeep(body);
  const redacted = maskPhonesDeep(redact(body, 0));
  const text = JSON.stringify(redacted);
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return redacted;
  return {
    omitted: 'too large',
    bytes: Buffer.byteLength(text, 'utf8'),
    fields: Array.isArray(body) ? [`[${body.length} items]`] : Object.keys(body as object).slice(0, 50),
  };
}

function redact(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value as Record<string, unknown>))
    out[field] = SECRET_FIELD.test(field) ? '[redacted]' : redact(item, depth + 1);
  return out;
}
