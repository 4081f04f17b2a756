import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { NumberDataRepository, NumberDirectory } from '@tongdao/number-data';
import { decodeText, OverrideColumns, parseOverrideCsv } from '@tongdao/phone';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { Principal } from '../auth/principal';
import { ListOverridesQuery } from './dto/list-overrides.query';
import { OverrideImportQuery } from './dto/prefix-import.query';
import { SetOverrideDto } from './dto/set-override.dto';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor';
import { mainlandNational } from './mainland-number';
import { applyCommittedChange } from './number-data-refresh';
import { numberFileException } from './number-file-exception';
import { OverrideImportView, OverridePage, OverrideView } from './number-views';
import { Upload } from './upload-format';

const DEFAULT_PAGE = 50;

/** The number-portability list (携号转网): ported numbers and the carrier each moved to. */
@Injectable()
export class PortabilityOverrideService {
  constructor(
    private readonly repository: NumberDataRepository,
    private readonly directory: NumberDirectory,
  ) {}

  async list(query: ListOverridesQuery): Promise<OverridePage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const after = decodeKeyCursor(query.cursor);
    const records = await this.repository.listOverrides(limit + 1, after, query.carrier);
    const page = records.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((record) => OverrideView.of(record)),
      next_cursor: records.length > limit && last ? encodeKeyCursor(last.phone) : null,
    };
  }

  async get(phone: string): Promise<OverrideView> {
    const record = await this.repository.findOverride(mainlandNational(phone));
    if (!record) throw notFound();
    return OverrideView.of(record);
  }

  async set(phone: string, dto: SetOverrideDto): Promise<{ view: OverrideView; created: boolean }> {
    const result = await this.repository.setOverride(mainlandNational(phone), dto.carrier, dto.note ?? null);
    await applyCommittedChange(this.directory);
    return { view: OverrideView.of(result.record), created: result.created };
  }

  async remove(phone: string): Promise<void> {
    if (!(await this.repository.removeOverride(mainlandNational(phone)))) throw notFound();
    await applyCommittedChange(this.directory);
  }

  async import(
    principal: Principal,
    upload: Upload,
    query: OverrideImportQuery,
  ): Promise<OverrideImportView> {
    let rows: OverrideColumns;
    try {
      rows = parseOverrideCsv(decodeText(upload.body, upload.charset));
    } catch (error) {
      throw numberFileException(error);
    }
    const record = await this.repository.importOverrides(rows, {
      id: randomUUID(),
      mode: query.mode ?? 'extend',
      name: query.name ?? null,
      fileBytes: upload.body.length,
      fileSha256: createHash('sha256').update(upload.body).digest('hex'),
      createdByKeyId: principal.keyId,
    });
    await applyCommittedChange(this.directory);
    return OverrideImportView.of(record);
  }

  async imports(limit = DEFAULT_PAGE): Promise<OverrideImportView[]> {
    return (await this.repository.listOverrideImports(limit)).map((record) => OverrideImportView.of(record));
  }
}

function notFound(): DomainException {
  return new DomainException(
    ErrorCode.PortabilityOverrideNotFound,
    'this number has no portability override',
    'phone',
  );
}
