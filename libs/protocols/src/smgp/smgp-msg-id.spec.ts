import fc from 'fast-check';
import { ProtocolDecodeError } from '../core';
import { decodeSmgpMsgId, encodeSmgpMsgId, formatSmgpMsgId, parseSmgpMsgId } from './smgp-msg-id';
import { SmgpMsgIdGenerator } from './smgp-msg-id-generator';

describe('SMGP MsgID', () => {
  const raw = Buffer.from('12345611051429000001', 'hex');

  it('formats the BCD bytes as 20 digits and decodes the fields', () => {
    expect(formatSmgpMsgId(raw)).toBe('12345611051429000001');
    expect(parseSmgpMsgId('12345611051429000001')).toEqual(raw);
    expect(decodeSmgpMsgId(raw)).toEqual({
      gatewayCode: '123456',
      month: 11,
      day: 5,
      hour: 14,
      minute: 29,
      sequence: 1,
    });
  });

  it('round-trips encoded fields', () => {
    const fields = fc.record({
      gatewayCode: fc.integer({ min: 0, max: 999999 }).map((n) => String(n).padStart(6, '0')),
      month: fc.integer({ min: 0, max: 99 }),
      day: fc.integer({ min: 0, max: 99 }),
      hour: fc.integer({ min: 0, max: 99 }),
      minute: fc.integer({ min: 0, max: 99 }),
      sequence: fc.integer({ min: 0, max: 999999 }),
    });
    fc.assert(fc.property(fields, (f) => expect(decodeSmgpMsgId(encodeSmgpMsgId(f))).toEqual(f)));
  });

  it('rejects non-BCD ids and malformed strings', () => {
    expect(() => decodeSmgpMsgId(Buffer.from('1234561105142900000a', 'hex'))).toThrow(ProtocolDecodeError);
    expect(() => parseSmgpMsgId('123')).toThrow(ProtocolDecodeError);
    expect(() => formatSmgpMsgId(Buffer.alloc(8))).toThrow(ProtocolDecodeError);
  });

  it('generates ids with the gateway code, Beijing time and a wrapping 6-digit sequence', () => {
    const generator = new SmgpMsgIdGenerator(123456, () => new Date('2024-11-05T06:29:42Z'));
    expect(formatSmgpMsgId(generator.next())).toBe('12345611051429000000');
    expect(formatSmgpMsgId(generator.next())).toBe('12345611051429000001');
    const nearWrap = new SmgpMsgIdGenerator('000001', () => new Date(0), 480, 999_999);
    expect(decodeSmgpMsgId(nearWrap.next()).sequence).toBe(999_999);
    expect(decodeSmgpMsgId(nearWrap.next()).sequence).toBe(0);
    expect(() => new SmgpMsgIdGenerator('1234567')).toThrow(RangeError);
  });
});
