import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ReviewStatus } from '@tongdao/database/entities';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { assertMayReview } from '../common/review-policy';
import { SignatureRepository } from './signature.repository';
import { SignatureList, SignatureView } from './signature.view';

@Injectable()
export class SignaturesService {
  constructor(
    private readonly signatures: SignatureRepository,
    private readonly acting: ActingAccountResolver,
    private readonly audit: AuditTrail,
  ) {}

  async submit(principal: Principal, text: string, accountId?: string): Promise<SignatureView> {
    const owner = await this.acting.resolve(principal, accountId);
    const signature = await this.signatures.insertUnlessLive({ id: randomUUID(), accountId: owner.id, text });
    if (!signature)
      throw new DomainException(
        ErrorCode.AlreadyExists,
        'This account already has that signature pending or approved',
        'text',
      );
    const view = SignatureView.of(signature);
    this.audit.record('signature', signature.id, null, view, owner);
    return view;
  }

  async list(principal: Principal, accountId?: string, status?: ReviewStatus): Promise<SignatureList> {
    const owner = await this.acting.resolve(principal, accountId);
    return {
      data: (await this.signatures.listForAccount(owner.id, status)).map((signature) =>
        SignatureView.of(signature),
      ),
    };
  }

  async get(principal: Principal, id: string): Promise<SignatureView> {
    return SignatureView.of((await this.require(principal, id)).signature);
  }

  async review(
    principal: Principal,
    id: string,
    status: 'approved' | 'rejected',
    reason?: string,
  ): Promise<SignatureView> {
    const { signature, ownerPath } = await this.require(principal, id);
    assertMayReview(principal, signature.accountId, ownerPath);
    const decided = await this.signatures.decide(id, {
      status,
      reviewerAccountId: principal.account.id,
      reason: reason ?? null,
    });
    if (!decided)
      throw new DomainException(ErrorCode.AlreadyReviewed, `Signature is already ${signature.status}`, 'id');
    const after = await this.get(principal, id);
    this.audit.record('signature', id, SignatureView.of(signature), after, {
      id: signature.accountId,
      path: ownerPath,
    });
    return after;
  }

  private async require(principal: Principal, id: string) {
    const found = await this.signatures.findInScope(principal.account, id);
    if (!found) throw new DomainException(ErrorCode.NotFound, 'Signature not found', 'id');
    return found;
  }
}
