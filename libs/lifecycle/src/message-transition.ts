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
  /**
   * When it happened, if not now: a submit is stamped with the moment the carrier acknowledged it, not with the
   * moment the group commit that records it ran (ms since the epoch, the observing process's clock).
   */
  occurredAt?: number;
}
