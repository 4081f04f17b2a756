import fc from 'fast-check';
import { ProtocolDecodeError } from '../core';
import { sgipSequenceArbitrary } from './sgip-arbitraries';
import { formatSgipSequence, parseSgipSequence } from './sgip-sequence';
import { SgipSequenceGenerator } from './sgip-sequence-generator';

describe('SGIP sequence numbers', () => {
  it('formats as nodeId-timestamp(10 digits)-sequence', () => {
    expect(formatSgipSequence({ nodeId: 3027012345, timestamp: 105010203, sequence: 7 })).toBe(
      '3027012345-0105010203-7',
    );
  });

  it('parses its own output back', () => {
    fc.assert(
      fc.property(sgipSequenceArbitrary, (seq) =>
        expect(parseSgipSequence(formatSgipSequence(seq))).toEqual(seq),
      ),
    );
  });

  it.each(['1-2-3', '1-0105010203', 'a-0105010203-1', '4294967296-0105010203-1'])('rejects %s', (text) => {
    expect(() => parseSgipSequence(text)).toThrow(ProtocolDecodeError);
  });

  it('generates increasing sequences stamped with Beijing time', () => {
    const generator = new SgipSequenceGenerator(1010, () => new Date('2024-01-05T02:03:04Z'));
    expect(generator.next()).toEqual({ nodeId: 1010, timestamp: 105100304, sequence: 1 });
    expect(generator.next().sequence).toBe(2);
  });

  it('wraps the counter from 0xffffffff back to 1, never 0', () => {
    const generator = new SgipSequenceGenerator(1, () => new Date(0));
    (generator as unknown as { counter: number }).counter = 0xfffffffe;
    expect(generator.next().sequence).toBe(0xffffffff);
    expect(generator.next().sequence).toBe(1);
  });
});
