import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OverrideImportRecord, OverrideRecord, PrefixImportRecord } from '@tongdao/number-data';
import { CARRIERS, NumberInfo, PrefixFileSummary } from '@tongdao/phone';

export class PrefixImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Order of the import among all number-data changes' }) revision!: number;
  @ApiProperty({ enum: ['csv', 'phone-dat'] }) format!: string;
  @ApiProperty({ enum: ['extend', 'replace'] }) mode!: string;
  @ApiProperty({ enum: ['active', 'superseded', 'withdrawn'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() file_bytes!: number;
  @ApiProperty() file_sha256!: string;
  @ApiProperty({ description: 'Prefix entries imported' }) entries!: number;
  @ApiProperty({
    type: Object,
    description:
      'version (phone.dat), provinces, carriers, mvno_entries, entries without carrier/province, warnings',
  })
  summary!: Record<string, unknown>;
  @ApiProperty() created_at!: string;
  @ApiProperty({ nullable: true, type: String }) withdrawn_at!: string | null;

  static of(record: PrefixImportRecord): PrefixImportView {
    return {
      id: record.id,
      revision: record.revision,
      format: record.format,
      mode: record.mode,
      status: record.status,
      name: record.name,
      file_bytes: record.fileBytes,
      file_sha256: record.fileSha256,
      entries: record.entries,
      summary: summaryView(record.summary),
      created_at: record.createdAt.toISOString(),
      withdrawn_at: record.withdrawnAt ? record.withdrawnAt.toISOString() : null,
    };
  }
}

function summaryView(summary: PrefixFileSummary): Record<string, unknown> {
  return {
    version: summary.version,
    provinces: summary.provinces,
    carriers: summary.carriers,
    mvno_entries: summary.mvnoEntries,
    entries_without_carrier: summary.entriesWithoutCarrier,
    entries_without_province: summary.entriesWithoutProvince,
    skipped: summary.skipped,
    warnings: summary.warnings,
  };
}

export class PrefixImportPage {
  @ApiProperty({ type: [PrefixImportView] }) data!: PrefixImportView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class OverrideView {
  @ApiProperty({ example: '+8613800138000' }) phone!: string;
  @ApiProperty({ enum: CARRIERS }) carrier!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ enum: ['api', 'import'] }) source!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) import_id!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;

  static of(record: OverrideRecord): OverrideView {
    return {
      phone: `+86${record.phone}`,
      carrier: record.carrier,
      note: record.note,
      source: record.source,
      import_id: record.importId,
      created_at: record.createdAt.toISOString(),
      updated_at: record.updatedAt.toISOString(),
    };
  }
}

export class OverridePage {
  @ApiProperty({ type: [OverrideView] }) data!: OverrideView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class OverrideImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['extend', 'replace'] }) mode!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ description: 'Rows in the file' }) rows!: number;
  @ApiProperty() added!: number;
  @ApiProperty() changed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Overrides removed because a replace file did not list them' })
  removed!: number;
  @ApiProperty() file_bytes!: number;
  @ApiProperty() file_sha256!: string;
  @ApiProperty() created_at!: string;

  static of(record: OverrideImportRecord): OverrideImportView {
    return {
      id: record.id,
      mode: record.mode,
      name: record.name,
      rows: record.rows,
      added: record.added,
      changed: record.changed,
      unchanged: record.unchanged,
      removed: record.removed,
      file_bytes: record.fileBytes,
      file_sha256: record.fileSha256,
      created_at: record.createdAt.toISOString(),
    };
  }
}

export class NumberLookupView {
  @ApiProperty({ example: '+8613800138000' }) phone!: string;
  @ApiProperty({ description: 'A mainland mobile; other numbers have no carrier or province here' })
  mainland!: boolean;
  @ApiProperty({ description: 'ISO region of the number', example: 'CN' }) region!: string;
  @ApiProperty({ nullable: true, enum: CARRIERS, type: String }) carrier!: string | null;
  @ApiProperty({ description: 'A virtual operator number on the carrier’s network' }) mvno!: boolean;
  @ApiProperty({ description: 'Data-card range (145/147/149)' }) data_only!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '广东' }) province!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '深圳' }) city!: string | null;
  @ApiProperty({
    nullable: true,
    enum: ['override', 'imported', 'builtin'],
    type: String,
    description: 'Where the carrier came from',
  })
  source!: string | null;
  @ApiProperty({ nullable: true, enum: ['imported', 'builtin'], type: String }) region_source!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) import_id!: string | null;

  static of(phone: string, mainland: boolean, region: string, info: NumberInfo): NumberLookupView {
    return {
      phone,
      mainland,
      region,
      carrier: info.carrier,
      mvno: info.mvno,
      data_only: info.dataOnly,
      province: info.province,
      city: info.city,
      source: info.source,
      region_source: info.regionSource,
      import_id: info.importId,
    };
  }
}

export class NumberDataStatusView {
  @ApiProperty({ description: 'Revision of the prefix data this process serves' }) prefix_revision!: number;
  @ApiProperty({ description: 'Revision of the override list this process serves' })
  override_revision!: number;
  @ApiProperty({ description: 'Overrides in force' }) overrides!: number;
  @ApiProperty({
    description: 'Whether the built-in libphonenumber data is in use (false after a replace import)',
  })
  builtin!: boolean;
  @ApiProperty({ description: 'Mobile prefixes of the built-in data in use (0 after a replace import)' })
  builtin_prefixes!: number;
  @ApiProperty({ description: 'Operator imports in force' }) imports_in_force!: number;
  @ApiProperty({ description: '7-digit prefixes (of 700,000) with a known province' })
  prefixes_with_province!: number;
  @ApiProperty({ description: '7-digit prefixes whose carrier an import states' })
  prefixes_with_imported_carrier!: number;
  @ApiProperty({ description: 'Provinces named by the data' }) provinces!: number;
  @ApiProperty({ nullable: true, type: String }) loaded_at!: string | null;
}
