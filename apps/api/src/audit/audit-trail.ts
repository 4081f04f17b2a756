import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { AccountScope } from '../common/account-scope';

/** One change a service made while handling a request: what it was, and the values before and after. */
export interface AuditChange {
  entity: string;
  id: string;
  before: unknown;
  after: unknown;
}

/** What a mutating request collects while it runs; the audit interceptor writes it when the request ends. */
export interface AuditRecording {
  changes: AuditChange[];
  /** The account whose data changed; defaults to the route's account id, else the caller's own account. */
  subject?: AccountScope;
}

/**
 * The request-scoped way for services to add before/after values to the audit entry of the request they run in.
 * Outside a mutating request (a seed, a worker) it does nothing, so services call it unconditionally.
 */
@Injectable()
export class AuditTrail {
  private readonly storage = new AsyncLocalStorage<AuditRecording>();

  run<T>(recording: AuditRecording, work: () => T): T {
    return this.storage.run(recording, work);
  }

  /** Records one change; `account` names the account whose data it is (the first one named is the subject). */
  record(entity: string, id: string, before: unknown, after: unknown, account?: AccountScope): void {
    const recording = this.storage.getStore();
    if (!recording) return;
    recording.changes.push({ entity, id, before: before ?? null, after: after ?? null });
    if (account && !recording.subject) recording.subject = { id: account.id, path: account.path };
  }
}
