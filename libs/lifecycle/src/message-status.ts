/**
 * Life cycle of one message (one recipient). A message is created SCHEDULED, HELD or QUEUED; DELIVERED through
 * FAILED are final.
 */
export enum MessageStatus {
  /** `send_at` is in the future. */
  Scheduled = 'SCHEDULED',
  /** Kept back by a rule: until a time (quiet hours) or until someone reviews it. */
  Held = 'HELD',
  /** Waiting for a channel. */
  Queued = 'QUEUED',
  /** The carrier acknowledged the submit of every segment. */
  Submitted = 'SUBMITTED',
  Delivered = 'DELIVERED',
  Undelivered = 'UNDELIVERED',
  Expired = 'EXPIRED',
  Rejected = 'REJECTED',
  /** Never reached a carrier, or a carrier refused the submit. */
  Failed = 'FAILED',
}

export const MESSAGE_STATUSES: readonly MessageStatus[] = Object.values(MessageStatus);

export const FINAL_MESSAGE_STATUSES: readonly MessageStatus[] = [
  MessageStatus.Delivered,
  MessageStatus.Undelivered,
  MessageStatus.Expired,
  MessageStatus.Rejected,
  MessageStatus.Failed,
];

export function isFinal(status: MessageStatus): boolean {
  return FINAL_MESSAGE_STATUSES.includes(status);
}

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}
