import { Column, Entity, PrimaryColumn } from 'typeorm';

/*
 * Number intelligence tables (issue 6). Access goes through NumberDataRepository's SQL; these entities describe
 * the schema for TypeORM's metadata.
 */

/** The single row whose revisions every process polls (and is told about over Redis) to notice new data. */
@Entity({ name: 'number_data_state' })
export class NumberDataStateEntity {
  @PrimaryColumn('smallint')
  id!: number;

  @Column('bigint', { name: 'prefix_revision' })
  prefixRevision!: string;

  @Column('bigint', { name: 'override_revision' })
  overrideRevision!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** An operator's prefix file (CSV or phone.dat): the original bytes, its parsed layer and a summary. */
@Entity({ name: 'number_prefix_imports' })
export class NumberPrefixImportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('bigint', { unique: true })
  revision!: string;

  @Column('text')
  format!: 'csv' | 'phone-dat';

  @Column('text')
  mode!: 'extend' | 'replace';

  @Column('text', { nullable: true })
  name!: string | null;

  @Column('bytea')
  file!: Buffer;

  @Column('int', { name: 'file_bytes' })
  fileBytes!: number;

  @Column('text', { name: 'file_sha256' })
  fileSha256!: string;

  @Column('bytea')
  layer!: Buffer;

  @Column('jsonb', { name: 'layer_regions' })
  layerRegions!: unknown;

  @Column('int')
  entries!: number;

  @Column('jsonb')
  summary!: unknown;

  @Column('uuid', { name: 'created_by_key_id', nullable: true })
  createdByKeyId!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt!: Date | null;

  @Column('uuid', { name: 'withdrawn_by_key_id', nullable: true })
  withdrawnByKeyId!: string | null;
}

/** A ported number (携号转网) and the carrier it moved to; a null carrier marks a removal every process must see. */
@Entity({ name: 'number_portability_overrides' })
export class NumberPortabilityOverrideEntity {
  @PrimaryColumn('text')
  phone!: string;

  @Column('text', { nullable: true })
  carrier!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text')
  source!: 'api' | 'import';

  @Column('uuid', { name: 'import_id', nullable: true })
  importId!: string | null;

  @Column('bigint')
  revision!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One bulk import of the override list, with what it changed. */
@Entity({ name: 'number_override_imports' })
export class NumberOverrideImportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  mode!: 'extend' | 'replace';

  @Column('text', { nullable: true })
  name!: string | null;

  @Column('int')
  rows!: number;

  @Column('int')
  added!: number;

  @Column('int')
  changed!: number;

  @Column('int')
  unchanged!: number;

  @Column('int')
  removed!: number;

  @Column('int', { name: 'file_bytes' })
  fileBytes!: number;

  @Column('text', { name: 'file_sha256' })
  fileSha256!: string;

  @Column('uuid', { name: 'created_by_key_id', nullable: true })
  createdByKeyId!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
