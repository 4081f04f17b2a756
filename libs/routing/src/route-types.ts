import type { Carrier } from '@tongdao/phone';

export type MessageKind = 'verification' | 'notification' | 'marketing';
export const MESSAGE_KINDS: readonly MessageKind[] = ['verification', 'notification', 'marketing'];

/** The one carrier type (China Mobile, Unicom, Telecom, Broadnet), from @tongdao/phone. */
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

export function isMainland(phone: string): boolean {
  return phone.startsWith('+86');
}

/** The carrier network a message goes to; null for a mainland number whose carrier is unknown (no route). */
export function routeTargetOf(message: Pick<RoutableMessage, 'carrier' | 'phone'>): RouteTarget | null {
  if (message.carrier) return message.carrier;
  return isMainland(message.phone) ? null : 'INTL';
}
