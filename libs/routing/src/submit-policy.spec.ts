import { decideSubmit } from './submit-policy';

const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 };

describe('decideSubmit', () => {
  it('marks accepted submits as submitted with their carrier ids', () => {
    expect(decideSubmit({ kind: 'accepted', carrierMessageIds: ['1', '2'] }, 1, policy)).toEqual({
      action: 'mark-submitted',
      carrierMessageIds: ['1', '2'],
    });
  });

  it('fails permanent carrier rejections at once', () => {
    const decision = decideSubmit(
      { kind: 'rejected', resultCode: 13, retryable: false, detail: 'bad dest' },
      1,
      policy,
    );
    expect(decision).toEqual({ action: 'fail', errorCode: 'CARRIER_REJECTED_13', detail: 'bad dest' });
  });

  it('retries flow control with exponential backoff capped at maxDelayMs', () => {
    const attempt = { kind: 'rejected' as const, resultCode: 8, retryable: true, detail: 'flow control' };
    expect(decideSubmit(attempt, 1, policy)).toMatchObject({ action: 'retry', delayMs: 1000 });
    expect(decideSubmit(attempt, 2, policy)).toMatchObject({ action: 'retry', delayMs: 2000 });
    expect(decideSubmit(attempt, 3, policy)).toMatchObject({
      action: 'fail',
      errorCode: 'CARRIER_THROTTLED_8',
    });
  });

  it('retries uncertain and unsent attempts until the attempt budget is spent', () => {
    expect(decideSubmit({ kind: 'uncertain', detail: 'connection lost' }, 1, policy)).toMatchObject({
      action: 'retry',
      errorCode: 'SUBMIT_UNCONFIRMED',
    });
    expect(decideSubmit({ kind: 'not-sent', detail: 'no channel' }, 3, policy)).toMatchObject({
      action: 'fail',
      errorCode: 'NO_CHANNEL_AVAILABLE',
    });
  });
});
