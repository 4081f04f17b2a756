import { AccountKind, AccountStatus } from '@tongdao/database/entities';

/** What authentication needs to know about a key; cached briefly in Redis (no clear-text secrets in it). */
export interface ApiKeyRecord {
  id: string;
  prefix: string;
  secretHashHex: string;
  scopes: string[];
  signingSecretEncrypted: string;
  requireSignature: boolean;
  revoked: boolean;
  accountId: string;
  accountPath: string;
  accountKind: AccountKind;
  accountStatus: AccountStatus;
  /** The account's IP allow-list (canonical CIDRs); empty allows any address. Absent in older cache entries. */
  ipAllowlist?: string[];
}
