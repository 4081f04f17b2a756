import { Injectable } from '@nestjs/common';
import { NumberDirectory } from '@tongdao/number-data';
import { normalizePhone, UNKNOWN_NUMBER } from '@tongdao/phone';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { NumberDataStatusView, NumberLookupView } from './number-views';

/** What this process knows about a number, and which data revision it serves. */
@Injectable()
export class NumberLookupService {
  constructor(private readonly directory: NumberDirectory) {}

  lookup(text: string): NumberLookupView {
    const parsed = normalizePhone(text);
    if (!parsed.ok)
      throw new DomainException(
        ErrorCode.InvalidPhone,
        `${parsed.reason} (${parsed.code})`,
        'phone',
        undefined,
        parsed.code,
      );
    const { e164, mainland, region, national } = parsed.phone;
    const info = mainland ? this.directory.resolve(national) : UNKNOWN_NUMBER;
    return NumberLookupView.of(e164, mainland, region, info);
  }

  status(): NumberDataStatusView {
    const status = this.directory.status();
    return {
      prefix_revision: status.prefixRevision,
      override_revision: status.overrideRevision,
      overrides: status.overrides,
      builtin: status.table.builtin,
      builtin_prefixes: status.builtinPrefixes,
      imports_in_force: status.table.layers - (status.table.builtin ? 1 : 0),
      prefixes_with_province: status.table.prefixesWithRegion,
      prefixes_with_imported_carrier: status.table.prefixesWithImportedCarrier,
      provinces: status.table.provinces,
      loaded_at: status.loadedAt ? status.loadedAt.toISOString() : null,
    };
  }
}
