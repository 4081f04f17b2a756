import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { OptOutRow, OptOutStore } from '@tongdao/compliance-state';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { Upload } from '../numbers/upload-format';
import { e164Of, nextPhoneCursor, phonePageOf } from './compliance-phone';
import { AddOptOutDto, PhoneListQuery } from './dto/compliance-state.dto';
import { ImportReport, OptOutPage, OptOutView } from './dto/compliance-state.view';
import { importOptOuts } from './opt-out-import';

const EXPORT_PAGE = 5000;

/** An account's opt-out list: list, add, remove (resubscribe), CSV import and export. */
@Injectable()
export class OptOutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly optOuts: OptOutStore,
    private readonly acting: ActingAccountResolver,
  ) {}

  async list(principal: Principal, query: PhoneListQuery): Promise<OptOutPage> {
    const account = await this.acting.resolve(principal, query.account_id);
    const page = phonePageOf(query);
    const rows = await this.optOuts.page(this.dataSource, account.id, page);
    return { data: rows.map(optOutView), next_cursor: nextPhoneCursor(rows, page.limit) };
  }

  /** Lists one number; `created` is false when it was listed already (its first source is kept). */
  async add(principal: Principal, dto: AddOptOutDto): Promise<{ view: OptOutView; created: boolean }> {
    const account = await this.acting.resolve(principal, dto.account_id);
    const phone = e164Of(dto.phone);
    const added = await this.optOuts.add(this.dataSource, account.id, [
      { phone, source: 'api', note: dto.note ?? null },
    ]);
    const [row] = await this.optOuts.page(this.dataSource, account.id, { phone, limit: 1 });
    return { view: optOutView(row!), created: added.length > 0 };
  }

  async remove(principal: Principal, rawPhone: string, accountId: string | undefined): Promise<void> {
    const account = await this.acting.resolve(principal, accountId);
    if (!(await this.optOuts.remove(this.dataSource, account.id, e164Of(rawPhone))))
      throw new DomainException(ErrorCode.NotFound, 'The number is not on the opt-out list', 'phone');
  }

  async import(principal: Principal, upload: Upload, accountId: string | undefined): Promise<ImportReport> {
    const account = await this.acting.resolve(principal, accountId);
    return importOptOuts(
      upload.body,
      'import',
      async (rows) => (await this.optOuts.add(this.dataSource, account.id, rows)).length,
    );
  }

  /**
   * Streams the whole list as CSV (UTF-8 with BOM, for Excel), a page of 5,000 at a time in phone order, waiting
   * for the client to drain each page.
   */
  async export(principal: Principal, accountId: string | undefined, response: Response): Promise<void> {
    const account = await this.acting.resolve(principal, accountId);
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="opt-outs.csv"');
    await write(response, '\ufeff' + stringify([['phone', 'source', 'note', 'created_at']]));
    let after: string | undefined;
    for (;;) {
      const rows: OptOutRow[] = await this.optOuts.page(this.dataSource, account.id, {
        afterPhone: after,
        limit: EXPORT_PAGE,
      });
      if (rows.length > 0)
        await write(
          response,
          stringify(rows.map((row) => [row.phone, row.source, row.note ?? '', row.createdAt.toISOString()])),
        );
      if (rows.length < EXPORT_PAGE) break;
      after = rows[rows.length - 1]!.phone;
    }
    response.end();
  }
}

function optOutView(row: OptOutRow): OptOutView {
  return { phone: row.phone, source: row.source, note: row.note, created_at: row.createdAt.toISOString() };
}

function write(response: Response, text: string): Promise<void> {
  if (response.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      response.off('drain', done);
      response.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const closed = () => done(new Error('client went away during the export'));
    response.once('drain', () => done());
    response.once('close', closed);
  });
}
