import { DomainException, ErrorCode } from '@tongdao/platform';
import { isUuid } from './uuid-v7';

/** Position in a list ordered by (created_at DESC, id DESC). Opaque to clients. */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string, field = 'cursor'): PageCursor {
  const invalid = () =>
    new DomainException(ErrorCode.InvalidCursor, 'Cursor is not one this API returned', field);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) throw invalid();
  const [iso, id, extra] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!iso || !id || extra !== undefined || !isUuid(id)) throw invalid();
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) throw invalid();
  return { createdAt, id };
}
