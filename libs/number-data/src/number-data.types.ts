import { Carrier, LayerRegion, PrefixFileFormat, PrefixFileSummary } from '@tongdao/phone';

export type ImportMode = 'extend' | 'replace';
export const IMPORT_MODES: readonly ImportMode[] = ['extend', 'replace'];

/** Revisions of the two kinds of number data; every change raises one of them. */
export interface NumberDataRevisions {
  prefixRevision: number;
  overrideRevision: number;
}

/** An import as the resolver loads it: its parsed layer, not its file. */
export interface StoredPrefixLayer {
  id: string;
  mode: ImportMode;
  layer: Buffer;
  regions: LayerRegion[];
}

export type PrefixImportStatus = 'active' | 'superseded' | 'withdrawn';

export interface PrefixImportRecord {
  id: string;
  revision: number;
  format: PrefixFileFormat;
  mode: ImportMode;
  name: string | null;
  fileBytes: number;
  fileSha256: string;
  entries: number;
  summary: PrefixFileSummary;
  createdByKeyId: string | null;
  createdAt: Date;
  withdrawnAt: Date | null;
  /** active: in use; superseded: a later "replace" import took over; withdrawn: removed by an operator. */
  status: PrefixImportStatus;
}

export interface NewPrefixImport {
  id: string;
  format: PrefixFileFormat;
  mode: ImportMode;
  name: string | null;
  file: Buffer;
  fileSha256: string;
  layer: Buffer;
  regions: LayerRegion[];
  entries: number;
  summary: PrefixFileSummary;
  createdByKeyId: string | null;
}

export interface OverrideRecord {
  /** 11-digit national number. */
  phone: string;
  carrier: Carrier;
  note: string | null;
  source: 'api' | 'import';
  importId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One row of the change feed: a set or (carrier null) a removal. */
export interface OverrideChange {
  phone: string;
  carrier: Carrier | null;
  revision: number;
}

export interface OverrideImportRecord {
  id: string;
  mode: ImportMode;
  name: string | null;
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  fileBytes: number;
  fileSha256: string;
  createdByKeyId: string | null;
  createdAt: Date;
}

export interface NewOverrideImport {
  id: string;
  mode: ImportMode;
  name: string | null;
  fileBytes: number;
  fileSha256: string;
  createdByKeyId: string | null;
}
