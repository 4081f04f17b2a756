import { chooseCarrierCoding } from './carrier-coding-choice';

describe('chooseCarrierCoding', () => {
  it('uses ASCII for plain ASCII text whatever the preference', () => {
    expect(chooseCarrierCoding('Code 1234', true, true)).toBe('ASCII');
  });

  it('uses UCS2 for Chinese unless GBK is preferred and carried', () => {
    expect(chooseCarrierCoding('验证码', false, true)).toBe('UCS2');
    expect(chooseCarrierCoding('验证码', true, true)).toBe('GBK');
    expect(chooseCarrierCoding('验证码', true, false)).toBe('UCS2');
  });

  it('falls back to UCS2 for text GBK cannot hold', () => {
    expect(chooseCarrierCoding('验证码 😀', true, true)).toBe('UCS2');
  });
});
