import fc from 'fast-check';
import { ProtocolDecodeError } from '../core';
import { decodeCmppMsgId, encodeCmppMsgId, formatCmppMsgId, parseCmppMsgId } from './cmpp-msg-id';
import { CmppMsgIdGenerator } from './cmpp-msg-id-generator';

describe('CMPP Msg_Id', () => {
  const sample = Buffer.from('b2b9da8000010000', 'hex');

  it('decodes the reference sample 12878564852733378560', () => {
    expect(decodeCmppMsgId(sample)).toEqual({
      value: 12878564852733378560n,
      month: 11,
      day: 5,
      hour: 14,
      minute: 29,
      second: 42,
      gatewayId: 1,
      sequence: 0,
    });
    expect(formatCmppMsgId(sample)).toBe('12878564852733378560');
    expect(parseCmppMsgId('12878564852733378560')).toEqual(sample);
  });

  it('keeps precision above 2^53 (a Number would round the last digits)', () => {
    const max = Buffer.from('ffffffffffffffff', 'hex');
    expect(formatCmppMsgId(max)).toBe('18446744073709551615');
    expect(parseCmppMsgId('18446744073709551615')).toEqual(max);
  });

  it('round-trips fields and decimal strings', () => {
    const fields = fc.record({
      month: fc.integer({ min: 0, max: 15 }),
      day: fc.integer({ min: 0, max: 31 }),
      hour: fc.integer({ min: 0, max: 31 }),
      minute: fc.integer({ min: 0, max: 63 }),
      second: fc.integer({ min: 0, max: 63 }),
      gatewayId: fc.integer({ min: 0, max: 0x3fffff }),
      sequence: fc.integer({ min: 0, max: 0xffff }),
    });
    fc.assert(
      fc.property(fields, (f) => {
        const buf = encodeCmppMsgId(f);
        const { value: _value, ...decoded } = decodeCmppMsgId(buf);
        expect(decoded).toEqual(f);
        expect(parseCmppMsgId(formatCmppMsgId(buf))).toEqual(buf);
      }),
    );
  });

  it('rejects malformed input', () => {
    expect(() => parseCmppMsgId('18446744073709551616')).toThrow(ProtocolDecodeError);
    expect(() => parseCmppMsgId('12a')).toThrow(ProtocolDecodeError);
    expect(() => formatCmppMsgId(Buffer.alloc(7))).toThrow(ProtocolDecodeError);
    expect(() =>
      encodeCmppMsgId({ month: 16, day: 1, hour: 1, minute: 1, second: 1, gatewayId: 1, sequence: 1 }),
    ).toThrow(/month/);
  });
});

describe('CmppMsgIdGenerator', () => {
  it('stamps Beijing wall-clock time, the gateway id and a wrapping 16-bit sequence', () => {
    const clock = () => new Date('2024-11-05T06:29:42Z');
    const generator = new CmppMsgIdGenerator(1, clock);
    const first = decodeCmppMsgId(generator.next());
    expect(first).toMatchObject({
      month: 11,
      day: 5,
      hour: 14,
      minute: 29,
      second: 42,
      gatewayId: 1,
      sequence: 0,
    });
    const ids = new Set<string>([formatCmppMsgId(encodeCmppMsgId(first))]);
    for (let i = 1; i < 0x10000; i++) ids.add(formatCmppMsgId(generator.next()));
    expect(ids.size).toBe(0x10000);
    expect(decodeCmppMsgId(generator.next()).sequence).toBe(0);
  });

  it('rejects a gateway id over 22 bits', () => {
    expect(() => new CmppMsgIdGenerator(0x400000)).toThrow(RangeError);
  });
});
