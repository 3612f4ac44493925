/**
 * 统计用区划代码 (statistical division codes): 12 digits =
 * province 2 + city 2 + county 2 + township 3 + village 3. A higher-level division is written with
 * its significant prefix right-padded with zeros: 河北省 = 130000000000, 青龙县 = 130321000000.
 *
 * A few prefecture-level cities have no counties (东莞 4419, 中山 4420, 儋州 4604, and in some
 * editions 嘉峪关 6202): their townships sit directly under the city with a "00" county segment,
 * e.g. 东莞市东城街道 = 441900003000. Such a city's own code (441900000000) is also what a
 * county-level record "441900" pads to, so a regions table holds it once, as the city.
 */
export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡镇',
  village: '村',
};

/** End offset of each level's segment in the 12-digit code: 2, 4, 6, 9, 12. */
const SEGMENT_ENDS = [2, 4, 6, 9, 12] as const;
const COUNTY_INDEX = REGION_LEVELS.indexOf('county');
export const REGION_CODE_LENGTH = 12;

// biome-ignore format: grouped by region
/** Province-level codes of GB/T 2260 (including 71 台湾, 81 香港, 82 澳门). */
export const PROVINCE_CODES = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
] as const;

const PROVINCE_CODE_SET: ReadonlySet<string> = new Set(PROVINCE_CODES);

export function isProvinceCode(code2: string): boolean {
  return PROVINCE_CODE_SET.has(code2);
}

function segmentsOf(code12: string): string[] {
  return SEGMENT_ENDS.map((end, i) => code12.slice(i === 0 ? 0 : SEGMENT_ENDS[i - 1], end));
}

/** Index of the deepest present segment, or -1 when the code is not a valid 12-digit region code. */
function levelIndexOf(code12: string): number {
  if (!/^\d{12}$/.test(code12) || !isProvinceCode(code12.slice(0, 2))) {
    return -1;
  }
  const isZero = segmentsOf(code12).map((segment) => /^0+$/.test(segment));
  // A township (and its villages) may sit directly under a city: county "00", city and township non-zero.
  const isCountySkipped = isZero[COUNTY_INDEX] && !isZero[COUNTY_INDEX - 1] && !isZero[COUNTY_INDEX + 1];
  const isPresent = isZero.map((zero, i) => !zero || (i === COUNTY_INDEX && isCountySkipped));
  const depth = isPresent.includes(false) ? isPresent.indexOf(false) : isPresent.length;
  return isPresent.slice(depth).includes(true) ? -1 : depth - 1;
}

/**
 * 12 digits, a GB/T 2260 province, and no non-zero segment after a zero one, except townships and
 * villages under a county-less city (county segment "00").
 */
export function isValidRegionCode(code12: string): boolean {
  return levelIndexOf(code12) >= 0;
}

function requireLevelIndex(code12: string): number {
  const index = levelIndexOf(code12);
  if (index < 0) {
    throw new RangeError(`区划代码“${code12}”无效：应为12位统计用区划代码`);
  }
  return index;
}

/**
 * Accept a code as typed or imported: 2/4/6/9/12 digits, full-width digits and spaces tolerated.
 * Returns the 12-digit code (right-padded with zeros), or null when malformed or invalid.
 */
export function normalizeRegionCode(raw: string): string | null {
  const digits = raw.normalize('NFKC').replace(/\s+/gu, '');
  if (!/^\d+$/.test(digits) || !(SEGMENT_ENDS as readonly number[]).includes(digits.length)) {
    return null;
  }
  const code12 = digits.padEnd(REGION_CODE_LENGTH, '0');
  return isValidRegionCode(code12) ? code12 : null;
}

export function regionLevelOf(code12: string): RegionLevel {
  return REGION_LEVELS[requireLevelIndex(code12)]!;
}

/** The significant short form: 13, 1303, 130321, 130321001, 130321001001 (441900003 for 东莞东城街道). */
export function significantRegionCode(code12: string): string {
  return code12.slice(0, SEGMENT_ENDS[requireLevelIndex(code12)]);
}

/**
 * Prefix for SQL scope filters: `region_code LIKE prefix || '%'` selects the region and everything
 * within it. Because the prefix always ends on a segment boundary, '130321' never matches 1303210….
 */
export function regionScopePrefix(code12: string): string {
  return significantRegionCode(code12);
}

/**
 * The enclosing division, or null for a province. A township under a county-less city has the city
 * as parent (441900003000 → 441900000000).
 */
export function parentRegionCode(code12: string): string | null {
  const index = requireLevelIndex(code12);
  if (index === 0) {
    return null;
  }
  // Truncating 441900003000 at the county boundary gives 441900000000, the city itself.
  return code12.slice(0, SEGMENT_ENDS[index - 1]).padEnd(REGION_CODE_LENGTH, '0');
}

/** All enclosing divisions, province first, excluding the code itself. */
export function ancestorRegionCodes(code12: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentRegionCode(code12); parent !== null; parent = parentRegionCode(parent)) {
    ancestors.unshift(parent);
  }
  return ancestors;
}

/** True when `code12` is `scopeCode12` or lies inside it (segment-aware, reflexive). */
export function isRegionWithin(code12: string, scopeCode12: string): boolean {
  requireLevelIndex(code12);
  return code12.startsWith(regionScopePrefix(scopeCode12));
}

/**
 * The 6-digit county code for county, township and village codes; null for provinces and cities.
 * For a township or village under a county-less city it is the city code + "00" (e.g. "441900"):
 * that is the key records are distributed and scoped by, standing in for the missing county.
 */
export function countyCodeOf(code12: string): string | null {
  return requireLevelIndex(code12) >= COUNTY_INDEX ? code12.slice(0, SEGMENT_ENDS[COUNTY_INDEX]) : null;
}
