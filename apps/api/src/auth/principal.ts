import { AccountKind } from '@tongdao/database/entities';
import { AccountScope } from '../common/account-scope';

/** The authenticated caller: an API key of one account. */
export interface Principal {
  keyId: string;
  keyPrefix: string;
  account: AccountScope;
  accountKind: AccountKind;
  scopes: ReadonlySet<string>;
}
