/** What a reply webhook and the pull API say about one inbound message (Aliyun's reply push, extended). */
export interface ReplyEventView {
  event_id: string;
  type: 'reply';
  reply_id: string;
  account_id: string | null;
  phone_number: string;
  content: string;
  /** When the carrier handed the reply over. */
  send_time: string;
  /** The extension the user replied to (the digits after the channel's sender number), if any. */
  dest_code: string | null;
  destination: string;
  routed_by: 'extension' | 'last_message' | 'unmatched';
  in_reply_to: { message_id: string; client_ref: string | null } | null;
  /** The text was an unsubscribe keyword: the number is on the account's opt-out list. */
  unsubscribe: boolean;
  /** A quick-reply keyword of the account matched. */
  action: { keyword: string; name: string } | null;
  /** false when parts of a long reply never arrived and this is what did. */
  complete: boolean;
}

export interface ReplySource {
  id: string;
  accountId: string | null;
  phone: string;
  content: string;
  receivedAt: Date;
  extension: string | null;
  destination: string;
  routedBy: 'extension' | 'last_message' | 'unmatched';
  messageId: string | null;
  clientRef: string | null;
  unsubscribe: boolean;
  actionKeyword: string | null;
  actionName: string | null;
  complete: boolean;
}

export function replyEventView(eventId: string, source: ReplySource): ReplyEventView {
  return {
    event_id: eventId,
    type: 'reply',
    reply_id: source.id,
    account_id: source.accountId,
    phone_number: source.phone,
    content: source.content,
    send_time: source.receivedAt.toISOString(),
    dest_code: source.extension,
    destination: source.destination,
    routed_by: source.routedBy,
    in_reply_to: source.messageId ? { message_id: source.messageId, client_ref: source.clientRef } : null,
    unsubscribe: source.unsubscribe,
    action:
      source.actionKeyword && source.actionName
        ? { keyword: source.actionKeyword, name: source.actionName }
        : null,
    complete: source.complete,
  };
}
