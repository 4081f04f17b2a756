import { decodeGsm7, encodeGsm7, gsm7SeptetCost, isGsm7 } from './gsm7-alphabet';
import { TextEncodingError } from './text-encoding-error';

describe('GSM 03.38 alphabet', () => {
  it('accepts the whole basic table and the extension table', () => {
    expect(isGsm7('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?')).toBe(true);
    expect(isGsm7('¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà')).toBe(true);
    expect(isGsm7('^{}\\[~]|€\f')).toBe(true);
  });

  it.each([
    ['Chinese', '中'],
    ['lower-case c cedilla', 'ç'],
    ['backtick', '`'],
    ['emoji', '😀'],
    ['literal escape character', '\u001b'],
    ['full-width brackets of a signature', '【'],
  ])('rejects %s', (_label, text) => {
    expect(isGsm7(`abc${text}`)).toBe(false);
  });

  it('prices basic characters at one septet and extension characters at two', () => {
    expect(gsm7SeptetCost('A'.charCodeAt(0))).toBe(1);
    expect(gsm7SeptetCost('€'.charCodeAt(0))).toBe(2);
    expect(gsm7SeptetCost('{'.charCodeAt(0))).toBe(2);
    expect(gsm7SeptetCost('中'.charCodeAt(0))).toBe(0);
  });

  it('encodes to unpacked septets with 0x1B escapes', () => {
    expect([...encodeGsm7('@A€[')]).toEqual([0x00, 0x41, 0x1b, 0x65, 0x1b, 0x3c]);
    expect([...encodeGsm7('$¤')]).toEqual([0x02, 0x24]);
  });

  it('names the offending character when encoding fails', () => {
    expect(() => encodeGsm7('ok 中')).toThrow(TextEncodingError);
    expect(() => encodeGsm7('ok 中')).toThrow('U+4E2D at position 3');
  });

  it('decodes leniently: high bit ignored, unknown escape falls back, dangling escape is a space', () => {
    expect(decodeGsm7(Buffer.from([0xc1, 0x1b, 0x41, 0x42, 0x1b]))).toBe('AAB ');
    expect(decodeGsm7(Buffer.from([0x1b, 0x1b]))).toBe(' ');
  });

  it('round-trips every encodable character', () => {
    const text = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€\f';
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
  });
});
