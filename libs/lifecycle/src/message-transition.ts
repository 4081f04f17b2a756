import { MessageStatus } from './message-status';

/**
 * One status change for one message, as the transition function applies it. Fields left undefined keep their
 * value; `errorCode: null` clears the error.
 */
export interface MessageTransition {
  id: string;
  /** The partition key exactly as PostgreSQL prints it (a JS Date would drop its microseconds). */
  createdAt: string;
  to: MessageStatus;
  channelId?: string;
  carrierMessageIds?: readonly string[];
  errorCode?: string | null;
  errorMessage?: string | null;
  attempts?: number;
  /** Stored with the event: why, which channel, which stats. */
  detail?: Record<string, unknown> | null;
}
