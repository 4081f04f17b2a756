import { DomainException, ErrorCode } from '@tongdao/platform';

/** Opaque cursor over link ids (newest first). */
export function encodeLinkCursor(lastId: string): string {
  return Buffer.from(`l:${lastId}`, 'utf8').toString('base64url');
}

export function decodeLinkCursor(value: string): string {
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const match = /^l:(\d{1,19})$/.exec(decoded);
  if (!match)
    throw new DomainException(ErrorCode.InvalidCursor, 'Cursor is not one this API returned', 'cursor');
  return match[1]!;
}

/** Link ids are positive bigints; anything else is a 400 naming the parameter. */
export function linkIdOrThrow(value: string): string {
  if (!/^[1-9]\d{0,18}$/.test(value))
    throw new DomainException(ErrorCode.InvalidId, 'id must be a link id (a positive integer)', 'id');
  return value;
}
