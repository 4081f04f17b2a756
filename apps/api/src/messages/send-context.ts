import { MessageKind, MessageStatus } from '@tongdao/database/entities';
import { AccountScope } from '../common/account-scope';
import type { RecipientLinkPlan } from '../attribution/recipient-link-plan';
import { MessageBody } from './message-composer';

/** Everything about a send request that holds for all its recipients, checked once. */
export interface SendContext {
  sender: AccountScope;
  signature: string;
  templateId: string | null;
  body: MessageBody;
  kind: MessageKind;
  status: MessageStatus;
  sendAt: Date;
  queuedAt: Date | null;
  callbackUrl: string | null;
  /** The sender's reply extension, appended to the channel's sender number (issue 7). */
  sourceExtension: string | null;
  /** Issue 8b: per-recipient short links for `${link}`, when the send asked for them. */
  links?: RecipientLinkPlan;
}
