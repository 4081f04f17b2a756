import { maskPhonesDeep } from '@tongdao/observability';

const SECRET_FIELD = /pass(word)?|secret|token|credential|private|authorization|^key$|api_?key|sealed/i;
const MAX_DEPTH = 8;

/**
 * The request body as the audit trail keeps it: secret-looking fields replaced, phone numbers masked, and a
 * body above `maxBytes` summarised by its top-level fields (a 10,000-word list has no place in every entry). A
 * raw upload (a prefix file, a CSV of numbers) is never kept, only its size. `rawBytes` (the body's size on the
 * wire, when known) lets a large body be summarised without walking it.
 */
export function auditRequestBody(body: unknown, maxBytes: number, rawBytes?: number): unknown {
  if (body === undefined || body === null) return null;
  if (Buffer.isBuffer(body) || ArrayBuffer.isView(body))
    return { omitted: 'raw body', bytes: (body as ArrayBufferView).byteLength };
  if (typeof body === 'string') return { omitted: 'raw body', bytes: Buffer.byteLength(body, 'utf8') };
  if (typeof body !== 'object') return maskPhonesDeep(body);
  if (rawBytes !== undefined && rawBytes > maxBytes) return summary(body, rawBytes);
  const redacted = maskPhonesDeep(redact(body, 0));
  const bytes = Buffer.byteLength(JSON.stringify(redacted), 'utf8');
  return bytes <= maxBytes ? redacted : summary(body, bytes);
}

function summary(body: object, bytes: number): unknown {
  return {
    omitted: 'too large',
    bytes,
    fields: Array.isArray(body) ? [`[${body.length} items]`] : Object.keys(body).slice(0, 50),
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
