import { maskPhone } from './mask-phone';

describe('maskPhone', () => {
  it.each([
    ['+8613800138000', '+86138****8000'],
    ['13800138000', '138****8000'],
    ['+14155552671', '+141****2671'],
    ['+85291234567', '+852****4567'],
    ['4155552671', '415***2671'],
    ['123456789', '*********'],
    ['+6512345', '+*******'],
    ['', ''],
    ['138-0013-8000', '***-****-****'],
    ['tel:13800138000', 'tel:***********'],
  ])('%j -> %j', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });

  it('never reveals more than seven digits', () => {
    for (const input of ['+8613800138000', '008613800138000', '8613800138000', '+447911123456']) {
      expect(maskPhone(input).replace(/\D/g, '').length).toBeLessThanOrEqual(input.startsWith('+86') ? 9 : 7);
    }
  });

  it('survives values that are not strings at runtime', () => {
    expect(maskPhone(undefined as unknown as string)).toBe('');
    expect(maskPhone(13800138000 as unknown as string)).toBe('138****8000');
  });
});
