import { Carrier } from '../carrier';
import { PrefixLayer } from '../number-data/prefix-layer';

export type PrefixFileFormat = 'csv' | 'phone-dat';

/** What an import contains, stored with it and shown in the import history. */
export interface PrefixFileSummary {
  format: PrefixFileFormat;
  /** phone.dat's 4-character header version (e.g. "2312"); null for CSV. */
  version: string | null;
  entries: number;
  /** Distinct canonical provinces named. */
  provinces: string[];
  /** Entries stating each carrier (virtual operators counted under their host network). */
  carriers: Partial<Record<Carrier, number>>;
  mvnoEntries: number;
  entriesWithoutCarrier: number;
  entriesWithoutProvince: number;
  /** Entries the file holds but that carried nothing usable (e.g. phone.dat card type 0 with no province). */
  skipped: number;
  warnings: string[];
}

export interface ParsedPrefixFile {
  layer: PrefixLayer;
  summary: PrefixFileSummary;
}

/** Running totals while a parser fills a layer. */
export class SummaryCounter {
  readonly carriers: Partial<Record<Carrier, number>> = {};
  mvno = 0;
  withoutCarrier = 0;
  withoutProvince = 0;
  skipped = 0;
  readonly warnings: string[] = [];

  count(carrier: Carrier | null, mvno: boolean, province: string | null): void {
    if (carrier) this.carriers[carrier] = (this.carriers[carrier] ?? 0) + 1;
    else this.withoutCarrier++;
    if (mvno) this.mvno++;
    if (!province) this.withoutProvince++;
  }

  summary(format: PrefixFileFormat, layer: PrefixLayer, version: string | null): PrefixFileSummary {
    return {
      format,
      version,
      entries: layer.count,
      provinces: layer.provinces(),
      carriers: this.carriers,
      mvnoEntries: this.mvno,
      entriesWithoutCarrier: this.withoutCarrier,
      entriesWithoutProvince: this.withoutProvince,
      skipped: this.skipped,
      warnings: this.warnings,
    };
  }
}
