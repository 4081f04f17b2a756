import fc from 'fast-check';
import { canEncode, decodeText, encodeText } from './text-codec';
import { WireCoding } from './text-encoding';
import { TextEncodingError } from './text-encoding-error';

describe('encodeText', () => {
  it('writes UCS2 as UTF-16BE, astral characters as surrogate pairs', () => {
    expect(encodeText('中a', 'UCS2').toString('hex')).toBe('4e2d0061');
    expect(encodeText('😀', 'UCS2').toString('hex')).toBe('d83dde00');
  });

  it('writes GBK with one byte for ASCII and two for Chinese', () => {
    expect(encodeText('中a', 'GBK').toString('hex')).toBe('d6d061');
    expect(encodeText('【品牌】', 'GBK')).toHaveLength(8);
  });

  it('writes GSM7 as unpacked septets with escape pairs', () => {
    expect(encodeText('A€', 'GSM7').toString('hex')).toBe('411b65');
  });

  it('writes ASCII, LATIN1 and BINARY one byte per character', () => {
    expect(encodeText('Code 42', 'ASCII').toString()).toBe('Code 42');
    expect(encodeText('café', 'LATIN1').toString('hex')).toBe('636166e9');
    expect(encodeText('\u0000\u00ff', 'BINARY').toString('hex')).toBe('00ff');
  });

  it.each<[WireCoding, string]>([
    ['ASCII', 'café'],
    ['LATIN1', '中'],
    ['BINARY', '€'],
    ['GSM7', '中'],
    ['GBK', 'ok 😀'],
  ])('refuses to substitute characters %s cannot carry', (coding, text) => {
    expect(() => encodeText(text, coding)).toThrow(TextEncodingError);
    expect(canEncode(text, coding)).toBe(false);
  });

  it('reports where GBK fails', () => {
    expect(() => encodeText('中文😀', 'GBK')).toThrow('U+1F600 at position 2 cannot be encoded as GBK');
  });
});

describe('decodeText', () => {
  it('decodes each coding', () => {
    expect(decodeText(Buffer.from('4e2d0061', 'hex'), 'UCS2')).toBe('中a');
    expect(decodeText(Buffer.from('d6d061', 'hex'), 'GBK')).toBe('中a');
    expect(decodeText(Buffer.from('411b65', 'hex'), 'GSM7')).toBe('A€');
    expect(decodeText(Buffer.from('636166e9', 'hex'), 'LATIN1')).toBe('café');
    expect(decodeText(Buffer.from('41', 'hex'), 'ASCII')).toBe('A');
  });

  it('never throws on malformed input', () => {
    expect(decodeText(Buffer.from('4e2d00', 'hex'), 'UCS2')).toBe('中\ufffd');
    expect(decodeText(Buffer.from('41e9', 'hex'), 'ASCII')).toBe('A\ufffd');
    expect(decodeText(Buffer.from('d6', 'hex'), 'GBK')).toBe('\ufffd');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom<WireCoding>('GSM7', 'ASCII', 'LATIN1', 'UCS2', 'GBK', 'BINARY'),
        (bytes, coding) => {
          expect(typeof decodeText(Buffer.from(bytes), coding)).toBe('string');
        },
      ),
    );
  });

  it('does not modify the caller buffer when decoding UCS2', () => {
    const bytes = Buffer.from('4e2d', 'hex');
    decodeText(bytes, 'UCS2');
    expect(bytes.toString('hex')).toBe('4e2d');
  });
});

describe('round trips', () => {
  it('UCS2 preserves any well-formed Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(decodeText(encodeText(text, 'UCS2'), 'UCS2')).toBe(text);
      }),
    );
  });

  it('GBK preserves Chinese marketing text', () => {
    const text = '【品牌】新会员立减20元，为您预留20元新人礼金 t.brand.cn/3Ed5 回TD退订';
    expect(decodeText(encodeText(text, 'GBK'), 'GBK')).toBe(text);
  });

  it('BINARY and LATIN1 preserve every byte value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 140 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(encodeText(decodeText(buffer, 'BINARY'), 'BINARY').equals(buffer)).toBe(true);
        expect(encodeText(decodeText(buffer, 'LATIN1'), 'LATIN1').equals(buffer)).toBe(true);
      }),
    );
  });

  it('GSM7 preserves text in the alphabet', () => {
    const text = 'Your code: 123456 {valid 5 min} €0 ~ [x] | ^ \\ @Δ';
    expect(decodeText(encodeText(text, 'GSM7'), 'GSM7')).toBe(text);
  });
});
