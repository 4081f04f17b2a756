import { DispatchOutcome } from '../dispatch-types';
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

/** Backoff for messages that went back to the queue after a carrier saw them. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

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
  | { action: 'next'; failure: Failure; written: boolean };

/** Why a message is not submitted yet, and the channel that saw it last (when one did). */
export interface Failure {
  errorCode: string;
  detail: string;
  channelId?: string;
}

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
      return finish({
        kind: 'failed',
        errorCode: `CARRIER_REJECTED_${attempt.resultCode}`,
        detail,
        channelId,
      });
    case 'throttled':
      return next({ errorCode: `CARRIER_THROTTLED_${attempt.resultCode}`, detail, channelId }, true);
    case 'retriable':
      return next({ errorCode: `CARRIER_TEMPORARY_${attempt.resultCode}`, detail, channelId }, true);
    case 'not-sent':
      return next({ errorCode: 'NO_CHANNEL_AVAILABLE', detail }, false);
    case 'ambiguous':
      if (options.ambiguous === 'fail')
        return finish({ kind: 'failed', errorCode: 'SUBMIT_UNCONFIRMED', detail, channelId });
      if (options.ambiguous === 'retry')
        return finish(
          attempts >= options.retry.maxAttempts
            ? {
                kind: 'failed',
                errorCode: 'SUBMIT_UNCONFIRMED',
                detail: `${detail} (after ${attempts} attempts)`,
                channelId,
              }
            : {
                kind: 'retry',
                delayMs: options.ambiguousRetryMs,
                errorCode: 'SUBMIT_UNCONFIRMED',
                detail,
                attempted: true,
                channelId,
              },
        );
      return next({ errorCode: 'SUBMIT_UNCONFIRMED', detail, channelId }, true);
  }
}

/** No candidate left: back to the queue with backoff, or failed once the attempts are spent. */
export function whenExhausted(
  state: { failure?: Failure; written: boolean },
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
      ...failure,
      kind: 'failed',
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

function next(failure: Failure, written: boolean): FailoverStep {
  return { action: 'next', failure, written };
}
