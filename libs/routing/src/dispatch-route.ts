import { CARRIERS } from '@tongdao/phone';
import { CarrierCode } from './route-types';

/**
 * The queue a message waits in until a channel can take it: its mainland carrier, `INTL` for numbers outside the
 * mainland, or `NONE` for a mainland number no carrier is known for. Claims are per route, so messages for a carrier
 * with no healthy channel stay queued without being claimed.
 */
export type DispatchRoute = CarrierCode | 'INTL' | 'NONE';

export const DISPATCH_ROUTES: readonly DispatchRoute[] = [...CARRIERS, 'INTL', 'NONE'];

export function isMainland(phone: string): boolean {
  return phone.startsWith('+86');
}

export function dispatchRouteOf(phone: string, carrier: CarrierCode | null): DispatchRoute {
  if (!isMainland(phone)) return 'INTL';
  return carrier ?? 'NONE';
}
