import {
  type MonitoringType,
  type PersonStatus,
  POVERTY_CAUSES,
  type PovertyAttribute,
  type PovertyCause,
  type RegistryCategory,
  type RiskStatus,
} from '../registry/vocabulary.ts';

/**
 * Value vocabularies of imported lists: every department writes the same thing a few ways
 * ("低保" / "低保户" / "低保对象"). Each table maps normalised text to the stored code.
 */
export type ImportCell = string | number | boolean | null;

/**
 * Text the cleaning below leaves as it is: printable ASCII without spaces and CJK unified ideographs (no
 * compatibility forms, nothing NFKC changes, no whitespace). Nearly every cell of a list; checked first.
 */
const ALREADY_CLEAN = /^[\x21-\x7e\u4e00-\u9fff]*$/;

/** Cell text: NFKC (full-width to half-width), trimmed, inner whitespace runs collapsed to one space. */
export function cellText(cell: ImportCell | undefined): string {
  if (cell === null || cell === undefined) {
    return '';
  }
  if (typeof cell === 'boolean') {
    return cell ? '是' : '否';
  }
  const text = typeof cell === 'number' ? String(cell) : cell;
  if (ALREADY_CLEAN.test(text)) {
    return text;
  }
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

const compact = (text: string) => text.replace(/\s+/gu, '');

function lookup<T>(table: Readonly<Record<string, T>>, text: string): T | null {
  const key = compact(text).toLowerCase();
  return Object.hasOwn(table, key) ? (table[key] as T) : null;
}

const CATEGORY_WORDS: Readonly<Record<string, RegistryCategory>> = {
  建档立卡贫困人口: 'poor_registered',
  建档立卡: 'poor_registered',
  建档立卡贫困户: 'poor_registered',
  建档立卡户: 'poor_registered',
  贫困人口: 'poor_registered',
  贫困户: 'poor_registered',
  脱贫人口: 'poverty_exited',
  脱贫户: 'poverty_exited',
  已脱贫人口: 'poverty_exited',
  脱贫享受政策人口: 'poverty_exited',
  低保: 'dibao',
  低保户: 'dibao',
  低保对象: 'dibao',
  农村低保: 'dibao',
  特困供养: 'tekun',
  特困: 'tekun',
  特困人员: 'tekun',
  特困供养人员: 'tekun',
  五保: 'tekun',
  五保户: 'tekun',
  分散供养特困: 'tekun',
  集中供养特困: 'tekun',
  重度残疾: 'severe_disability',
  重残: 'severe_disability',
  重度残疾人: 'severe_disability',
  监测对象: 'monitored',
  监测户: 'monitored',
  防返贫监测对象: 'monitored',
  低保边缘: 'dibao_edge',
  低保边缘户: 'dibao_edge',
  低保边缘家庭: 'dibao_edge',
};

export type ParsedList<T> = { ok: true; value: T[] } | { ok: false; unknown: string };

/** Split a multi-value cell ("低保、重度残疾", "因病,因残") on 、 , ， ; ； / and spaces. */
export function splitMulti(text: string): string[] {
  return text
    .split(/[、,，;；/|\s]+/u)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Categories of a cell, de-duplicated in order; the first unknown word fails the whole cell. */
export function parseCategories(text: string): ParsedList<RegistryCategory> {
  const result: RegistryCategory[] = [];
  for (const word of splitMulti(text)) {
    const category = lookup(CATEGORY_WORDS, word);
    if (!category) {
      return { ok: false, unknown: word };
    }
    if (!result.includes(category)) {
      result.push(category);
    }
  }
  return { ok: true, value: result };
}

const YES_NO: Readonly<Record<string, boolean>> = {
  是: true,
  否: false,
  y: true,
  n: false,
  yes: true,
  no: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
  已参保: true,
  未参保: false,
  参保: true,
  不参保: false,
  已资助: true,
  未资助: false,
  资助: true,
  不资助: false,
  有: true,
  无: false,
  '√': true,
  '×': false,
};

export function parseYesNo(text: string): boolean | null {
  return lookup(YES_NO, text);
}

const SEX_WORDS: Readonly<Record<string, 'M' | 'F'>> = {
  男: 'M',
  女: 'F',
  m: 'M',
  f: 'F',
  '1': 'M',
  '2': 'F',
};

export function parseSexWord(text: string): 'M' | 'F' | null {
  return lookup(SEX_WORDS, text);
}

const POVERTY_ATTRIBUTE_WORDS: Readonly<Record<string, PovertyAttribute>> = {
  一般贫困户: 'general',
  一般户: 'general',
  一般农户: 'general',
  低保贫困户: 'dibao',
  低保户: 'dibao',
  特困供养贫困户: 'tekun',
  特困供养户: 'tekun',
  特困户: 'tekun',
  五保贫困户: 'tekun',
  五保户: 'tekun',
};

export function parsePovertyAttribute(text: string): PovertyAttribute | null {
  return lookup(POVERTY_ATTRIBUTE_WORDS, text);
}

/** A poverty cause as written ("因病" or "因病致贫"). */
export function parsePovertyCause(text: string): PovertyCause | null {
  const word = compact(text).replace(/致贫$/u, '');
  return (POVERTY_CAUSES as readonly string[]).includes(word) ? (word as PovertyCause) : null;
}

const EXIT_WORDS: Readonly<Record<string, 'not_exited' | 'exited'>> = {
  未脱贫: 'not_exited',
  已脱贫: 'exited',
  脱贫: 'exited',
  是: 'exited',
  否: 'not_exited',
};

export function parseExitStatus(text: string): 'not_exited' | 'exited' | null {
  return lookup(EXIT_WORDS, text);
}

/** Monitoring types, also as the digit codes of one provincial system [V S19]: 0, 1, 2. */
const MONITORING_WORDS: Readonly<Record<string, MonitoringType>> = {
  脱贫不稳定户: 'unstable',
  脱贫不稳定: 'unstable',
  边缘易致贫户: 'edge',
  边缘易致贫: 'edge',
  突发严重困难户: 'sudden',
  突发严重困难: 'sudden',
  '0': 'unstable',
  '1': 'edge',
  '2': 'sudden',
};

export function parseMonitoringType(text: string): MonitoringType | null {
  return lookup(MONITORING_WORDS, text);
}

const RISK_WORDS: Readonly<Record<string, RiskStatus>> = {
  风险未消除: 'not_eliminated',
  未消除: 'not_eliminated',
  风险已消除: 'eliminated',
  已消除: 'eliminated',
};

export function parseRiskStatus(text: string): RiskStatus | null {
  return lookup(RISK_WORDS, text);
}

const PERSON_STATUS_WORDS: Readonly<Record<string, PersonStatus>> = {
  正常: 'normal',
  在册: 'normal',
  死亡: 'dead',
  已死亡: 'dead',
  迁出: 'moved_out',
  已迁出: 'moved_out',
};

export function parsePersonStatus(text: string): PersonStatus | null {
  return lookup(PERSON_STATUS_WORDS, text);
}

const RELATION_WORDS: Readonly<Record<string, string>> = {
  户主: '户主',
  本人: '户主',
  配偶: '配偶',
  妻: '配偶',
  妻子: '配偶',
  夫: '配偶',
  丈夫: '配偶',
  之子: '之子',
  子: '之子',
  儿子: '之子',
  长子: '之子',
  次子: '之子',
  之女: '之女',
  女: '之女',
  女儿: '之女',
  长女: '之女',
  次女: '之女',
  之儿媳: '之儿媳',
  儿媳: '之儿媳',
  之女婿: '之女婿',
  女婿: '之女婿',
  之孙子: '之孙子',
  孙子: '之孙子',
  之孙女: '之孙女',
  孙女: '之孙女',
  之父: '之父',
  父亲: '之父',
  父: '之父',
  之母: '之母',
  母亲: '之母',
  母: '之母',
  其他: '其他',
};

/** Relation to the household head, normalised to the registry vocabulary (HOUSEHOLD_RELATIONS). */
export function parseRelation(text: string): string | null {
  return lookup(RELATION_WORDS, text);
}

/** Mobile (11 digits from 1) or landline (0 + area code, optional dash, 7–8 digits; or 7–8 local digits). */
export function normalizePhone(text: string): string | null {
  const phone = compact(text).replace(/^\+?86-?/u, '');
  return /^1\d{10}$/u.test(phone) || /^0\d{2,3}-?\d{7,8}$/u.test(phone) || /^\d{7,8}$/u.test(phone)
    ? phone
    : null;
}
