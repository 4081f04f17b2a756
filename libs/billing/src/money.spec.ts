import { addMoney, assertMoney, formatYuan, moneyFromDatabase, MoneyError, multiplyMoney } from './money';
import { priceCarrierOf, priceKeyOf, priceKeyString } from './price-key';

describe('money', () => {
  it('formats minor units as yuan with four decimals', () => {
    expect(formatYuan(350)).toBe('0.0350');
    expect(formatYuan(123_456_789)).toBe('12345.6789');
    expect(formatYuan(-5)).toBe('-0.0005');
    expect(formatYuan(0)).toBe('0.0000');
  });

  it('refuses fractions and overflow instead of rounding', () => {
    expect(() => assertMoney(0.5)).toThrow(MoneyError);
    expect(() => multiplyMoney(350, 1.5)).toThrow(MoneyError);
    expect(() => multiplyMoney(Number.MAX_SAFE_INTEGER, 2)).toThrow(MoneyError);
    expect(() => addMoney(Number.MAX_SAFE_INTEGER, 1)).toThrow(MoneyError);
    expect(multiplyMoney(350, 7)).toBe(2450);
  });

  it('reads PostgreSQL bigints', () => {
    expect(moneyFromDatabase('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(moneyFromDatabase(null)).toBe(0);
    expect(() => moneyFromDatabase('9007199254740993')).toThrow(MoneyError);
  });

  it('prices numbers without a mainland carrier as INTL', () => {
    expect(priceCarrierOf('CUCC')).toBe('CUCC');
    expect(priceCarrierOf(null)).toBe('INTL');
    expect(priceCarrierOf('XYZ')).toBe('INTL');
    expect(priceKeyString(priceKeyOf('CMCC', ''))).toBe('CMCC|');
    expect(priceKeyString(priceKeyOf(null, '广东'))).toBe('INTL|广东');
  });
});
