import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BlocklistStore } from '@tongdao/compliance-state';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { maskPhone } from '@tongdao/phone';
import { Principal } from '../auth/principal';
import { e164Of, nextPhoneCursor, phonePageOf } from './compliance-phone';
import { PhoneListQuery } from './dto/compliance-state.dto';
import { SuppressedNumberPage, SuppressedNumberView } from './dto/compliance-state.view';

/** The platform blocklist (operator): numbers no account may send to, whatever the kind. */
@Injectable()
export class BlocklistService {
  private readonly logger = new Logger(BlocklistService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly blocklist: BlocklistStore,
  ) {}

  async list(query: PhoneListQuery): Promise<SuppressedNumberPage> {
    const page = phonePageOf(query);
    const rows = await this.blocklist.page(this.dataSource, page);
    return {
      data: rows.map((row) => ({
        phone: row.phone,
        reason: row.reason,
        created_at: row.createdAt.toISOString(),
      })),
      next_cursor: nextPhoneCursor(rows, page.limit),
    };
  }

  async put(
    principal: Principal,
    rawPhone: string,
    reason: string,
  ): Promise<{ view: SuppressedNumberView; created: boolean }> {
    const phone = e164Of(rawPhone);
    const created = await this.blocklist.put(this.dataSource, phone, reason, principal.account.id);
    this.logger.log({ phone: maskPhone(phone), created }, 'number blocklisted');
    const [row] = await this.blocklist.page(this.dataSource, { phone, limit: 1 });
    return {
      view: { phone, reason: row!.reason, created_at: row!.createdAt.toISOString() },
      created,
    };
  }

  async remove(rawPhone: string, reason: string): Promise<void> {
    const phone = e164Of(rawPhone);
    if (!(await this.blocklist.remove(this.dataSource, phone)))
      throw new DomainException(ErrorCode.NotFound, 'The number is not on the blocklist', 'phone');
    this.logger.log({ phone: maskPhone(phone), reason }, 'number taken off the blocklist');
  }
}
