import { normalizeProvince, PROVINCE_NAMES } from './province';

describe('normalizeProvince (routing’s view of libs/phone provinces)', () => {
  it.each([
    ['广东', '广东'],
    ['广东省', '广东'],
    ['广东省深圳市', '广东'],
    ['Guangdong', '广东'],
    ['北京市', '北京'],
    ['内蒙古自治区', '内蒙古'],
    ['Inner Mongolia', '内蒙古'],
    ['广西壮族自治区', '广西'],
    ['新疆维吾尔自治区', '新疆'],
    ['  Shaanxi ', '陕西'],
    ['Shanxi', '山西'],
  ])('%s → %s', async (input, expected) => {
    await expect(Promise.resolve(normalizeProvince(input))).resolves.toBe(expected);
  });

  it('answers null for unknown or empty input', () => {
    expect(normalizeProvince('Atlantis')).toBeNull();
    expect(normalizeProvince('')).toBeNull();
    expect(normalizeProvince(null)).toBeNull();
    expect(normalizeProvince(undefined)).toBeNull();
  });

  it('maps every canonical name to itself', () => {
    expect(PROVINCE_NAMES).toHaveLength(31);
    for (const name of PROVINCE_NAMES) expect(normalizeProvince(name)).toBe(name);
  });
});
