import { MessageKind, MessageStatus } from '@tongdao/lifecycle';

/**
 * Where an event sits in the outbox. `tx` is an xid8 and `id` a bigint, both as decimal strings; positions compare
 * as the pair (tx, id).
 */
export interface OutboxPosition {
  tx: string;
  id: string;
}

export const OUTBOX_START: OutboxPosition = { tx: '0', id: '0' };

/** One message status change as downstream work sees it: the event plus the message's stable fields. */
export interface OutboxEvent {
  position: OutboxPosition;
  messageId: string;
  /** Exact text form of the message's partition key. */
  messageCreatedAt: string;
  accountId: string;
  batchId: string | null;
  status: MessageStatus;
  occurredAt: Date;
  detail: Record<string, unknown> | null;
  kind: MessageKind;
  phone: string;
  clientRef: string | null;
  segments: number;
  carrier: string | null;
  province: string | null;
  channelId: string | null;
  callbackUrl: string | null;
  submittedAt: Date | null;
  doneAt: Date | null;
}

export function comparePositions(a: OutboxPosition, b: OutboxPosition): number {
  const tx = BigInt(a.tx) - BigInt(b.tx);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const id = BigInt(a.id) - BigInt(b.id);
  return id === 0n ? 0 : id < 0n ? -1 : 1;
}

/** Opaque cursor text for APIs: base64url of `tx.id`. */
export function encodePosition(position: OutboxPosition): string {
  return Buffer.from(`${position.tx}.${position.id}`, 'utf8').toString('base64url');
}

export function decodePosition(cursor: string): OutboxPosition | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,20})\.(\d{1,19})$/.exec(text);
  return match ? { tx: match[1]!, id: match[2]! } : null;
}
