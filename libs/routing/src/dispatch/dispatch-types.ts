import { CarrierCode, MessageKind, RouteTarget } from '../route-types';

/** A claimed message handed to the channel pool. */
export interface DispatchMessage {
  id: string;
  /** The partition key as PostgreSQL prints it. */
  createdAt: string;
  accountId: string;
  /** E.164. */
  phone: string;
  kind: MessageKind;
  carrier: CarrierCode | null;
  province: string | null;
  segments: number;
  content: string;
  /** Submit attempts so far, this one included. */
  attempts: number;
  sourceExtension?: string;
}

export type DispatchOutcome =
  | { kind: 'submitted'; channelId: string; carrierMessageIds: string[] }
  /** Try again after `delayMs`; `attempted` is false when no carrier saw the message (the attempt does not count). */
  | { kind: 'retry'; delayMs: number; errorCode: string; detail: string; attempted: boolean }
  | { kind: 'failed'; errorCode: string; detail: string };

/** How many messages of a kind for a network the healthy channels can take now. */
export interface ClaimRequest {
  kind: MessageKind;
  route: RouteTarget;
  limit: number;
}

/** Verification codes first, bulk marketing last: the lane a kind waits in at every queue of the pool. */
export function priorityOf(kind: MessageKind): number {
  return kind === 'verification' ? 0 : kind === 'notification' ? 1 : 2;
}
