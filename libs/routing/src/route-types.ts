import type { MessageKind } from '@tongdao/lifecycle';
import type { Carrier } from '@tongdao/phone';

export type { MessageKind };
/** The one carrier type (libs/phone), under the name routing code uses. */
export type CarrierCode = Carrier;

/** What routing needs to know about a channel, independent of how it is connected. */
export interface RoutableChannel {
  id: string;
  /** Mainland carriers this channel reaches. */
  carriers: readonly CarrierCode[];
  /** Non-mainland numbers (an international aggregator). */
  international: boolean;
  kinds: readonly MessageKind[];
  /** Lower is preferred; redundant channels share carriers with a higher value. */
  priority: number;
  ready: boolean;
  inFlight: number;
  capacity: number;
}

export interface RoutableMessage {
  phone: string;
  carrier: CarrierCode | null;
  kind: MessageKind;
}
