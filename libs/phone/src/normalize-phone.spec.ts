import fc from 'fast-check';
import { normalizePhone } from './normalize-phone';
import { PhoneErrorCode, PhoneParseResult } from './phone-parse-result';

const MAINLAND = {
  e164: '+8613800138000',
  national: '13800138000',
  countryCode: '86',
  region: 'CN',
  mainland: true,
};

function expectError(result: PhoneParseResult, code: PhoneErrorCode): string {
  expect(result).toMatchObject({ ok: false, code });
  return result.ok ? '' : result.reason;
}

describe('normalizePhone', () => {
  describe('accepted mainland shapes', () => {
    it.each([
      '13800138000',
      '+8613800138000',
      '+86 138 0013 8000',
      '+86-138-0013-8000',
      '008613800138000',
      '0086 13800138000',
      '8613800138000',
      '86 138-0013-8000',
      ' 138 0013 8000 ',
      '138.0013.8000',
      '(+86) 13800138000',
      '１３８００１３８０００',
      '＋８６ １３８００１３８０００',
      '138\u00a00013\u30008000',
      '138–0013—8000',
    ])('%j', (input) => {
      expect(normalizePhone(input)).toEqual({ ok: true, phone: MAINLAND });
    });

    it('accepts a JavaScript number', () => {
      expect(normalizePhone(13800138000)).toEqual({ ok: true, phone: MAINLAND });
    });

    it.each(['13012345678', '14512345678', '16212345678', '17012345678', '19212345678', '19912345678'])(
      'accepts every 1[3-9] range: %s',
      (input) => {
        expect(normalizePhone(input)).toMatchObject({ ok: true, phone: { national: input, mainland: true } });
      },
    );
  });

  describe('accepted international shapes', () => {
    it.each([
      ['+852 9123 4567', '+85291234567', '91234567', '852', 'HK'],
      ['00852 91234567', '+85291234567', '91234567', '852', 'HK'],
      ['+1 (415) 555-2671', '+14155552671', '4155552671', '1', 'US'],
      ['+65 9123 4567', '+6591234567', '91234567', '65', 'SG'],
      ['+886 912 345 678', '+886912345678', '912345678', '886', 'TW'],
    ])('%j', (input, e164, national, countryCode, region) => {
      expect(normalizePhone(input)).toEqual({
        ok: true,
        phone: { e164, national, countryCode, region, mainland: false },
      });
    });
  });

  describe('rejected inputs', () => {
    it.each<[string, unknown, PhoneErrorCode]>([
      ['undefined', undefined, 'PHONE_REQUIRED'],
      ['null', null, 'PHONE_REQUIRED'],
      ['empty string', '', 'PHONE_REQUIRED'],
      ['blank string', '   ', 'PHONE_REQUIRED'],
      ['object', { phone: '13800138000' }, 'PHONE_INVALID_CHARACTERS'],
      ['negative number', -13800138000, 'PHONE_INVALID_CHARACTERS'],
      ['letters', '138abc38000', 'PHONE_INVALID_CHARACTERS'],
      ['plus in the middle', '138+0013800', 'PHONE_INVALID_CHARACTERS'],
      ['two pluses', '++8613800138000', 'PHONE_INVALID_CHARACTERS'],
      ['slash', '138/0013/8000', 'PHONE_INVALID_CHARACTERS'],
      ['extension suffix', '13800138000 ext 12', 'PHONE_INVALID_CHARACTERS'],
      ['ten digits', '1380013800', 'PHONE_INVALID_LENGTH'],
      ['twelve digits', '138001380001', 'PHONE_INVALID_LENGTH'],
      ['+86 with ten digits', '+86 1380013800', 'PHONE_INVALID_LENGTH'],
      ['86 with twelve digits', '86138001380001', 'PHONE_INVALID_LENGTH'],
      ['separators only', '- -', 'PHONE_INVALID_LENGTH'],
      ['plus only', '+', 'PHONE_INVALID_LENGTH'],
      ['absurdly long', '1'.repeat(80), 'PHONE_INVALID_LENGTH'],
      ['too many digits', '+86138001380001380', 'PHONE_INVALID_LENGTH'],
      ['second digit 2', '12800138000', 'PHONE_INVALID_PREFIX'],
      ['second digit 1', '11800138000', 'PHONE_INVALID_PREFIX'],
      ['starts with 2', '23800138000', 'PHONE_INVALID_PREFIX'],
      ['leading 0 before a mobile', '013800138000', 'PHONE_INVALID_PREFIX'],
      ['+86 then 2x non-number', '+86 2', 'PHONE_INVALID_PREFIX'],
      ['unknown calling code', '+999 123456', 'PHONE_INVALID_INTERNATIONAL'],
      ['00 without country code', '00', 'PHONE_INVALID_INTERNATIONAL'],
      ['invalid US number', '+1 123 456 7890', 'PHONE_INVALID_INTERNATIONAL'],
      ['Shanghai landline', '021-12345678', 'PHONE_NOT_MOBILE'],
      ['Beijing landline with +86', '+86 10 1234 5678', 'PHONE_NOT_MOBILE'],
      ['400 service number', '+86 400 800 1234', 'PHONE_NOT_MOBILE'],
      ['Hong Kong landline', '+852 2123 4567', 'PHONE_NOT_MOBILE'],
      ['satellite VoIP range', '+882 13456789', 'PHONE_NOT_MOBILE'],
    ])('%s: %p -> %s', (_label, input, code) => {
      const reason = expectError(normalizePhone(input), code);
      expect(reason.length).toBeGreaterThan(10);
    });

    it('names the offending character and its position', () => {
      expect(expectError(normalizePhone('138x0013800'), 'PHONE_INVALID_CHARACTERS')).toBe(
        'unexpected character "x" at position 3',
      );
    });

    it('states the expected mainland length', () => {
      expect(expectError(normalizePhone('1380013800'), 'PHONE_INVALID_LENGTH')).toBe(
        'mainland mobile numbers have 11 digits; got 10',
      );
    });

    it('never echoes the rejected digits back in full', () => {
      const reason = expectError(normalizePhone('12800138000'), 'PHONE_INVALID_PREFIX');
      expect(reason).not.toContain('12800138000');
    });
  });

  it('property: every formatted mainland mobile normalises to the same E.164', () => {
    const national = fc
      .tuple(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/))
      .map(([second, rest]) => `1${second}${rest}`);
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '86', '86-');
    fc.assert(
      fc.property(national, prefix, fc.boolean(), (digits, countryCode, spaced) => {
        const body = spaced ? `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : digits;
        expect(normalizePhone(countryCode + body)).toEqual({
          ok: true,
          phone: { e164: `+86${digits}`, national: digits, countryCode: '86', region: 'CN', mainland: true },
        });
      }),
    );
  });

  it('property: never throws, always answers ok or a known code', () => {
    const codes = new Set<string>([
      'PHONE_REQUIRED',
      'PHONE_INVALID_CHARACTERS',
      'PHONE_INVALID_LENGTH',
      'PHONE_INVALID_PREFIX',
      'PHONE_INVALID_INTERNATIONAL',
      'PHONE_NOT_MOBILE',
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('0', '1', '3', '8', '6', '+', ' ', '-', 'a') }),
          fc.anything(),
        ),
        (input) => {
          const result = normalizePhone(input);
          expect(result.ok || codes.has(result.code)).toBe(true);
        },
      ),
    );
  });
});
