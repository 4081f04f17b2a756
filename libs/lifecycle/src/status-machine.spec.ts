import { FINAL_MESSAGE_STATUSES, isFinal, MESSAGE_STATUSES, MessageStatus as S } from './message-status';
import { canTransition, INITIAL_STATUSES, nextStatuses, sourcesOf } from './status-machine';

describe('message status machine', () => {
  it('allows the delivery path', async () => {
    await expect(Promise.resolve(canTransition(S.Queued, S.Submitted))).resolves.toBe(true);
    expect(canTransition(S.Submitted, S.Delivered)).toBe(true);
    expect(canTransition(S.Scheduled, S.Submitted)).toBe(true);
    expect(canTransition(S.Held, S.Queued)).toBe(true);
  });

  it('records a retry as QUEUED → QUEUED', () => {
    expect(canTransition(S.Queued, S.Queued)).toBe(true);
  });

  it.each(FINAL_MESSAGE_STATUSES)('never leaves the final status %s', (final) => {
    expect(nextStatuses(final)).toEqual([]);
    for (const to of MESSAGE_STATUSES) expect(canTransition(final, to)).toBe(false);
  });

  it('never sends an acknowledged submit again', () => {
    for (const to of [S.Queued, S.Scheduled, S.Held, S.Submitted])
      expect(canTransition(S.Submitted, to)).toBe(false);
  });

  it('lets a carrier report finish only a submitted message', () => {
    for (const to of [S.Delivered, S.Undelivered, S.Expired, S.Rejected])
      expect(sourcesOf(to)).toEqual([S.Submitted]);
  });

  it('derives sources from the same table', () => {
    for (const to of MESSAGE_STATUSES)
      for (const from of MESSAGE_STATUSES) expect(sourcesOf(to).includes(from)).toBe(canTransition(from, to));
  });

  it('creates messages only in non-final statuses', () => {
    for (const status of INITIAL_STATUSES) expect(isFinal(status)).toBe(false);
    expect(isFinal(S.Failed)).toBe(true);
  });
});
