import { DispatchRoute } from './dispatch-route';
import { CarrierCode, MessageKind } from './route-types';

/** A claimed message as the channel pool needs it to route and submit. */
export interface DispatchMessage {
  id: string;
  /** Exact text form of the partition key. */
  createdAt: string;
  accountId: string;
  /** E.164. */
  phone: string;
  kind: MessageKind;
  carrier: CarrierCode | null;
  province: string | null;
  segments: number;
  content: string;
  /** Attempts including this one. */
  attempts: number;
  /** Appended to the channel's sender number, so replies can be routed back to the account. */
  sourceExtension?: string;
}

/** What became of one dispatch, for the claim loop to record. */
export type DispatchOutcome =
  | { kind: 'submitted'; channelId: string; carrierMessageIds: string[] }
  /** Back to the queue after `delayMs`; `attempted: false` when no channel was tried (the attempt is handed back). */
  | {
      kind: 'retry';
      delayMs: number;
      errorCode: string;
      detail: string;
      attempted: boolean;
      channelId?: string;
    }
  | { kind: 'failed'; errorCode: string; detail: string; channelId?: string };

/** How many messages of one kind and route the healthy channels can take now. */
export interface ClaimRequest {
  kind: MessageKind;
  route: DispatchRoute;
  limit: number;
}

/** The lane a kind waits in at every queue of the pool: verification codes first, bulk marketing last. */
export { laneOf as priorityOf } from '@tongdao/lifecycle';
