import { EntityManager, EntityTarget } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export interface ReviewOutcome {
  status: string;
  reviewerAccountId: string;
  reason: string | null;
}

/**
 * Records an approval or rejection of a signature or template that is still awaiting review.
 * Returns false when it was no longer awaiting review (someone else decided first).
 */
export async function decidePendingReview<T>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  awaitingStatus: string,
  review: ReviewOutcome,
): Promise<boolean> {
  const changes = {
    status: review.status,
    reviewerAccountId: review.reviewerAccountId,
    reason: review.reason,
    reviewedAt: () => 'now()',
    updatedAt: () => 'now()',
  } as unknown as QueryDeepPartialEntity<T>;
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set(changes)
    .where('id = :id AND status = :awaiting', { id, awaiting: awaitingStatus })
    .execute();
  return (result.affected ?? 0) > 0;
}
