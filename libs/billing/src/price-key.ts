/** Message kinds, as everywhere in Tongdao. */
export type BillingKind = 'verification' | 'notification' | 'marketing';
export const BILLING_KINDS: readonly BillingKind[] = ['verification', 'notification', 'marketing'];

/** The four mainland carriers, plus INTL for every number without a mainland carrier. */
export type PriceCarrier = 'CMCC' | 'CUCC' | 'CTCC' | 'CBN' | 'INTL';
export const PRICE_CARRIERS: readonly PriceCarrier[] = ['CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL'];

export function isPriceCarrier(value: unknown): value is PriceCarrier {
  return typeof value === 'string' && (PRICE_CARRIERS as readonly string[]).includes(value);
}

/** The carrier a message is priced under: its mainland carrier, or INTL. */
export function priceCarrierOf(carrier: string | null | undefined): PriceCarrier {
  return isPriceCarrier(carrier) && carrier !== 'INTL' ? carrier : 'INTL';
}

/** What a unit price depends on for one message of a batch (the kind is the same for the whole batch). */
export interface PriceKey {
  carrier: PriceCarrier;
  /** Null when the number's province is unknown; such messages use the carrier-wide price. */
  province: string | null;
}

/** `CMCC|广东` or `CMCC|`: the key of a price in a batch's price sheet. */
export function priceKeyString(key: PriceKey): string {
  return `${key.carrier}|${key.province ?? ''}`;
}

export function priceKeyOf(
  carrier: string | null | undefined,
  province: string | null | undefined,
): PriceKey {
  return { carrier: priceCarrierOf(carrier), province: province ? province : null };
}
