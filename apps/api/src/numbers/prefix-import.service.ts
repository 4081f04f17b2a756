import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { NumberDataRepository, NumberDirectory, PrefixImportRecord } from '@tongdao/number-data';
import {
  decodeText,
  ParsedPrefixFile,
  parsePhoneDat,
  parsePrefixCsv,
  PrefixFileFormat,
} from '@tongdao/phone';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { Principal } from '../auth/principal';
import { PrefixImportQuery } from './dto/prefix-import.query';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor';
import { applyCommittedChange } from './number-data-refresh';
import { numberFileException } from './number-file-exception';
import { PrefixImportPage, PrefixImportView } from './number-views';
import { prefixFileFormat, Upload } from './upload-format';

/** Operator prefix files: parsed and checked whole, stored with their parsed form, then in force everywhere. */
@Injectable()
export class PrefixImportService {
  constructor(
    private readonly repository: NumberDataRepository,
    private readonly directory: NumberDirectory,
  ) {}

  async import(principal: Principal, upload: Upload, query: PrefixImportQuery): Promise<PrefixImportView> {
    const format = prefixFileFormat(upload, query.format);
    const id = randomUUID();
    const parsed = parse(format, upload, id);
    const { data, regions } = parsed.layer.serialize();
    const record = await this.repository.insertPrefixImport({
      id,
      format,
      mode: query.mode ?? 'extend',
      name: query.name ?? null,
      file: upload.body,
      fileSha256: createHash('sha256').update(upload.body).digest('hex'),
      layer: data,
      regions,
      entries: parsed.layer.count,
      summary: parsed.summary,
      createdByKeyId: principal.keyId,
    });
    await applyCommittedChange(this.directory);
    return PrefixImportView.of(record);
  }

  async list(limit = 50, cursor?: string): Promise<PrefixImportPage> {
    const before = decodeKeyCursor(cursor);
    const records = await this.repository.listPrefixImports(limit + 1, before ? Number(before) : undefined);
    const page = records.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((record) => PrefixImportView.of(record)),
      next_cursor: records.length > limit && last ? encodeKeyCursor(last.revision) : null,
    };
  }

  async get(id: string): Promise<PrefixImportView> {
    return PrefixImportView.of(await this.found(await this.repository.findPrefixImport(id)));
  }

  async file(id: string): Promise<{ file: Buffer; format: string; name: string | null }> {
    const file = await this.repository.prefixImportFile(id);
    if (!file) throw notFound();
    return file;
  }

  /** Takes an import out of use everywhere; the data beneath it (or that it replaced) applies again. */
  async withdraw(principal: Principal, id: string): Promise<PrefixImportView> {
    const result = await this.repository.withdrawPrefixImport(id, principal.keyId);
    if (result === null) throw notFound();
    if (result === false) {
      throw new DomainException(ErrorCode.PrefixImportWithdrawn, 'this import was withdrawn already', 'id');
    }
    await applyCommittedChange(this.directory);
    return PrefixImportView.of(result);
  }

  private found(record: PrefixImportRecord | null): PrefixImportRecord {
    if (!record) throw notFound();
    return record;
  }
}

function parse(format: PrefixFileFormat, upload: Upload, id: string): ParsedPrefixFile {
  try {
    return format === 'csv'
      ? parsePrefixCsv(decodeText(upload.body, upload.charset), id)
      : parsePhoneDat(upload.body, id);
  } catch (error) {
    throw numberFileException(error);
  }
}

function notFound(): DomainException {
  return new DomainException(ErrorCode.PrefixImportNotFound, 'no prefix import with this id', 'id');
}
