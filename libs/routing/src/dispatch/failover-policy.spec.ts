import type { SegmentSubmitResult, SubmitResult } from '@tongdao/protocols';
import { afterAttempt, FailoverOptions, whenExhausted } from './failover-policy';
import { classifySubmit, verdictOf } from './submit-classification';
import { priorityOf } from '../dispatch-types';

const segment = (overrides: Partial<SegmentSubmitResult> = {}): SegmentSubmitResult => ({
  index: 1,
  total: 1,
  ok: true,
  resultCode: 0,
  retryable: false,
  carrierMessageId: 'id-1',
  ...overrides,
});
const result = (...segments: SegmentSubmitResult[]): SubmitResult => ({
  reference: 'm',
  ok: segments.every((s) => s.ok),
  segments,
});
const flow = new Set([8]);

const options: FailoverOptions = {
  ambiguous: 'resend',
  ambiguousRetryMs: 30_000,
  retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 5_000 },
  busyRetryMs: 500,
};

describe('classifySubmit', () => {
  it('tells accepted, partial, throttled, retriable and rejected apart', () => {
    expect(classifySubmit(result(segment(), segment({ index: 2, carrierMessageId: 'id-2' })), flow)).toEqual({
      kind: 'accepted',
      carrierMessageIds: ['id-1', 'id-2'],
    });
    expect(
      classifySubmit(
        result(
          segment({ total: 2 }),
          segment({ index: 2, total: 2, ok: false, resultCode: -1, error: 'timeout' }),
        ),
        flow,
      ),
    ).toMatchObject({
      kind: 'partial',
      carrierMessageIds: ['id-1'],
      detail: '1 of 2 segments accepted; timeout on segment 2/2',
    });
    expect(
      classifySubmit(result(segment({ ok: false, resultCode: 8, retryable: true })), flow),
    ).toMatchObject({
      kind: 'throttled',
      resultCode: 8,
    });
    expect(classifySubmit(result(segment({ ok: false, resultCode: 8, retryable: false })), flow).kind).toBe(
      'throttled',
    );
    expect(
      classifySubmit(result(segment({ ok: false, resultCode: 32, retryable: true })), flow),
    ).toMatchObject({
      kind: 'retriable',
      resultCode: 32,
    });
    expect(classifySubmit(result(segment({ ok: false, resultCode: 13 })), flow)).toMatchObject({
      kind: 'rejected',
      resultCode: 13,
      detail: 'result 13 on segment 1/1',
    });
  });

  it('knows what was never written from what may have arrived', () => {
    const withdrawn = segment({ ok: false, resultCode: -1, retryable: true, error: 'withdrawn' });
    const closed = segment({ ok: false, resultCode: -1, retryable: true, error: 'channel_closed' });
    const lost = segment({ ok: false, resultCode: -1, retryable: true, error: 'connection_lost' });
    expect(classifySubmit(result(withdrawn, closed), flow).kind).toBe('not-sent');
    expect(classifySubmit(result(withdrawn, { ...lost, index: 2 }), flow)).toMatchObject({
      kind: 'ambiguous',
      detail: 'connection_lost on segment 2/1',
    });
  });

  it('counts unanswered and temporarily refused submits against the channel, nothing else', () => {
    expect(verdictOf({ kind: 'ambiguous', detail: 'timeout' })).toEqual({ ok: false, reason: 'timeout' });
    expect(verdictOf({ kind: 'retriable', resultCode: 32, detail: 'busy' }).ok).toBe(false);
    expect(verdictOf({ kind: 'throttled', resultCode: 8, detail: 'flow' }).ok).toBe(true);
    expect(verdictOf({ kind: 'rejected', resultCode: 13, detail: 'bad number' }).ok).toBe(true);
    expect(verdictOf({ kind: 'not-sent', detail: 'withdrawn' }).ok).toBe(true);
  });
});

describe('failover policy', () => {
  it('finishes on acceptance, even partial, and on a definite rejection', () => {
    expect(afterAttempt('a', { kind: 'partial', carrierMessageIds: ['1'], detail: 'x' }, 1, options)).toEqual(
      {
        action: 'finish',
        outcome: { kind: 'submitted', channelId: 'a', carrierMessageIds: ['1'] },
      },
    );
    expect(afterAttempt('a', { kind: 'rejected', resultCode: 13, detail: 'bad' }, 1, options)).toEqual({
      action: 'finish',
      outcome: { kind: 'failed', errorCode: 'CARRIER_REJECTED_13', detail: 'a: bad', channelId: 'a' },
    });
  });

  it('moves throttled, temporarily refused and unsent messages to the next candidate', () => {
    expect(afterAttempt('a', { kind: 'throttled', resultCode: 8, detail: 'flow' }, 1, options)).toMatchObject(
      {
        action: 'next',
        written: true,
        failure: { errorCode: 'CARRIER_THROTTLED_8' },
      },
    );
    expect(afterAttempt('a', { kind: 'not-sent', detail: 'withdrawn' }, 1, options)).toMatchObject({
      action: 'next',
      written: false,
    });
  });

  it('follows the configured policy for written-but-unanswered submits', () => {
    const ambiguous = { kind: 'ambiguous' as const, detail: 'timeout on segment 1/1' };
    expect(afterAttempt('a', ambiguous, 1, options)).toMatchObject({ action: 'next', written: true });
    expect(afterAttempt('a', ambiguous, 1, { ...options, ambiguous: 'retry' })).toEqual({
      action: 'finish',
      outcome: {
        kind: 'retry',
        delayMs: 30_000,
        errorCode: 'SUBMIT_UNCONFIRMED',
        detail: 'a: timeout on segment 1/1',
        attempted: true,
        channelId: 'a',
      },
    });
    expect(afterAttempt('a', ambiguous, 3, { ...options, ambiguous: 'retry' })).toMatchObject({
      outcome: { kind: 'failed', errorCode: 'SUBMIT_UNCONFIRMED' },
    });
    expect(afterAttempt('a', ambiguous, 1, { ...options, ambiguous: 'fail' })).toMatchObject({
      outcome: { kind: 'failed', errorCode: 'SUBMIT_UNCONFIRMED' },
    });
  });

  it('when candidates run out: a free retry if nothing was written, else backoff until the attempts are spent', () => {
    expect(whenExhausted({ written: false }, 4, options)).toEqual({
      kind: 'retry',
      delayMs: 500,
      errorCode: 'NO_CHANNEL_AVAILABLE',
      detail: 'no channel can take it now',
      attempted: false,
    });
    const failure = { errorCode: 'CARRIER_THROTTLED_8', detail: 'a: flow' };
    expect(whenExhausted({ written: true, failure }, 1, options)).toMatchObject({
      kind: 'retry',
      delayMs: 1_000,
      attempted: true,
    });
    expect(whenExhausted({ written: true, failure }, 2, options)).toMatchObject({ delayMs: 2_000 });
    expect(whenExhausted({ written: true, failure }, 3, options)).toEqual({
      kind: 'failed',
      errorCode: 'CARRIER_THROTTLED_8',
      detail: 'a: flow (after 3 attempts)',
    });
  });

  it('orders kinds into priority lanes', () => {
    expect(['verification', 'notification', 'marketing'].map((kind) => priorityOf(kind as never))).toEqual([
      0, 1, 2,
    ]);
  });
});
