import { MessageStatus as S } from './message-status';
import { outcomeOfReport, outcomeOfSegments, statusFromReport } from './report-outcome';

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

describe('outcomeOfReport', () => {
  it('delivers on a delivered report, with no error code', async () => {
    await expect(Promise.resolve(outcomeOfReport('DELIVRD', true))).resolves.toEqual({
      status: S.Delivered,
      errorCode: null,
      detail: { stats: ['DELIVRD'] },
    });
  });

  it('keeps a failed report’s raw stat as the error code and its carrier error in the detail', async () => {
    await expect(Promise.resolve(outcomeOfReport('REJECTD', false, '045'))).resolves.toEqual({
      status: S.Rejected,
      errorCode: 'REJECTD',
      detail: { stats: ['REJECTD'], error: '045' },
    });
    await expect(Promise.resolve(outcomeOfReport('MK:0001', false))).resolves.toEqual({
      status: S.Undelivered,
      errorCode: 'MK:0001',
      detail: { stats: ['MK:0001'] },
    });
  });
});
