import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { Principal } from '../auth/principal';
import { AccountScope } from '../common/account-scope';
import { isUuid } from '../common/uuid-v7';
import { AccountRepository } from './account.repository';

/**
 * Decides on whose behalf a request acts: the caller's own account, or a descendant named by an explicit
 * `account_id`. Anything else is reported as not found, so ids of foreign accounts reveal nothing.
 */
@Injectable()
export class ActingAccountResolver {
  constructor(private readonly accounts: AccountRepository) {}

  async resolve(
    principal: Principal,
    accountId: string | undefined,
    field = 'account_id',
  ): Promise<AccountScope> {
    if (accountId === undefined || accountId === principal.account.id) return principal.account;
    if (!isUuid(accountId)) throw new DomainException(ErrorCode.InvalidId, `${field} must be a UUID`, field);
    const account = await this.accounts.findInScope(principal.account, accountId.toLowerCase());
    if (!account) throw new DomainException(ErrorCode.NotFound, 'Account not found', field);
    // Suspending an account stops its whole subtree, so an account between the caller and the target counts too.
    if (account.status !== 'active' || (await this.accounts.isSuspendedWithAncestors(account.path)))
      throw new DomainException(ErrorCode.AccountSuspended, 'That account is suspended', field);
    return { id: account.id, path: account.path };
  }
}
