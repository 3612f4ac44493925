import { type IsoDate, isCivilDate, isIsoDate } from '../calendar/index.ts';
import { isProvinceCode } from '../region-code/index.ts';

/**
 * Resident identity numbers (公民身份号码, GB 11643-1999): 18 characters =
 * 6-digit address code + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male) + check character.
 * Legacy 15-digit numbers (6 address + YYMMDD + 3 sequence, all born 19xx) are converted to 18.
 */
export type Sex = 'M' | 'F';

export type CitizenId = {
  /** 18 characters, check character X upper-case. */
  idNumber: string;
  /** The 6-digit administrative division code at registration (GB/T 2260). */
  addressCode: string;
  /** Same 6 digits as addressCode: the county of registration. */
  countyCode: string;
  provinceCode: string;
  birthDate: IsoDate;
  /** 3 digits; odd for men, even for women. */
  sequence: string;
  sex: Sex;
};

export type IdErrorCode =
  | 'ID_EMPTY'
  | 'ID_LENGTH'
  | 'ID_CHARS'
  | 'ID_ADDRESS'
  | 'ID_BIRTH_DATE'
  | 'ID_BIRTH_FUTURE'
  | 'ID_BIRTH_TOO_OLD'
  | 'ID_CHECK_CHAR';

export type ParseIdResult =
  | { ok: true; value: CitizenId; convertedFrom15?: boolean }
  | { ok: false; code: IdErrorCode; message: string };

/** No living person was born before this date; earlier birth dates are typing errors. */
export const ID_EARLIEST_BIRTH_DATE = '1880-01-01';

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ID_BODY_PATTERN = /^\d{17}$/;
const ID_15_PATTERN = /^\d{15}$/;

/**
 * Clean an ID number as typed or pasted: NFKC (full-width digits and letters to half-width),
 * remove all whitespace (including zero-width characters) and upper-case the check letter.
 */
export function normalizeIdInput(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\uFEFF]+/gu, '')
    .toUpperCase();
}

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function computeIdCheckChar(first17: string): string {
  if (!ID_BODY_PATTERN.test(first17)) {
    throw new RangeError(`身份证号本体“${first17}”无效：应为17位数字`);
  }
  return checkCharOf(first17);
}

/** The check character of a string whose first 17 characters are known to be ASCII digits. */
function checkCharOf(id: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += (CHECK_WEIGHTS[i] ?? 0) * (id.charCodeAt(i) - 48);
  }
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Convert a legacy 15-digit number (born 19xx) to 18 digits: insert "19" and append the check character. */
export function convertId15To18(id15: string): string {
  if (!ID_15_PATTERN.test(id15)) {
    throw new RangeError(`旧身份证号“${id15}”无效：应为15位数字`);
  }
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + computeIdCheckChar(first17);
}

type IdFailure = Extract<ParseIdResult, { ok: false }>;

const fail = (code: IdErrorCode, message: string): IdFailure => ({ ok: false, code, message });

function findCharError(chars: readonly string[], isLegacy: boolean): IdFailure | null {
  const position = chars.findIndex((ch, i) => !/^\d$/.test(ch) && !(ch === 'X' && i === 17));
  if (position < 0) {
    return null;
  }
  const hint = isLegacy ? '15位旧号码只能是数字' : '只能是数字，末位可以是X';
  return fail('ID_CHARS', `身份证号第${position + 1}位“${chars[position]}”无效：${hint}`);
}

/** The birth date of 8 digits YYYYMMDD, or the reason it cannot be one. `today` is a valid IsoDate. */
function checkBirthDate(digits8: string, today: IsoDate): IdFailure | IsoDate {
  const civil = {
    year: Number(digits8.slice(0, 4)),
    month: Number(digits8.slice(4, 6)),
    day: Number(digits8.slice(6, 8)),
  };
  if (!isCivilDate(civil)) {
    return fail('ID_BIRTH_DATE', `出生日期${digits8}不是有效日期`);
  }
  // Canonical 'YYYY-MM-DD' strings (4-digit years) compare in calendar order.
  const birthDate = `${digits8.slice(0, 4)}-${digits8.slice(4, 6)}-${digits8.slice(6, 8)}`;
  if (birthDate > today) {
    return fail('ID_BIRTH_FUTURE', `出生日期${birthDate}晚于今天（${today}）`);
  }
  if (birthDate < ID_EARLIEST_BIRTH_DATE) {
    return fail('ID_BIRTH_TOO_OLD', `出生日期${birthDate}早于${ID_EARLIEST_BIRTH_DATE}，不可能是在世人员`);
  }
  return birthDate;
}

/** Already clean: 17 ASCII digits and a digit or upper-case X (what nearly every list holds). */
const CANONICAL_18 = /^\d{17}[\dX]$/;

/** The last `today` found valid (one import validates 200k IDs against the same day). */
let checkedToday = '';

function assertToday(today: IsoDate): void {
  if (today !== checkedToday) {
    if (!isIsoDate(today)) {
      throw new RangeError(`today“${today}”不是有效的 YYYY-MM-DD 日期`);
    }
    checkedToday = today;
  }
}

/**
 * Parse and validate an ID number as a person typed it (see normalizeIdInput). Every failure has its
 * own code and a Chinese message naming the reason. `today` bounds the birth date.
 */
export function parseCitizenId(raw: string, options: { today: IsoDate }): ParseIdResult {
  assertToday(options.today);
  let idNumber: string;
  let isLegacy = false;
  if (CANONICAL_18.test(raw)) {
    idNumber = raw;
  } else {
    const id = normalizeIdInput(raw);
    const chars = Array.from(id);
    if (chars.length === 0) {
      return fail('ID_EMPTY', '身份证号不能为空');
    }
    if (chars.length !== 18 && chars.length !== 15) {
      return fail('ID_LENGTH', `身份证号应为18位（或15位旧号码），实际为${chars.length}位`);
    }
    isLegacy = chars.length === 15;
    const charError = findCharError(chars, isLegacy);
    if (charError) {
      return charError;
    }
    idNumber = isLegacy ? convertId15To18(id) : id;
  }
  const addressCode = idNumber.slice(0, 6);
  const provinceCode = addressCode.slice(0, 2);
  if (!isProvinceCode(provinceCode)) {
    return fail('ID_ADDRESS', `地址码${addressCode}无效：省级代码“${provinceCode}”不存在（GB/T 2260）`);
  }
  const birthDate = checkBirthDate(idNumber.slice(6, 14), options.today);
  if (typeof birthDate !== 'string') {
    return birthDate;
  }
  const expected = checkCharOf(idNumber);
  const actual = idNumber.slice(17);
  if (actual !== expected) {
    return fail('ID_CHECK_CHAR', `校验位应为${expected}，实际为${actual}`);
  }
  const sequence = idNumber.slice(14, 17);
  const value: CitizenId = {
    idNumber,
    addressCode,
    countyCode: addressCode,
    provinceCode,
    birthDate,
    sequence,
    // The last sequence digit decides: odd for men.
    sex: (idNumber.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
  };
  return isLegacy ? { ok: true, value, convertedFrom15: true } : { ok: true, value };
}

/**
 * Assemble a valid 18-character ID number (used by the demo-data generator and tests).
 * sequence: 0–999 or 3 digits; odd for men.
 */
export function buildCitizenId(parts: {
  addressCode: string;
  birthDate: IsoDate;
  sequence: number | string;
}): string {
  const { addressCode, birthDate, sequence } = parts;
  if (!/^\d{6}$/.test(addressCode)) {
    throw new RangeError(`地址码“${addressCode}”无效：应为6位数字`);
  }
  if (!isIsoDate(birthDate)) {
    throw new RangeError(`出生日期“${birthDate}”无效：应为 YYYY-MM-DD`);
  }
  const sequenceText = typeof sequence === 'number' ? sequence.toString().padStart(3, '0') : sequence;
  if (!/^\d{3}$/.test(sequenceText)) {
    throw new RangeError(`顺序码“${sequence}”无效：应为0–999或3位数字`);
  }
  const first17 = addressCode + birthDate.replaceAll('-', '') + sequenceText;
  return first17 + computeIdCheckChar(first17);
}
