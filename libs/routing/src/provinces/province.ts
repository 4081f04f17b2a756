import { canonicalProvince, PROVINCES, splitPlaceName } from '@tongdao/phone';

/** The canonical province names routing compares (libs/phone's one spelling: 广东, 北京, 内蒙古 …). */
export const PROVINCE_NAMES: readonly string[] = PROVINCES;

/**
 * The canonical name of a province in any common spelling (广东, 广东省, Guangdong, Inner Mongolia), also from a
 * combined place name such as 广东省深圳市; null when the text names no mainland province.
 */
export function normalizeProvince(input: string | null | undefined): string | null {
  if (input === null || input === undefined || input.trim() === '') return null;
  return canonicalProvince(input) ?? splitPlaceName(input)?.province ?? null;
}
