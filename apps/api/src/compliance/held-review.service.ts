import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { quietUntil } from '@tongdao/compliance';
import { MessageTransitions } from '@tongdao/database/messages';
import { MessageStatus } from '@tongdao/lifecycle';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { assertMayReview } from '../common/review-policy';
import { AcceptanceCompliance } from './acceptance-compliance';
import { CompliancePolicyStore } from './compliance-policy.store';
import { ComplianceRepository, HeldForReview } from './compliance.repository';

/**
 * Review of messages held for a `review` word, by an ancestor of the sender (or the operator), like approving a
 * template. Approving hands the message to the HELD releaser (now, or at the end of quiet hours for marketing);
 * refusing ends it FAILED with the reason.
 */
@Injectable()
export class HeldReviewService {
  private readonly transitions = new MessageTransitions();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ComplianceRepository,
    private readonly policies: CompliancePolicyStore,
    private readonly compliance: AcceptanceCompliance,
    private readonly audit: AuditTrail,
  ) {}

  async list(principal: Principal, reason?: 'review' | 'quiet_hours') {
    const rows = await this.repository.listHeld(principal.account.path, reason, 1000);
    return {
      data: rows.map((row) => ({
        id: row.id,
        account_id: row.account_id,
        reason: row.reason,
        detail: row.detail,
        release_at: row.release_at?.toISOString() ?? null,
        created_at: row.created_at.toISOString(),
      })),
    };
  }

  async approve(principal: Principal, messageId: string) {
    return this.dataSource.transaction(async (manager) => {
      const held = await this.requireReviewable(manager, principal, messageId);
      const now = this.compliance.now();
      const window = (await this.policies.policyFor(held.accountId)).quietHours;
      const quiet = held.kind === 'marketing' && window ? quietUntil(now, window) : null;
      const releaseAt = quiet ?? now;
      await this.repository.scheduleRelease(
        manager,
        messageId,
        quiet ? 'quiet_hours' : 'review',
        releaseAt,
        `approved by ${principal.account.id}${quiet ? '; waits for the end of quiet hours' : ''}`,
      );
      this.audit.record(
        'held_message',
        messageId,
        { reason: held.reason },
        { approved: true },
        principal.account,
      );
      return { id: messageId, status: 'HELD', release_at: releaseAt.toISOString() };
    });
  }

  async refuse(principal: Principal, messageId: string, reason?: string) {
    return this.dataSource.transaction(async (manager) => {
      const held = await this.requireReviewable(manager, principal, messageId);
      await this.transitions.apply(manager, [
        {
          id: held.messageId,
          createdAt: held.createdAt,
          to: MessageStatus.Failed,
          errorCode: ErrorCode.SensitiveWord,
          errorMessage: reason ?? held.detail ?? 'refused in review',
          detail: { review: 'refused', by: principal.account.id },
        },
      ]);
      await this.repository.deleteHeld(manager, messageId);
      this.audit.record(
        'held_message',
        messageId,
        { reason: held.reason },
        { refused: true },
        principal.account,
      );
      return { id: messageId, status: 'FAILED' };
    });
  }

  private async requireReviewable(
    manager: Parameters<ComplianceRepository['lockHeld']>[0],
    principal: Principal,
    messageId: string,
  ): Promise<HeldForReview> {
    const held = await this.repository.lockHeld(manager, principal.account.path, messageId);
    if (!held) throw new DomainException(ErrorCode.NotFound, 'No held message with this id', 'id');
    if (held.reason !== 'review' || held.releaseAt !== null)
      throw new DomainException(ErrorCode.MessageNotHeld, 'The message is not waiting for review', 'id');
    assertMayReview(principal, held.accountId, held.accountPath);
    return held;
  }
}
