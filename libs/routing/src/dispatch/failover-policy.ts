import { RetryPolicy } from '../submit-policy';
import { DispatchOutcome } from './dispatch-types';
import { ChannelAttempt } from './submit-classification';

/**
 * What to do with a message written to a channel that never answered (timeout, connection lost, stalled gateway):
 * - `resend`: at once on the next candidate channel (never the same one). The carrier may already hold it, so the
 *   user may get it twice; verification codes and notices arrive on time. The default.
 * - `retry`: back to the queue for `ambiguousRetryMs`, then routed again (a late report may arrive meanwhile).
 * - `fail`: the message ends FAILED with SUBMIT_UNCONFIRMED; never a duplicate, possibly never delivered.
 * The number of messages in this state per failure is bounded by the channel's window × connections.
 */
export type AmbiguousPolicy = 'resend' | 'retry' | 'fail';

export interface FailoverOptions {
  ambiguous: AmbiguousPolicy;
  ambiguousRetryMs: number;
  retry: RetryPolicy;
  /** Delay for a message no channel could take right now (it did not count as an attempt). */
  busyRetryMs: number;
}

export type FailoverStep =
  | { action: 'finish'; outcome: DispatchOutcome }
  /** Try the next candidate; `failure` is what to report if none is left. */
  | { action: 'next'; failure: { errorCode: string; detail: string }; written: boolean };

/** Decides, after one channel's attempt, whether the message is done or moves on to the next candidate. */
export function afterAttempt(
  channelId: string,
  attempt: ChannelAttempt,
  attempts: number,
  options: FailoverOptions,
): FailoverStep {
  const detail = `${channelId}: ${'detail' in attempt ? attempt.detail : ''}`;
  switch (attempt.kind) {
    case 'accepted':
    case 'partial':
      // A partial submit is reported as submitted with the accepted segments: they must never be resent.
      return finish({ kind: 'submitted', channelId, carrierMessageIds: attempt.carrierMessageIds });
    case 'rejected':
      return finish({ kind: 'failed', errorCode: `CARRIER_REJECTED_${attempt.resultCode}`, detail });
    case 'throttled':
      return next(`CARRIER_THROTTLED_${attempt.resultCode}`, detail, true);
    case 'retriable':
      return next(`CARRIER_TEMPORARY_${attempt.resultCode}`, detail, true);
    case 'not-sent':
      return next('NO_CHANNEL_AVAILABLE', detail, false);
    case 'ambiguous':
      if (options.ambiguous === 'fail')
        return finish({ kind: 'failed', errorCode: 'SUBMIT_UNCONFIRMED', detail });
      if (options.ambiguous === 'retry')
        return finish(
          attempts >= options.retry.maxAttempts
            ? {
                kind: 'failed',
                errorCode: 'SUBMIT_UNCONFIRMED',
                detail: `${detail} (after ${attempts} attempts)`,
              }
            : {
                kind: 'retry',
                delayMs: options.ambiguousRetryMs,
                errorCode: 'SUBMIT_UNCONFIRMED',
                detail,
                attempted: true,
              },
        );
      return next('SUBMIT_UNCONFIRMED', detail, true);
  }
}

/** No candidate left: back to the queue with backoff, or failed once the attempts are spent. */
export function whenExhausted(
  state: { failure?: { errorCode: string; detail: string }; written: boolean },
  attempts: number,
  options: FailoverOptions,
): DispatchOutcome {
  if (!state.written) {
    const failure = state.failure ?? {
      errorCode: 'NO_CHANNEL_AVAILABLE',
      detail: 'no channel can take it now',
    };
    return { kind: 'retry', delayMs: options.busyRetryMs, ...failure, attempted: false };
  }
  const failure = state.failure!;
  if (attempts >= options.retry.maxAttempts)
    return {
      kind: 'failed',
      errorCode: failure.errorCode,
      detail: `${failure.detail} (after ${attempts} attempts)`,
    };
  const delayMs = Math.min(
    options.retry.maxDelayMs,
    options.retry.baseDelayMs * 2 ** Math.max(0, attempts - 1),
  );
  return { kind: 'retry', delayMs, ...failure, attempted: true };
}

function finish(outcome: DispatchOutcome): FailoverStep {
  return { action: 'finish', outcome };
}

function next(errorCode: string, detail: string, written: boolean): FailoverStep {
  return { action: 'next', failure: { errorCode, detail }, written };
}
