import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AutoSuppressionStore } from '@tongdao/compliance-state';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { maskPhone } from '@tongdao/phone';
import { e164Of, nextPhoneCursor, phonePageOf } from './compliance-phone';
import { PhoneListQuery } from './dto/compliance-state.dto';
import { SuppressedNumberPage } from './dto/compliance-state.view';

/** Numbers suppressed automatically after repeated permanent failures (operator): list and clear. */
@Injectable()
export class AutoSuppressionService {
  private readonly logger = new Logger(AutoSuppressionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly suppressions: AutoSuppressionStore,
  ) {}

  async list(query: PhoneListQuery): Promise<SuppressedNumberPage> {
    const page = phonePageOf(query);
    const rows = await this.suppressions.page(this.dataSource, page);
    return {
      data: rows.map((row) => ({
        phone: row.phone,
        reason: row.reason,
        last_code: row.lastCode,
        failures: row.failures,
        created_at: row.createdAt.toISOString(),
      })),
      next_cursor: nextPhoneCursor(rows, page.limit),
    };
  }

  /** Clears the suppression and the number's failure count, so it starts over. */
  async clear(rawPhone: string, reason: string): Promise<void> {
    const phone = e164Of(rawPhone);
    if (!(await this.suppressions.clear(this.dataSource, phone)))
      throw new DomainException(ErrorCode.NotFound, 'The number is not suppressed', 'phone');
    this.logger.log({ phone: maskPhone(phone), reason }, 'automatic suppression cleared');
  }
}
