import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountScope } from '../common/account-scope';
import { AuditChange } from './audit-trail';

export interface NewAuditEntry {
  actorKeyId: string;
  actorKeyPrefix: string;
  actor: AccountScope;
  ip: string | null;
  method: string;
  route: string;
  path: string;
  subject: AccountScope;
  resourceId: string | null;
  status: number;
  errorCode: string | null;
  request: unknown;
  changes: AuditChange[];
}

export interface AuditEntryRow {
  id: string;
  occurred_at: Date;
  actor_key_id: string;
  actor_key_prefix: string;
  actor_account_id: string;
  ip: string | null;
  method: string;
  route: string;
  path: string;
  subject_account_id: string;
  resource_id: string | null;
  status: number;
  error_code: string | null;
  request: unknown;
  changes: AuditChange[];
}

export interface AuditFilter {
  /** Entries about this account only (else about any account of the viewer's subtree). */
  accountId?: string;
  route?: string;
  method?: string;
  from?: Date;
  to?: Date;
  beforeId?: string;
}

/**
 * The audit trail. A viewer sees an entry when both the account it is about and the account that acted are in
 * its subtree, so a child never sees what its parent did to it (nor who), and a parent sees all of its subtree.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(entry: NewAuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_entries (actor_key_id, actor_key_prefix, actor_account_id, actor_path, ip, method, route, path,
                                  subject_account_id, subject_path, resource_id, status, error_code, request, changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb)`,
      [
        entry.actorKeyId,
        entry.actorKeyPrefix,
        entry.actor.id,
        entry.actor.path,
        entry.ip,
        entry.method,
        entry.route,
        entry.path,
        entry.subject.id,
        entry.subject.path,
        entry.resourceId,
        entry.status,
        entry.errorCode,
        JSON.stringify(entry.request),
        JSON.stringify(entry.changes),
      ],
    );
  }

  async subjectInScope(scope: AccountScope, accountId: string): Promise<AccountScope | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, path FROM accounts WHERE id = $1 AND path LIKE $2`,
      [accountId, `${scope.path}%`],
    )) as AccountScope[];
    return rows[0] ?? null;
  }

  async list(viewer: AccountScope, filter: AuditFilter, limit: number): Promise<AuditEntryRow[]> {
    const conditions = ['subject_path LIKE $1', 'actor_path LIKE $1'];
    const parameters: unknown[] = [`${viewer.path}%`];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (filter.accountId) add((p) => `subject_account_id = ${p}`, filter.accountId);
    if (filter.route) add((p) => `route = ${p}`, filter.route);
    if (filter.method) add((p) => `method = ${p}`, filter.method);
    if (filter.from) add((p) => `occurred_at >= ${p}`, filter.from);
    if (filter.to) add((p) => `occurred_at < ${p}`, filter.to);
    if (filter.beforeId) add((p) => `id < ${p}::bigint`, filter.beforeId);
    parameters.push(limit);
    return (await this.dataSource.query(
      `SELECT id, occurred_at, actor_key_id, actor_key_prefix, actor_account_id, ip, method, route, path,
              subject_account_id, resource_id, status, error_code, request, changes
         FROM audit_entries WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT $${parameters.length}`,
      parameters,
    )) as AuditEntryRow[];
  }
}
