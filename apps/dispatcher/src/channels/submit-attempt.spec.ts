import { InvalidOutboundSmsError, SessionClosedError, SubmitResult } from '@tongdao/protocols';
import { attemptFromError, attemptFromResult } from './submit-attempt';

const segment = (overrides: Partial<SubmitResult['segments'][number]>) => ({
  index: 1,
  total: 1,
  ok: true,
  resultCode: 0,
  retryable: false,
  carrierMessageId: '42',
  ...overrides,
});

describe('submit attempts', () => {
  it('collects carrier ids of accepted messages in segment order', () => {
    const result = {
      reference: 'm',
      ok: true,
      segments: [segment({ carrierMessageId: '1' }), segment({ index: 2, carrierMessageId: '2' })],
    };
    expect(attemptFromResult(result)).toEqual({ kind: 'accepted', carrierMessageIds: ['1', '2'] });
  });

  it('treats lost connections and timeouts as unconfirmed, not as rejections', () => {
    for (const error of ['connection_lost', 'timeout']) {
      const result = { reference: 'm', ok: false, segments: [segment({ ok: false, resultCode: -1, error })] };
      expect(attemptFromResult(result).kind).toBe('uncertain');
    }
  });

  it('knows a closed channel never sent the segment', () => {
    const result = {
      reference: 'm',
      ok: false,
      segments: [segment({ ok: false, resultCode: -1, error: 'channel_closed' })],
    };
    expect(attemptFromResult(result).kind).toBe('not-sent');
  });

  it('passes carrier result codes and their retryability through', () => {
    const result = {
      reference: 'm',
      ok: false,
      segments: [segment({ ok: false, resultCode: 8, retryable: true })],
    };
    expect(attemptFromResult(result)).toMatchObject({ kind: 'rejected', resultCode: 8, retryable: true });
  });

  it('maps thrown errors by what they prove', () => {
    expect(attemptFromError(new SessionClosedError('closing')).kind).toBe('not-sent');
    expect(attemptFromError(new InvalidOutboundSmsError('destination', 'not a number'))).toMatchObject({
      kind: 'rejected',
      retryable: false,
    });
    expect(attemptFromError(new Error('boom')).kind).toBe('uncertain');
  });
});
