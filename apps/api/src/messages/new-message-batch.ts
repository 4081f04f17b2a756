import { MessageKind, MessageStatus } from '@tongdao/database/entities';
import type { RecipientLinkPlan } from '../attribution/recipient-link-plan';
import { ComposedMessage } from './message-composer';

/** Accepted messages of one request, ready to insert. Request-wide values are stored once, not per row. */
export interface NewMessageBatch {
  accountId: string;
  batchId: string | null;
  createdAt: Date;
  signature: string;
  templateId: string | null;
  kind: MessageKind;
  status: MessageStatus;
  sendAt: Date;
  queuedAt: Date | null;
  callbackUrl: string | null;
  sourceExtension: string | null;
  ids: string[];
  messages: ComposedMessage[];
  /** Issue 8b: per-recipient short links to mint with the messages. */
  links?: RecipientLinkPlan;
  /** Issue 9a: per message, the compliance hold it is stored HELD under (absent or null: `status`). */
  held?: readonly (MessageHold | null)[];
}

/** Why a message is kept back, and until when (null: until someone reviews it). */
export interface MessageHold {
  reason: 'quiet_hours' | 'review';
  releaseAt: Date | null;
  detail: string;
}
