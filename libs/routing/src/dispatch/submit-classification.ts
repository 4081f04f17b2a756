import type { SegmentSubmitResult, SubmitResult } from '@tongdao/protocols';
import type { ChannelVerdict } from '../breakers/channel-breaker';

/** What one submit on one channel proves, from the failover point of view. */
export type ChannelAttempt =
  | { kind: 'accepted'; carrierMessageIds: string[] }
  /** Some segments accepted, others not: acknowledged segments must never be sent again. */
  | { kind: 'partial'; carrierMessageIds: string[]; detail: string }
  /** The gateway refused it as flow control: slow the channel, send it elsewhere or later. */
  | { kind: 'throttled'; resultCode: number; detail: string }
  /** A definite refusal worth retrying (elsewhere first). */
  | { kind: 'retriable'; resultCode: number; detail: string }
  /** A definite refusal of this message: retrying cannot help. */
  | { kind: 'rejected'; resultCode: number; detail: string }
  /** Never written (withdrawn from the queue, channel closed, breaker open): safe to send anywhere. */
  | { kind: 'not-sent'; detail: string }
  /** Written without an answer (timeout, connection lost): the gateway may have it. */
  | { kind: 'ambiguous'; detail: string };

const UNCONFIRMED = new Set(['timeout', 'connection_lost']);
const UNSENT = new Set(['withdrawn', 'channel_closed']);

export function classifySubmit(result: SubmitResult, flowControlCodes: ReadonlySet<number>): ChannelAttempt {
  if (result.ok)
    return { kind: 'accepted', carrierMessageIds: result.segments.map((s) => s.carrierMessageId ?? '') };
  const accepted = result.segments.filter((segment) => segment.ok);
  const failed = result.segments.filter((segment) => !segment.ok);
  const first = failed[0]!;
  const where = `segment ${first.index}/${first.total}`;
  if (accepted.length > 0)
    return {
      kind: 'partial',
      carrierMessageIds: accepted.map((segment) => segment.carrierMessageId ?? ''),
      detail: `${accepted.length} of ${result.segments.length} segments accepted; ${describe(first)} on ${where}`,
    };
  const unconfirmed = failed.find((segment) => segment.error && UNCONFIRMED.has(segment.error));
  if (unconfirmed)
    return {
      kind: 'ambiguous',
      detail: `${unconfirmed.error} on segment ${unconfirmed.index}/${unconfirmed.total}`,
    };
  if (failed.every((segment) => segment.error && UNSENT.has(segment.error)))
    return { kind: 'not-sent', detail: `${first.error} before ${where} was written` };
  const answered = failed.find((segment) => segment.resultCode >= 0) ?? first;
  const detail = `${describe(answered)} on segment ${answered.index}/${answered.total}`;
  if (flowControlCodes.has(answered.resultCode))
    return { kind: 'throttled', resultCode: answered.resultCode, detail };
  if (answered.resultCode >= 0 && answered.retryable)
    return { kind: 'retriable', resultCode: answered.resultCode, detail };
  return { kind: 'rejected', resultCode: answered.resultCode, detail };
}

/** Whether an attempt counts against the channel's health (its breaker). */
export function verdictOf(attempt: ChannelAttempt): ChannelVerdict {
  switch (attempt.kind) {
    case 'ambiguous':
    case 'retriable':
      return { ok: false, reason: attempt.detail };
    case 'partial':
      return attempt.detail.includes('timeout') || attempt.detail.includes('connection_lost')
        ? { ok: false, reason: attempt.detail }
        : { ok: true };
    default:
      return { ok: true };
  }
}

function describe(segment: SegmentSubmitResult): string {
  return segment.error ?? `result ${segment.resultCode}`;
}
