import { MessageStatus } from '@tongdao/lifecycle';
import { DEFAULT_PERMANENT_FAILURE_CODES, permanentCodeSet, permanentFailureCode } from './permanent-failure';

const codes = permanentCodeSet(DEFAULT_PERMANENT_FAILURE_CODES);

describe('permanentFailureCode', () => {
  it('finds a permanent code among the segment stats, whatever its case', () => {
    expect(
      permanentFailureCode(
        { status: MessageStatus.Undelivered, detail: { stats: ['DELIVRD', 'mk:0001'] } },
        codes,
      ),
    ).toBe('MK:0001');
  });

  it('reads the protocol error field too', () => {
    expect(
      permanentFailureCode(
        { status: MessageStatus.Rejected, detail: { stats: ['REJECTD'], error: 'MN:0011' } },
        codes,
      ),
    ).toBe('MN:0011');
  });

  it('temporary failures, deliveries and other statuses are not permanent', () => {
    expect(
      permanentFailureCode({ status: MessageStatus.Undelivered, detail: { stats: ['UNDELIV'] } }, codes),
    ).toBeNull();
    expect(
      permanentFailureCode({ status: MessageStatus.Expired, detail: { stats: ['MK:0001'] } }, codes),
    ).toBeNull();
    expect(
      permanentFailureCode({ status: MessageStatus.Delivered, detail: { stats: ['DELIVRD'] } }, codes),
    ).toBeNull();
    expect(permanentFailureCode({ status: MessageStatus.Undelivered, detail: null }, codes)).toBeNull();
  });

  it('uses the configured list', () => {
    expect(
      permanentFailureCode(
        { status: MessageStatus.Undelivered, detail: { stats: ['XX:0042'] } },
        permanentCodeSet([' xx:0042 ', '']),
      ),
    ).toBe('XX:0042');
  });
});
