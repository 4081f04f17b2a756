import { OutboxPosition } from '../messages/outbox-event';

export type ReplyRoutedBy = 'extension' | 'last_message' | 'unmatched';

/** One stored inbound message (MO) with its routing, as the replies stream hands it on. */
export interface ReplyRecord {
  position: OutboxPosition;
  id: string;
  receivedAt: Date;
  channelId: string;
  phone: string;
  destination: string;
  extension: string | null;
  content: string;
  complete: boolean;
  accountId: string | null;
  routedBy: ReplyRoutedBy;
  messageId: string | null;
  clientRef: string | null;
  unsubscribe: boolean;
  actionKeyword: string | null;
  actionName: string | null;
}
