import { canonicalCity, canonicalProvince, isProvince, PROVINCES, splitPlaceName } from './provinces';

describe('provinces', () => {
  it('lists the 31 mainland provinces, municipalities and autonomous regions once each', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES).size).toBe(31);
    expect(PROVINCES).toEqual(
      expect.arrayContaining(['北京', '广东', '内蒙古', '广西', '西藏', '宁夏', '新疆']),
    );
  });

  it.each([
    ['广东', '广东'],
    ['广东省', '广东'],
    [' 广东省 ', '广东'],
    ['北京市', '北京'],
    ['重庆市', '重庆'],
    ['广西壮族自治区', '广西'],
    ['内蒙古自治区', '内蒙古'],
    ['宁夏回族自治区', '宁夏'],
    ['新疆维吾尔自治区', '新疆'],
    ['西藏自治区', '西藏'],
    ['Guangdong', '广东'],
    ['guangdong province', '广东'],
    ['Beijing Shi', '北京'],
    ['Inner Mongolia', '内蒙古'],
    ['Tibet', '西藏'],
    ['Shanxi', '山西'],
    ['Shaanxi', '陕西'],
    ['HEILONGJIANG', '黑龙江'],
  ])('%j is %s', (text, canonical) => {
    expect(canonicalProvince(text)).toBe(canonical);
  });

  it.each(['', '   ', '火星', '广东深圳', '香港', 'Hong Kong', 'Atlantis', '广'])(
    '%j names no province',
    (text) => {
      expect(canonicalProvince(text)).toBeNull();
    },
  );

  it('maps every canonical name to itself', () => {
    for (const province of PROVINCES) {
      expect(canonicalProvince(province)).toBe(province);
      expect(isProvince(province)).toBe(true);
    }
    expect(isProvince('广东省')).toBe(false);
  });

  it.each([
    ['广东省深圳市', '广东', '深圳'],
    ['广西南宁市', '广西', '南宁'],
    ['北京市', '北京', '北京'],
    ['天津', '天津', '天津'],
    ['吉林省吉林市', '吉林', '吉林'],
    ['内蒙古兴安盟', '内蒙古', '兴安盟'],
    ['新疆石河子市', '新疆', '石河子'],
    ['湖北省神农架林区', '湖北', '神农架林区'],
    ['四川省凉山彝族自治州', '四川', '凉山彝族自治州'],
    ['广西壮族自治区桂林市', '广西', '桂林'],
  ])('splits %s into %s / %s', (text, province, city) => {
    expect(splitPlaceName(text)).toEqual({ province, city });
  });

  it('gives a province without a city when only the province is named', () => {
    expect(splitPlaceName('广东省')).toEqual({ province: '广东', city: null });
    expect(splitPlaceName('火星基地')).toBeNull();
  });

  it.each([
    ['深圳市', '深圳'],
    ['深圳', '深圳'],
    [' 东莞市 ', '东莞'],
    ['津市', '津市'],
    ['兴安盟', '兴安盟'],
    ['', null],
    ['   ', null],
  ])('city %j -> %j', (text, city) => {
    expect(canonicalCity(text)).toBe(city);
  });
});
