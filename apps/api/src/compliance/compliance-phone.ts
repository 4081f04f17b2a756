import { DomainException, ErrorCode } from '@tongdao/platform';
import { normalizePhone } from '@tongdao/phone';

/** A phone number from the API in any accepted spelling, as stored (E.164); 400 naming the field otherwise. */
export function e164Of(input: unknown, field = 'phone'): string {
  const parsed = normalizePhone(input);
  if (!parsed.ok)
    throw new DomainException(ErrorCode.InvalidPhone, `${parsed.reason} (${parsed.code})`, field);
  return parsed.phone.e164;
}

/** Lists page in phone order; the cursor is the last phone of the page, opaque to clients. */
export function encodePhoneCursor(phone: string): string {
  return Buffer.from(`p:${phone}`, 'utf8').toString('base64url');
}

export function decodePhoneCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('p:') || text.length > 40)
    throw new DomainException(ErrorCode.InvalidCursor, 'cursor is not one this API returned', 'cursor');
  return text.slice(2);
}

/** The next cursor when the page came back full. */
export function nextPhoneCursor(rows: ReadonlyArray<{ phone: string }>, limit: number): string | null {
  return rows.length === limit && rows.length > 0 ? encodePhoneCursor(rows[rows.length - 1]!.phone) : null;
}

/** The page a phone-ordered list query asks for: after its cursor, optionally one number, `limit` rows (100). */
export function phonePageOf(query: { cursor?: string; phone?: string; limit?: number }): {
  afterPhone: string | undefined;
  phone: string | undefined;
  limit: number;
} {
  return {
    afterPhone: decodePhoneCursor(query.cursor),
    phone: query.phone === undefined ? undefined : e164Of(query.phone),
    limit: query.limit ?? 100,
  };
}
