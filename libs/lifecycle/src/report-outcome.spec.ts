import { MessageStatus as S } from './message-status';
import { outcomeOfSegments, statusFromReport } from './report-outcome';

describe('statusFromReport', () => {
  it.each([
    ['DELIVRD', true, S.Delivered],
    ['EXPIRED', false, S.Expired],
    ['expired ', false, S.Expired],
    ['REJECTD', false, S.Rejected],
    ['REJECTED', false, S.Rejected],
    ['UNDELIV', false, S.Undelivered],
    ['MK:0001', false, S.Undelivered],
  ])('%s (delivered=%s) → %s', async (stat, delivered, expected) => {
    await expect(Promise.resolve(statusFromReport(stat as string, delivered as boolean))).resolves.toBe(
      expected,
    );
  });
});

describe('outcomeOfSegments', () => {
  const ok = (segmentIndex: number) => ({ segmentIndex, stat: 'DELIVRD', delivered: true });

  it('waits until every segment has reported', () => {
    expect(outcomeOfSegments(2, [ok(0)])).toBeNull();
    expect(outcomeOfSegments(2, [ok(0), { segmentIndex: 1, stat: null, delivered: null }])).toBeNull();
  });

  it('is delivered only when every segment was', () => {
    expect(outcomeOfSegments(2, [ok(1), ok(0)])).toEqual({
      status: S.Delivered,
      errorCode: null,
      detail: { stats: ['DELIVRD', 'DELIVRD'] },
    });
  });

  it('lets the first failing segment decide and keeps its raw stat', () => {
    const outcome = outcomeOfSegments(3, [
      ok(0),
      { segmentIndex: 2, stat: 'REJECTD', delivered: false },
      { segmentIndex: 1, stat: 'MK:0001', delivered: false, error: '001' },
    ]);
    expect(outcome).toEqual({
      status: S.Undelivered,
      errorCode: 'MK:0001',
      detail: { stats: ['DELIVRD', 'MK:0001', 'REJECTD'], error: '001' },
    });
  });
});
