/** Life cycle of one message (one recipient). DELIVERED..FAILED are final. */
export enum MessageStatus {
  Scheduled = 'SCHEDULED',
  Queued = 'QUEUED',
  Submitting = 'SUBMITTING',
  Submitted = 'SUBMITTED',
  Delivered = 'DELIVERED',
  Undelivered = 'UNDELIVERED',
  Expired = 'EXPIRED',
  Rejected = 'REJECTED',
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
