import type { MessageKind } from '@tongdao/lifecycle';
import type { Carrier } from '@tongdao/phone';
import { isMainland } from './dispatch-route';

export type { MessageKind };
export { MESSAGE_KINDS } from '@tongdao/lifecycle';

/** The one carrier type (libs/phone), under the name routing code uses. */
export type CarrierCode = Carrier;
export const CARRIER_CODES: readonly CarrierCode[] = ['CMCC', 'CUCC', 'CTCC', 'CBN'];

/** Where a message goes: a mainland carrier's network, or abroad through an international channel. */
export type RouteTarget = CarrierCode | 'INTL';
export const ROUTE_TARGETS: readonly RouteTarget[] = [...CARRIER_CODES, 'INTL'];

/** What routing needs to know about a message. */
export interface RoutableMessage {
  accountId: string;
  /** E.164. */
  phone: string;
  kind: MessageKind;
  /** Null for numbers outside mainland China. */
  carrier: CarrierCode | null;
  /** Short province name (see normalizeProvince); null when unknown. */
  province: string | null;
}

/** The carrier network a message goes to; null for a mainland number whose carrier is unknown (no route). */
export function routeTargetOf(message: Pick<RoutableMessage, 'carrier' | 'phone'>): RouteTarget | null {
  if (message.carrier) return message.carrier;
  return isMainland(message.phone) ? null : 'INTL';
}
