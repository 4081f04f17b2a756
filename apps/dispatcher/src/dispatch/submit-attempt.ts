import { ConnectionLostError, SubmitResult } from '@tongdao/protocols';
import { SubmitAttempt } from '@tongdao/routing';

/** Translates what the protocol layer reported into the routing policy's vocabulary. */
export function attemptFromResult(result: SubmitResult): SubmitAttempt {
  if (result.ok) {
    return { kind: 'accepted', carrierMessageIds: result.segments.map((segment) => segment.carrierMessageId ?? '') };
  }
  const failed = result.segments.find((segment) => !segment.ok)!;
  return {
    kind: 'rejected',
    resultCode: failed.resultCode,
    retryable: failed.retryable,
    detail: failed.error ?? `carrier result ${failed.resultCode} on segment ${failed.index}/${failed.total}`,
  };
}

export function attemptFromError(error: unknown): SubmitAttempt {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ConnectionLostError) return { kind: 'uncertain', detail };
  return { kind: 'uncertain', detail };
}
