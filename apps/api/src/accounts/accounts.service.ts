import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccountEntity } from '@tongdao/database/entities';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ApiKeyCache } from '../auth/api-key-cache';
import { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/page-cursor';
import { AccountRepository } from './account.repository';
import { AccountPage, AccountView } from './account.view';
import { CreateAccountDto } from './create-account.dto';
import { UpdateAccountDto } from './update-account.dto';

const DEFAULT_PAGE = 50;

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly keyCache: ApiKeyCache,
  ) {}

  async create(principal: Principal, dto: CreateAccountDto): Promise<AccountView> {
    const parent = await this.accounts.findInScope(principal.account, dto.parent_id ?? principal.account.id);
    if (!parent) throw new DomainException(ErrorCode.NotFound, 'Parent account not found', 'parent_id');
    if (parent.kind === 'customer') {
      throw new DomainException(
        ErrorCode.Forbidden,
        'A customer account cannot have sub-accounts',
        'parent_id',
      );
    }
    const account = await this.accounts.createChild(parent, {
      id: randomUUID(),
      kind: dto.kind,
      name: dto.name,
      allowFreeText: dto.allow_free_text ?? false,
    });
    return AccountView.of(account);
  }

  async get(principal: Principal, id: string): Promise<AccountView> {
    return AccountView.of(await this.require(principal, id));
  }

  async listDescendants(principal: Principal, limit = DEFAULT_PAGE, cursor?: string): Promise<AccountPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await this.accounts.listDescendants(principal.account, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((account) => AccountView.of(account)),
      next_cursor:
        rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /** Only ancestors change an account: status and the free-text privilege are not self-service. */
  async update(principal: Principal, id: string, dto: UpdateAccountDto): Promise<AccountView> {
    const updated = await this.accounts.updateDescendant(principal.account, id, {
      name: dto.name,
      status: dto.status,
      allowFreeText: dto.allow_free_text,
    });
    if (!updated) {
      if (id === principal.account.id)
        throw new DomainException(
          ErrorCode.Forbidden,
          'An account cannot change itself; ask its parent',
          'id',
        );
      throw new DomainException(ErrorCode.NotFound, 'Account not found', 'id');
    }
    if (dto.status !== undefined)
      await this.keyCache.invalidate(await this.accounts.keyPrefixesInSubtree(updated));
    return AccountView.of(updated);
  }

  async require(principal: Principal, id: string): Promise<AccountEntity> {
    const account = await this.accounts.findInScope(principal.account, id);
    if (!account) throw new DomainException(ErrorCode.NotFound, 'Account not found', 'id');
    return account;
  }
}
