import { stripMainlandCountryCode } from '../carrier-prefix-table';
import { NumberInfo, UNKNOWN_NUMBER } from './number-info';
import { PortabilityOverrides } from './portability-overrides';
import { PrefixTable } from './prefix-table';

/**
 * Carrier, province and city of a mainland mobile number, for acceptance (the API) and routing (dispatchers).
 * Since number portability (携号转网) went national, the prefix only guesses the carrier: an operator's override
 * for a ported number wins. A ported number keeps its home province: porting is only allowed within one.
 *
 * Both parts are swapped as whole references when newer data arrives, so a lookup never sees half an update.
 */
export class NumberResolver {
  constructor(
    private table: PrefixTable = PrefixTable.allocationOnly(),
    private portability: PortabilityOverrides = new PortabilityOverrides(),
  ) {}

  get prefixTable(): PrefixTable {
    return this.table;
  }

  get overrides(): PortabilityOverrides {
    return this.portability;
  }

  useTable(table: PrefixTable): void {
    this.table = table;
  }

  useOverrides(overrides: PortabilityOverrides): void {
    this.portability = overrides;
  }

  /** For an 11-digit national number (13800138000); anything else is unknown. Allocates nothing. */
  resolve(national: string): NumberInfo {
    const table = this.table;
    const index = table.recordIndex(national);
    if (index < 0) return UNKNOWN_NUMBER;
    const override = this.portability.carrierCode(national);
    return override === 0 ? table.record(index) : table.recordWithCarrier(index, override);
  }

  /** Like resolve, also for +86 / 86-prefixed numbers. */
  resolveNumber(number: string): NumberInfo {
    return this.resolve(stripMainlandCountryCode(number));
  }
}
