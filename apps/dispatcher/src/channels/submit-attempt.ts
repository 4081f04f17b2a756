import { InvalidOutboundSmsError, SessionClosedError, SubmitResult } from '@tongdao/protocols';
import { SubmitAttempt } from '@tongdao/routing';

/** Segment errors after which the carrier may or may not hold the segment. */
const UNCONFIRMED_ERRORS = new Set(['connection_lost', 'timeout']);

/** Translates what the protocol layer reported into the routing policy's vocabulary. */
export function attemptFromResult(result: SubmitResult): SubmitAttempt {
  if (result.ok) {
    return {
      kind: 'accepted',
      carrierMessageIds: result.segments.map((segment) => segment.carrierMessageId ?? ''),
    };
  }
  const failed = result.segments.find((segment) => !segment.ok)!;
  const where = `segment ${failed.index}/${failed.total}`;
  if (failed.error === 'channel_closed')
    return { kind: 'not-sent', detail: `channel closed before ${where} was sent` };
  if (failed.error && UNCONFIRMED_ERRORS.has(failed.error)) {
    return { kind: 'uncertain', detail: `${failed.error} while submitting ${where}` };
  }
  return {
    kind: 'rejected',
    resultCode: failed.resultCode,
    retryable: failed.retryable,
    detail: failed.error ?? `carrier result ${failed.resultCode} on ${where}`,
  };
}

export function attemptFromError(error: unknown): SubmitAttempt {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof SessionClosedError) return { kind: 'not-sent', detail };
  if (error instanceof InvalidOutboundSmsError)
    return { kind: 'rejected', resultCode: -1, retryable: false, detail };
  return { kind: 'uncertain', detail };
}
