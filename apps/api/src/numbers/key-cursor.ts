import { DomainException, ErrorCode } from '@tongdao/platform';

/** An opaque cursor over a list ordered by one digit-string key (a phone number or a revision). */
export function encodeKeyCursor(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url');
}

export function decodeKeyCursor(value: string | undefined, field = 'cursor'): string | undefined {
  if (value === undefined) return undefined;
  const key = /^[A-Za-z0-9_-]{1,40}$/.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : '';
  if (!/^\d{1,20}$/.test(key)) {
    throw new DomainException(ErrorCode.InvalidCursor, 'Cursor is not one this API returned', field);
  }
  return key;
}
