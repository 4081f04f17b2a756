import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentRow, ConsentStore } from '@tongdao/compliance-state';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { decodePhoneCursor, e164Of, nextPhoneCursor } from './compliance-phone';
import { ConsentListQuery, RecordConsentDto, RevokeConsentDto } from './dto/compliance-state.dto';
import { ConsentPage, ConsentRecorded, ConsentView } from './dto/compliance-state.view';

/** Marketing consent per account and number: record (one or many), revoke, read. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consents: ConsentStore,
    private readonly acting: ActingAccountResolver,
  ) {}

  async record(principal: Principal, dto: RecordConsentDto): Promise<ConsentRecorded> {
    const account = await this.acting.resolve(principal, dto.account_id);
    const raw = dto.phones ?? (dto.phone === undefined ? [] : [dto.phone]);
    if (raw.length === 0) throw new DomainException(ErrorCode.ValidationFailed, 'phone is required', 'phone');
    const at = dto.consented_at ? new Date(dto.consented_at) : new Date();
    if (at.getTime() > Date.now() + 60_000)
      throw new DomainException(
        ErrorCode.ValidationFailed,
        'consent cannot be given in the future',
        'consented_at',
      );
    const phones = [
      ...new Set(raw.map((phone, index) => e164Of(phone, dto.phones ? `phones[${index}]` : 'phone'))),
    ];
    const recorded = await this.consents.record(
      this.dataSource,
      account.id,
      phones.map((phone) => ({ phone, source: dto.source, evidence: dto.evidence ?? null, at })),
    );
    return { recorded };
  }

  async revoke(principal: Principal, rawPhone: string, dto: RevokeConsentDto): Promise<ConsentView> {
    const account = await this.acting.resolve(principal, dto.account_id);
    const phone = e164Of(rawPhone);
    const at = dto.revoked_at ? new Date(dto.revoked_at) : new Date();
    const row = await this.consents.revoke(this.dataSource, account.id, phone, dto.source ?? 'api', at);
    if (!row) throw new DomainException(ErrorCode.NotFound, 'No consent on record for the number', 'phone');
    return consentView(row);
  }

  async get(principal: Principal, rawPhone: string, accountId: string | undefined): Promise<ConsentView> {
    const account = await this.acting.resolve(principal, accountId);
    const row = await this.consents.find(this.dataSource, account.id, e164Of(rawPhone));
    if (!row) throw new DomainException(ErrorCode.NotFound, 'No consent on record for the number', 'phone');
    return consentView(row);
  }

  async list(principal: Principal, query: ConsentListQuery): Promise<ConsentPage> {
    const account = await this.acting.resolve(principal, query.account_id);
    const limit = query.limit ?? 100;
    const rows = await this.consents.page(this.dataSource, account.id, {
      afterPhone: decodePhoneCursor(query.cursor),
      limit,
      activeOnly: query.active === 'true',
    });
    return { data: rows.map(consentView), next_cursor: nextPhoneCursor(rows, limit) };
  }
}

function consentView(row: ConsentRow): ConsentView {
  return {
    phone: row.phone,
    active: row.revokedAt === null,
    source: row.source,
    evidence: row.evidence,
    consented_at: row.consentedAt.toISOString(),
    revoked_at: row.revokedAt?.toISOString() ?? null,
    revoke_source: row.revokeSource,
  };
}
