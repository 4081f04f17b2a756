import { decodePosition, OUTBOX_START, OutboxPosition } from '@tongdao/database';
import { DomainException, ErrorCode } from '@tongdao/platform';

export const DEFAULT_STREAM_PAGE = 100;

/** The position after which a pull stream continues: the start when no cursor is given. */
export function streamPosition(cursor: string | undefined): OutboxPosition {
  if (cursor === undefined) return OUTBOX_START;
  const position = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? decodePosition(cursor) : null;
  if (!position)
    throw new DomainException(ErrorCode.InvalidCursor, 'Cursor is not one this API returned', 'cursor');
  return position;
}
