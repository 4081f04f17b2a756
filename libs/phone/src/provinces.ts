/**
 * The 31 mainland provinces, municipalities and autonomous regions in one canonical spelling: the short name
 * without 省 / 市 / 自治区 (广东, 北京, 内蒙古, 广西, 西藏, 宁夏, 新疆). Every data source (the built-in
 * libphonenumber data, operator CSV and phone.dat imports) is normalised to these names, so a routing rule written
 * as "广东" matches numbers from all of them.
 */
const PROVINCE_ALIASES: ReadonlyArray<readonly [canonical: string, ...aliases: string[]]> = [
  ['北京', '北京市', 'beijing'],
  ['天津', '天津市', 'tianjin'],
  ['上海', '上海市', 'shanghai'],
  ['重庆', '重庆市', 'chongqing'],
  ['河北', '河北省', 'hebei'],
  ['山西', '山西省', 'shanxi'],
  ['内蒙古', '内蒙古自治区', 'neimenggu', 'innermongolia', 'neimongol'],
  ['辽宁', '辽宁省', 'liaoning'],
  ['吉林', '吉林省', 'jilin'],
  ['黑龙江', '黑龙江省', 'heilongjiang'],
  ['江苏', '江苏省', 'jiangsu'],
  ['浙江', '浙江省', 'zhejiang'],
  ['安徽', '安徽省', 'anhui'],
  ['福建', '福建省', 'fujian'],
  ['江西', '江西省', 'jiangxi'],
  ['山东', '山东省', 'shandong'],
  ['河南', '河南省', 'henan'],
  ['湖北', '湖北省', 'hubei'],
  ['湖南', '湖南省', 'hunan'],
  ['广东', '广东省', 'guangdong'],
  ['广西', '广西壮族自治区', '广西自治区', 'guangxi'],
  ['海南', '海南省', 'hainan'],
  ['四川', '四川省', 'sichuan'],
  ['贵州', '贵州省', 'guizhou'],
  ['云南', '云南省', 'yunnan'],
  ['西藏', '西藏自治区', 'xizang', 'tibet'],
  ['陕西', '陕西省', 'shaanxi'],
  ['甘肃', '甘肃省', 'gansu'],
  ['青海', '青海省', 'qinghai'],
  ['宁夏', '宁夏回族自治区', '宁夏自治区', 'ningxia'],
  ['新疆', '新疆维吾尔自治区', '新疆自治区', 'xinjiang'],
];

/** Canonical province names, in the order of the national administrative division codes. */
export const PROVINCES: readonly string[] = Object.freeze(PROVINCE_ALIASES.map(([canonical]) => canonical));

const MUNICIPALITIES: ReadonlySet<string> = new Set(['北京', '天津', '上海', '重庆']);

const BY_ALIAS: ReadonlyMap<string, string> = new Map(
  PROVINCE_ALIASES.flatMap(([canonical, ...aliases]) =>
    [canonical, ...aliases].map((alias) => [alias, canonical] as const),
  ),
);

/** Chinese spellings, longest first, for splitting "广东省深圳市" into province and city. */
const CHINESE_ALIASES_LONGEST_FIRST: ReadonlyArray<readonly [string, string]> = [...BY_ALIAS]
  .filter(([alias]) => !/^[a-z]/.test(alias))
  .sort(([a], [b]) => b.length - a.length);

const LATIN_SUFFIXES = /(province|municipality|autonomousregion|zizhiqu|sheng|shi)$/;
const MAX_CITY_LENGTH = 32;

/**
 * The canonical name for a province written any common way: 广东, 广东省, Guangdong, "Guangdong Province",
 * 广西壮族自治区, Inner Mongolia. Null when the text names no mainland province.
 */
export function canonicalProvince(text: string): string | null {
  const trimmed = text.trim();
  const direct = BY_ALIAS.get(trimmed);
  if (direct) return direct;
  const latin = trimmed.toLowerCase().replace(/[^a-z]/g, '');
  if (latin === '') return null;
  return BY_ALIAS.get(latin) ?? BY_ALIAS.get(latin.replace(LATIN_SUFFIXES, '')) ?? null;
}

const CANONICAL: ReadonlySet<string> = new Set(PROVINCES);

/** True for a name already in canonical form. */
export function isProvince(name: string): boolean {
  return CANONICAL.has(name);
}

/**
 * A city in one spelling: trimmed, without a trailing 市 (深圳市 → 深圳, as phone.dat writes it). Prefectures,
 * leagues and autonomous prefectures keep their full names (兴安盟, 凉山彝族自治州). Null for blank input.
 */
export function canonicalCity(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const city = trimmed.endsWith('市') && trimmed.length > 2 ? trimmed.slice(0, -1) : trimmed;
  return city.slice(0, MAX_CITY_LENGTH);
}

/**
 * Splits a combined place name such as "广东省深圳市", "广西南宁市" or "北京市" (libphonenumber's form) into the
 * canonical province and city. A municipality is its own city. Null when no province starts the text.
 */
export function splitPlaceName(text: string): { province: string; city: string | null } | null {
  const trimmed = text.trim();
  for (const [alias, canonical] of CHINESE_ALIASES_LONGEST_FIRST) {
    if (!trimmed.startsWith(alias)) continue;
    const rest = canonicalCity(trimmed.slice(alias.length));
    return { province: canonical, city: rest ?? (MUNICIPALITIES.has(canonical) ? canonical : null) };
  }
  return null;
}
