/**
 * Phone numbers are personal data: anything written to a log goes through these.
 * Matches mainland mobiles (optionally +86/0086/86-prefixed) and E.164 numbers inside free text.
 */
const PHONE_PATTERN =
  /(?<![\d])(\+|00)?(86)?(1[3-9]\d)(\d{4})(\d{4})(?![\d])|(?<![\d])\+(\d{1,4})(\d{3,6})(\d{4})(?![\d])/g;

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_PATTERN, (match, intl, cc, head, _middle, tail, e164Cc, e164Body, e164Tail) => {
    if (head) return `${intl ?? ''}${cc ?? ''}${head}****${tail}`;
    if (e164Cc) return `+${e164Cc}${'*'.repeat(String(e164Body).length)}${e164Tail}`;
    return match;
  });
}

const MAX_DEPTH = 6;

export function maskPhonesDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskPhonesInText(value) as T;
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Buffer.isBuffer(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => maskPhonesDeep(item, depth + 1)) as T;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    masked[key] = maskPhonesDeep(item, depth + 1);
  return masked as T;
}
