import { defaultDestinationFormat, formatDestination, formatSource, toE164 } from './address-format';
import { InvalidOutboundSmsError } from './invalid-outbound-sms-error';

describe('address formatting', () => {
  it('formats destinations per protocol default', () => {
    expect(formatDestination('+8613800138000', defaultDestinationFormat('cmpp3'))).toBe('13800138000');
    expect(formatDestination('+8613800138000', defaultDestinationFormat('smgp'))).toBe('13800138000');
    expect(formatDestination('+8613800138000', defaultDestinationFormat('sgip'))).toBe('8613800138000');
    expect(formatDestination('+8613800138000', defaultDestinationFormat('smpp'))).toBe('8613800138000');
    expect(formatDestination('+447700900123', 'international')).toBe('447700900123');
  });

  it('rejects non-E.164 input and foreign numbers on domestic channels', () => {
    expect(() => formatDestination('13800138000', 'national')).toThrow(InvalidOutboundSmsError);
    expect(() => formatDestination('+86 138', 'national')).toThrow(InvalidOutboundSmsError);
    expect(() => formatDestination('+447700900123', 'with86')).toThrow(/mainland China/);
  });

  it('appends a digit extension to the sender number within the field size', () => {
    expect(formatSource('1069001', '8866', 21)).toBe('10690018866');
    expect(formatSource('1069001', undefined, 21)).toBe('1069001');
    expect(() => formatSource('1069001', '88a', 21)).toThrow(InvalidOutboundSmsError);
    expect(formatSource('1069001', '1'.repeat(15), 21)).toBe('1069001');
    expect(() => formatSource('1'.repeat(22), undefined, 21)).toThrow(/longer than 21/);
  });

  it('normalises gateway numbers to E.164 where recognisable', () => {
    expect(toE164('13900139000')).toBe('+8613900139000');
    expect(toE164('8613900139000')).toBe('+8613900139000');
    expect(toE164('+8613900139000')).toBe('+8613900139000');
    expect(toE164('0044770090012')).toBe('+44770090012');
    expect(toE164('10086')).toBe('10086');
  });
});
