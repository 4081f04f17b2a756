/**
 * The 34 provincial-level divisions, keyed by their short Chinese name, which is the one form routing
 * compares. Number data and operators spell provinces in several ways (广东 / 广东省 / Guangdong / CN-GD,
 * 内蒙古自治区 / Nei Mongol), so every spelling is reduced to the short name first.
 */
const PROVINCES: ReadonlyArray<readonly [short: string, pinyin: string, iso: string, ...aliases: string[]]> =
  [
    ['北京', 'beijing', 'BJ'],
    ['天津', 'tianjin', 'TJ'],
    ['河北', 'hebei', 'HE'],
    ['山西', 'shanxi', 'SX'],
    ['内蒙古', 'neimenggu', 'NM', 'inner mongolia', 'nei mongol'],
    ['辽宁', 'liaoning', 'LN'],
    ['吉林', 'jilin', 'JL'],
    ['黑龙江', 'heilongjiang', 'HL'],
    ['上海', 'shanghai', 'SH'],
    ['江苏', 'jiangsu', 'JS'],
    ['浙江', 'zhejiang', 'ZJ'],
    ['安徽', 'anhui', 'AH'],
    ['福建', 'fujian', 'FJ'],
    ['江西', 'jiangxi', 'JX'],
    ['山东', 'shandong', 'SD'],
    ['河南', 'henan', 'HA'],
    ['湖北', 'hubei', 'HB'],
    ['湖南', 'hunan', 'HN'],
    ['广东', 'guangdong', 'GD'],
    ['广西', 'guangxi', 'GX'],
    ['海南', 'hainan', 'HI'],
    ['重庆', 'chongqing', 'CQ'],
    ['四川', 'sichuan', 'SC'],
    ['贵州', 'guizhou', 'GZ'],
    ['云南', 'yunnan', 'YN'],
    ['西藏', 'xizang', 'XZ', 'tibet'],
    ['陕西', 'shaanxi', 'SN'],
    ['甘肃', 'gansu', 'GS'],
    ['青海', 'qinghai', 'QH'],
    ['宁夏', 'ningxia', 'NX'],
    ['新疆', 'xinjiang', 'XJ'],
    ['台湾', 'taiwan', 'TW'],
    ['香港', 'hong kong', 'HK', 'hongkong'],
    ['澳门', 'macau', 'MO', 'macao'],
  ];

/** Suffixes of full names: 省, 市, and the autonomous regions' ethnic designations. */
const SUFFIX = /(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/u;

const BY_SPELLING = new Map<string, string>();
for (const [short, pinyin, iso, ...aliases] of PROVINCES) {
  for (const spelling of [short, pinyin, iso, `cn-${iso}`, ...aliases])
    BY_SPELLING.set(spelling.toLowerCase(), short);
}

export const PROVINCE_NAMES: readonly string[] = PROVINCES.map(([short]) => short);

/**
 * The short Chinese name of a province in any common spelling, or null when the text names no province.
 * A full geocoder answer such as 广东省深圳市 resolves to 广东 as well.
 */
export function normalizeProvince(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const text = input.trim();
  if (text === '') return null;
  const direct =
    BY_SPELLING.get(text.toLowerCase()) ?? BY_SPELLING.get(text.replace(SUFFIX, '').toLowerCase());
  if (direct) return direct;
  for (const short of PROVINCE_NAMES) if (text.startsWith(short)) return short;
  return null;
}
