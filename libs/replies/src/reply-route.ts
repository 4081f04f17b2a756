export type RoutedBy = 'extension' | 'last_message' | 'unmatched';

export interface ExtensionOwner {
  accountId: string;
  extension: string;
}

export interface LastMessage {
  accountId: string;
  messageId: string;
  messageCreatedAt: string;
  clientRef: string | null;
}

export interface ReplyRoute {
  routedBy: RoutedBy;
  accountId: string | null;
  extension: string | null;
  /** The message this reply most likely answers: the last one sent to the number over that channel by the account. */
  inReplyTo: LastMessage | null;
}

/** Where a reply belongs, from what the lookups found: the extension wins, then the last message, else nobody. */
export function decideReplyRoute(owner: ExtensionOwner | null, lastMessage: LastMessage | null): ReplyRoute {
  if (owner) {
    return {
      routedBy: 'extension',
      accountId: owner.accountId,
      extension: owner.extension,
      inReplyTo: lastMessage && lastMessage.accountId === owner.accountId ? lastMessage : null,
    };
  }
  if (lastMessage)
    return {
      routedBy: 'last_message',
      accountId: lastMessage.accountId,
      extension: null,
      inReplyTo: lastMessage,
    };
  return { routedBy: 'unmatched', accountId: null, extension: null, inReplyTo: null };
}
