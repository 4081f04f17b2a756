import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyRecord } from './api-key-record';

interface ApiKeyRow {
  id: string;
  prefix: string;
  secret_hash: Buffer;
  scopes: string[];
  signing_secret_encrypted: string;
  require_signature: boolean;
  revoked_at: Date | null;
  account_id: string;
  path: string;
  kind: ApiKeyRecord['accountKind'];
  status: ApiKeyRecord['accountStatus'];
  ip_allowlist: string[];
}

/**
 * Reads keys for authentication. Not tenant-scoped by design: this is how the tenant is found. An account counts
 * as suspended when it or any ancestor is, so suspending a reseller stops its whole subtree.
 */
@Injectable()
export class ApiKeyLookup {
  constructor(private readonly dataSource: DataSource) {}

  async findByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
    const rows = (await this.dataSource.query(
      `SELECT k.id, k.prefix, k.secret_hash, k.scopes, k.signing_secret_encrypted, k.require_signature, k.revoked_at,
              a.id AS account_id, a.path, a.kind, a.ip_allowlist,
              CASE WHEN EXISTS (
                SELECT 1 FROM accounts ancestor
                 WHERE ancestor.id = ANY (string_to_array(trim(BOTH '/' FROM a.path), '/')::uuid[])
                   AND ancestor.status <> 'active'
              ) THEN 'suspended' ELSE 'active' END AS status
         FROM api_keys k JOIN accounts a ON a.id = k.account_id
        WHERE k.prefix = $1`,
      [prefix],
    )) as ApiKeyRow[];
    const row = rows[0];
    return row ? toRecord(row) : null;
  }

  async touch(keyId: string): Promise<void> {
    await this.dataSource.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    prefix: row.prefix,
    secretHashHex: row.secret_hash.toString('hex'),
    scopes: row.scopes,
    signingSecretEncrypted: row.signing_secret_encrypted,
    requireSignature: row.require_signature,
    revoked: row.revoked_at !== null,
    accountId: row.account_id,
    accountPath: row.path,
    accountKind: row.kind,
    accountStatus: row.status,
    ipAllowlist: row.ip_allowlist,
  };
}
