import { DomainException, ErrorCode } from '@tongdao/platform';
import { Principal } from '../auth/principal';
import { isSameOrDescendant } from './account-scope';

/**
 * Signatures and templates are reviewed by an ancestor of their owner (the parent, any reseller above it, or the
 * operator). Only the operator, which has no ancestor, may review its own submissions.
 */
export function assertMayReview(reviewer: Principal, ownerId: string, ownerPath: string): void {
  const ownSubmission = ownerId === reviewer.account.id;
  const allowed = ownSubmission
    ? reviewer.accountKind === 'operator'
    : isSameOrDescendant(ownerPath, reviewer.account.path);
  if (!allowed) {
    throw new DomainException(
      ErrorCode.ReviewNotAllowed,
      'Only an ancestor account (parent or operator) may review this',
      'id',
    );
  }
}
