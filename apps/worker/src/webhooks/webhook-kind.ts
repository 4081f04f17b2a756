/** Status changes of messages, or inbound replies: separate endpoints, separate batches. */
export type WebhookKind = 'report' | 'reply';
