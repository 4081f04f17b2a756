import { Carrier, CarrierInfo, isCarrier } from './carrier';
import { carrierByPrefix, stripMainlandCountryCode } from './carrier-prefix-table';

export type ResolvedCarrier = CarrierInfo & { source: 'override' | 'prefix' };

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Carrier for routing. Since number portability (携号转网) went national, the prefix is only a guess:
 * an operator-maintained override for a ported number always wins.
 */
export class CarrierResolver {
  private readonly overrides = new Map<string, Carrier>();

  constructor(overrides?: Iterable<[string, Carrier]>) {
    for (const [national, carrier] of overrides ?? []) this.setOverride(national, carrier);
  }

  get overrideCount(): number {
    return this.overrides.size;
  }

  setOverride(national: string, carrier: Carrier): void {
    if (!isCarrier(carrier)) throw new RangeError(`unknown carrier ${String(carrier)}`);
    this.overrides.set(canonicalNational(national), carrier);
  }

  removeOverride(national: string): void {
    this.overrides.delete(canonicalNational(national));
  }

  resolve(national: string): ResolvedCarrier {
    const byPrefix = carrierByPrefix(national);
    const override = this.overrides.get(stripMainlandCountryCode(national));
    if (!override) return { ...byPrefix, source: 'prefix' };
    // A ported number keeps its range prefix but now subscribes to the override carrier directly, not via an MVNO.
    return {
      carrier: override,
      mvno: false,
      dataOnly: byPrefix.dataOnly,
      prefix: byPrefix.prefix,
      source: 'override',
    };
  }
}

function canonicalNational(number: string): string {
  const national = stripMainlandCountryCode(number);
  if (!MAINLAND_MOBILE.test(national))
    throw new RangeError('override numbers must be 11-digit mainland mobiles');
  return national;
}
