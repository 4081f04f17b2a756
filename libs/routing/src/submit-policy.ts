/** How one submit attempt ended, as far as the dispatcher can tell. */
export type SubmitAttempt =
  | { kind: 'accepted'; carrierMessageIds: string[] }
  | { kind: 'rejected'; resultCode: number; retryable: boolean; detail: string }
  /** The request was written but no answer came (connection lost, timeout): the carrier may have it. */
  | { kind: 'uncertain'; detail: string }
  /** Nothing was written: no channel, session closed before the write. */
  | { kind: 'not-sent'; detail: string };

export type SubmitDecision =
  | { action: 'mark-submitted'; carrierMessageIds: string[] }
  | { action: 'retry'; delayMs: number; errorCode: string; detail: string }
  | { action: 'fail'; errorCode: string; detail: string };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 120_000 };

/**
 * Turns an attempt into what happens to the message. `attempts` counts this attempt.
 * Uncertain submits are retried: a duplicate costs less than a lost verification code, and the
 * window of such messages is bounded by the session window (see README, "Delivery guarantees").
 */
export function decideSubmit(
  attempt: SubmitAttempt,
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): SubmitDecision {
  switch (attempt.kind) {
    case 'accepted':
      return { action: 'mark-submitted', carrierMessageIds: attempt.carrierMessageIds };
    case 'rejected':
      if (!attempt.retryable)
        return {
          action: 'fail',
          errorCode: `CARRIER_REJECTED_${attempt.resultCode}`,
          detail: attempt.detail,
        };
      return retryOrFail(`CARRIER_THROTTLED_${attempt.resultCode}`, attempt.detail, attempts, policy);
    case 'uncertain':
      return retryOrFail('SUBMIT_UNCONFIRMED', attempt.detail, attempts, policy);
    case 'not-sent':
      return retryOrFail('NO_CHANNEL_AVAILABLE', attempt.detail, attempts, policy);
  }
}

function retryOrFail(
  errorCode: string,
  detail: string,
  attempts: number,
  policy: RetryPolicy,
): SubmitDecision {
  if (attempts >= policy.maxAttempts)
    return { action: 'fail', errorCode, detail: `${detail} (after ${attempts} attempts)` };
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return { action: 'retry', delayMs, errorCode, detail };
}
