import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { Carrier, OverrideColumns } from '@tongdao/phone';
import {
  NewOverrideImport,
  NewPrefixImport,
  NumberDataRevisions,
  OverrideChange,
  OverrideImportRecord,
  OverrideRecord,
  PrefixImportRecord,
  StoredPrefixLayer,
} from './number-data.types';
import { SerialQueue } from './serial-queue';

/** Writers hold this transaction-level lock while drawing revisions, so revisions become visible in order. */
const NUMBER_DATA_LOCK = 6_417_330_219;
/** Rows per bulk statement of an override import. */
const OVERRIDE_CHUNK = 10_000;

const IMPORT_COLUMNS = `id, revision, format, mode, name, file_bytes, file_sha256, entries, summary, created_by_key_id,
  created_at, withdrawn_at`;
const LATEST_REPLACE = `COALESCE((SELECT max(revision) FROM number_prefix_imports
  WHERE withdrawn_at IS NULL AND mode = 'replace'), 0)`;
const IMPORT_STATUS = `CASE WHEN withdrawn_at IS NOT NULL THEN 'withdrawn'
  WHEN revision < ${LATEST_REPLACE} THEN 'superseded' ELSE 'active' END AS status`;
const OVERRIDE_COLUMNS = 'phone, carrier, note, source, import_id, created_at, updated_at';

interface ImportRow {
  id: string;
  revision: string;
  format: PrefixImportRecord['format'];
  mode: PrefixImportRecord['mode'];
  name: string | null;
  file_bytes: number;
  file_sha256: string;
  entries: number;
  summary: PrefixImportRecord['summary'];
  created_by_key_id: string | null;
  created_at: Date;
  withdrawn_at: Date | null;
  status: PrefixImportRecord['status'];
}

interface OverrideRow {
  phone: string;
  carrier: Carrier;
  note: string | null;
  source: 'api' | 'import';
  import_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The only SQL for the number-data tables. Every write raises a revision in number_data_state. */
@Injectable()
export class NumberDataRepository {
  /** Embedded PostgreSQL shares one session, where an advisory lock excludes nothing: queue in-process too. */
  private readonly writes = new SerialQueue();

  constructor(private readonly dataSource: DataSource) {}

  async revisions(): Promise<NumberDataRevisions> {
    const [row] = await queryRows<{ prefix_revision: string; override_revision: string }>(
      this.dataSource,
      'SELECT prefix_revision, override_revision FROM number_data_state WHERE id = 1',
    );
    return {
      prefixRevision: Number(row?.prefix_revision ?? 0),
      overrideRevision: Number(row?.override_revision ?? 0),
    };
  }

  /** The imports in force, oldest first: the latest active "replace" import (if any) and every later one. */
  async activeLayers(): Promise<StoredPrefixLayer[]> {
    const rows = await queryRows<{
      id: string;
      mode: StoredPrefixLayer['mode'];
      layer: Buffer;
      layer_regions: [];
    }>(
      this.dataSource,
      `SELECT id, mode, layer, layer_regions FROM number_prefix_imports
        WHERE withdrawn_at IS NULL AND revision >= ${LATEST_REPLACE} ORDER BY revision`,
    );
    return rows.map((row) => ({ id: row.id, mode: row.mode, layer: row.layer, regions: row.layer_regions }));
  }

  async insertPrefixImport(input: NewPrefixImport): Promise<PrefixImportRecord> {
    return this.write(async (manager) => {
      const revision = await nextRevision(manager);
      await manager.query(
        `INSERT INTO number_prefix_imports (id, revision, format, mode, name, file, file_bytes, file_sha256, layer,
           layer_regions, entries, summary, created_by_key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          input.id,
          revision,
          input.format,
          input.mode,
          input.name,
          input.file,
          input.file.length,
          input.fileSha256,
          input.layer,
          JSON.stringify(input.regions),
          input.entries,
          JSON.stringify(input.summary),
          input.createdByKeyId,
        ],
      );
      await manager.query(
        'UPDATE number_data_state SET prefix_revision = $1, updated_at = now() WHERE id = 1',
        [revision],
      );
      return (await this.findPrefixImport(input.id, manager))!;
    });
  }

  /** Takes an import out of use; null if there is no such import, false if it was withdrawn already. */
  async withdrawPrefixImport(id: string, keyId: string | null): Promise<PrefixImportRecord | null | false> {
    return this.write(async (manager) => {
      const existing = await this.findPrefixImport(id, manager);
      if (!existing) return null;
      if (existing.withdrawnAt) return false;
      const revision = await nextRevision(manager);
      await manager.query(
        'UPDATE number_prefix_imports SET withdrawn_at = now(), withdrawn_by_key_id = $2 WHERE id = $1',
        [id, keyId],
      );
      await manager.query(
        'UPDATE number_data_state SET prefix_revision = $1, updated_at = now() WHERE id = 1',
        [revision],
      );
      return (await this.findPrefixImport(id, manager))!;
    });
  }

  async findPrefixImport(id: string, runner: DataSource | EntityManager = this.dataSource) {
    const [row] = await queryRows<ImportRow>(
      runner,
      `SELECT ${IMPORT_COLUMNS}, ${IMPORT_STATUS} FROM number_prefix_imports WHERE id = $1`,
      [id],
    );
    return row ? importRecord(row) : null;
  }

  /** Import history, newest first; `beforeRevision` pages backwards. */
  async listPrefixImports(limit: number, beforeRevision?: number): Promise<PrefixImportRecord[]> {
    const rows = await queryRows<ImportRow>(
      this.dataSource,
      `SELECT ${IMPORT_COLUMNS}, ${IMPORT_STATUS} FROM number_prefix_imports
        WHERE ($1::bigint IS NULL OR revision < $1) ORDER BY revision DESC LIMIT $2`,
      [beforeRevision ?? null, limit],
    );
    return rows.map(importRecord);
  }

  async prefixImportFile(id: string): Promise<{ file: Buffer; format: string; name: string | null } | null> {
    const [row] = await queryRows<{ file: Buffer; format: string; name: string | null }>(
      this.dataSource,
      'SELECT file, format, name FROM number_prefix_imports WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  async findOverride(phone: string): Promise<OverrideRecord | null> {
    const [row] = await queryRows<OverrideRow>(
      this.dataSource,
      `SELECT ${OVERRIDE_COLUMNS} FROM number_portability_overrides WHERE phone = $1 AND carrier IS NOT NULL`,
      [phone],
    );
    return row ? overrideRecord(row) : null;
  }

  /** Live overrides in number order, after `afterPhone`. */
  async listOverrides(limit: number, afterPhone?: string, carrier?: Carrier): Promise<OverrideRecord[]> {
    const rows = await queryRows<OverrideRow>(
      this.dataSource,
      `SELECT ${OVERRIDE_COLUMNS} FROM number_portability_overrides
        WHERE carrier IS NOT NULL AND phone > $1 AND ($2::text IS NULL OR carrier = $2)
        ORDER BY phone LIMIT $3`,
      [afterPhone ?? '', carrier ?? null, limit],
    );
    return rows.map(overrideRecord);
  }

  async countOverrides(): Promise<number> {
    const [row] = await queryRows<{ count: string }>(
      this.dataSource,
      'SELECT count(*) AS count FROM number_portability_overrides WHERE carrier IS NOT NULL',
    );
    return Number(row?.count ?? 0);
  }

  /** Adds or replaces one override; `created` tells whether the number had none before. */
  async setOverride(
    phone: string,
    carrier: Carrier,
    note: string | null,
  ): Promise<{ record: OverrideRecord; created: boolean }> {
    return this.write(async (manager) => {
      const [before] = await queryRows<{ carrier: string | null }>(
        manager,
        'SELECT carrier FROM number_portability_overrides WHERE phone = $1',
        [phone],
      );
      const revision = await nextRevision(manager);
      const [row] = await queryRows<OverrideRow>(
        manager,
        `INSERT INTO number_portability_overrides AS o (phone, carrier, note, source, import_id, revision)
         VALUES ($1, $2, $3, 'api', NULL, $4)
         ON CONFLICT (phone) DO UPDATE SET carrier = EXCLUDED.carrier, note = EXCLUDED.note, source = 'api',
           import_id = NULL, revision = EXCLUDED.revision, updated_at = now(),
           created_at = CASE WHEN o.carrier IS NULL THEN now() ELSE o.created_at END
         RETURNING ${OVERRIDE_COLUMNS}`,
        [phone, carrier, note, revision],
      );
      await setOverrideRevision(manager, revision);
      return { record: overrideRecord(row!), created: !before?.carrier };
    });
  }

  /** False when the number has no override. */
  async removeOverride(phone: string): Promise<boolean> {
    return this.write(async (manager) => {
      const revision = await nextRevision(manager);
      const removed = await queryRows<{ phone: string }>(
        manager,
        `UPDATE number_portability_overrides SET carrier = NULL, note = NULL, revision = $2, updated_at = now()
          WHERE phone = $1 AND carrier IS NOT NULL RETURNING phone`,
        [phone, revision],
      );
      if (removed.length > 0) await setOverrideRevision(manager, revision);
      return removed.length > 0;
    });
  }

  /**
   * Applies a whole override file in one transaction. "extend" adds and updates; "replace" also removes every
   * override the file does not list. Unchanged rows keep their revision, so processes reload only real changes.
   */
  async importOverrides(rows: OverrideColumns, input: NewOverrideImport): Promise<OverrideImportRecord> {
    return this.write(async (manager) => {
      const totals = { added: 0, changed: 0, unchanged: 0, removed: 0 };
      for (let start = 0; start < rows.phones.length; start += OVERRIDE_CHUNK) {
        const end = start + OVERRIDE_CHUNK;
        const [counts] = await queryRows<{ added: string; changed: string; unchanged: string }>(
          manager,
          UPSERT_OVERRIDES,
          [
            rows.phones.slice(start, end),
            rows.carriers.slice(start, end),
            rows.notes.slice(start, end),
            input.id,
          ],
        );
        totals.added += Number(counts?.added ?? 0);
        totals.changed += Number(counts?.changed ?? 0);
        totals.unchanged += Number(counts?.unchanged ?? 0);
      }
      if (input.mode === 'replace') {
        const removed = await queryRows<{ phone: string }>(
          manager,
          `UPDATE number_portability_overrides
              SET carrier = NULL, note = NULL, revision = nextval('number_data_revision_seq'), updated_at = now()
            WHERE carrier IS NOT NULL AND import_id IS DISTINCT FROM $1 RETURNING phone`,
          [input.id],
        );
        totals.removed = removed.length;
      }
      await manager.query(
        `UPDATE number_data_state SET updated_at = now(), override_revision =
           GREATEST(override_revision, (SELECT COALESCE(max(revision), 0) FROM number_portability_overrides))
         WHERE id = 1`,
      );
      const [row] = await queryRows<OverrideImportRow>(
        manager,
        `INSERT INTO number_override_imports (id, mode, name, rows, added, changed, unchanged, removed, file_bytes,
           file_sha256, created_by_key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [
          input.id,
          input.mode,
          input.name,
          rows.phones.length,
          totals.added,
          totals.changed,
          totals.unchanged,
          totals.removed,
          input.fileBytes,
          input.fileSha256,
          input.createdByKeyId,
        ],
      );
      return overrideImportRecord(row!);
    });
  }

  async listOverrideImports(limit: number): Promise<OverrideImportRecord[]> {
    const rows = await queryRows<OverrideImportRow>(
      this.dataSource,
      'SELECT * FROM number_override_imports ORDER BY created_at DESC, id DESC LIMIT $1',
      [limit],
    );
    return rows.map(overrideImportRecord);
  }

  /** Sets and removals after `afterRevision`, in revision order: what a running process applies. */
  async overrideChanges(afterRevision: number, limit: number): Promise<OverrideChange[]> {
    const rows = await queryRows<{ phone: string; carrier: Carrier | null; revision: string }>(
      this.dataSource,
      `SELECT phone, carrier, revision FROM number_portability_overrides
        WHERE revision > $1 ORDER BY revision LIMIT $2`,
      [afterRevision, limit],
    );
    return rows.map((row) => ({ phone: row.phone, carrier: row.carrier, revision: Number(row.revision) }));
  }

  /** One page of the live list in number order, for a full load. */
  async liveOverridesPage(
    afterPhone: string,
    limit: number,
  ): Promise<Array<{ phone: string; carrier: Carrier }>> {
    return queryRows(
      this.dataSource,
      `SELECT phone, carrier FROM number_portability_overrides
        WHERE carrier IS NOT NULL AND phone > $1 ORDER BY phone LIMIT $2`,
      [afterPhone, limit],
    );
  }

  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.writes.run(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [NUMBER_DATA_LOCK]);
        return work(manager);
      }),
    );
  }
}

/*
 * One chunk of an override import. `existing` reads the rows as they were before this statement (all parts of
 * a statement share one snapshot), which is what the added / changed / unchanged counts compare against.
 */
const UPSERT_OVERRIDES = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(phone, carrier, note)
), existing AS (
  SELECT o.phone, o.carrier, o.note FROM number_portability_overrides o JOIN input USING (phone)
), upserted AS (
  INSERT INTO number_portability_overrides AS o (phone, carrier, note, source, import_id, revision)
  SELECT phone, carrier, note, 'import', $4, nextval('number_data_revision_seq') FROM input
  ON CONFLICT (phone) DO UPDATE SET
    carrier = EXCLUDED.carrier, note = EXCLUDED.note, source = 'import', import_id = EXCLUDED.import_id,
    revision = CASE WHEN o.carrier IS DISTINCT FROM EXCLUDED.carrier OR o.note IS DISTINCT FROM EXCLUDED.note
                    THEN EXCLUDED.revision ELSE o.revision END,
    updated_at = CASE WHEN o.carrier IS DISTINCT FROM EXCLUDED.carrier OR o.note IS DISTINCT FROM EXCLUDED.note
                      THEN now() ELSE o.updated_at END,
    created_at = CASE WHEN o.carrier IS NULL THEN now() ELSE o.created_at END
  RETURNING phone
)
SELECT count(*) FILTER (WHERE e.carrier IS NULL) AS added,
       count(*) FILTER (WHERE e.carrier IS NOT NULL AND (e.carrier <> i.carrier OR e.note IS DISTINCT FROM i.note))
         AS changed,
       count(*) FILTER (WHERE e.carrier = i.carrier AND e.note IS NOT DISTINCT FROM i.note) AS unchanged
  FROM input i LEFT JOIN existing e USING (phone)`;

interface OverrideImportRow {
  id: string;
  mode: OverrideImportRecord['mode'];
  name: string | null;
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  file_bytes: number;
  file_sha256: string;
  created_by_key_id: string | null;
  created_at: Date;
}

async function nextRevision(manager: EntityManager): Promise<number> {
  const [row] = await queryRows<{ revision: string }>(
    manager,
    `SELECT nextval('number_data_revision_seq') AS revision`,
  );
  return Number(row!.revision);
}

async function setOverrideRevision(manager: EntityManager, revision: number): Promise<void> {
  await manager.query(
    'UPDATE number_data_state SET override_revision = $1, updated_at = now() WHERE id = 1',
    [revision],
  );
}

function importRecord(row: ImportRow): PrefixImportRecord {
  return {
    id: row.id,
    revision: Number(row.revision),
    format: row.format,
    mode: row.mode,
    name: row.name,
    fileBytes: row.file_bytes,
    fileSha256: row.file_sha256,
    entries: row.entries,
    summary: row.summary,
    createdByKeyId: row.created_by_key_id,
    createdAt: row.created_at,
    withdrawnAt: row.withdrawn_at,
    status: row.status,
  };
}

function overrideRecord(row: OverrideRow): OverrideRecord {
  return {
    phone: row.phone,
    carrier: row.carrier,
    note: row.note,
    source: row.source,
    importId: row.import_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function overrideImportRecord(row: OverrideImportRow): OverrideImportRecord {
  return {
    id: row.id,
    mode: row.mode,
    name: row.name,
    rows: row.rows,
    added: row.added,
    changed: row.changed,
    unchanged: row.unchanged,
    removed: row.removed,
    fileBytes: row.file_bytes,
    fileSha256: row.file_sha256,
    createdByKeyId: row.created_by_key_id,
    createdAt: row.created_at,
  };
}
