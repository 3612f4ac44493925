import { ageOn, diffDays, type IsoDate } from '../calendar/iso-date.ts';
import type { Sex } from '../citizen-id/citizen-id.ts';
import {
  type PriorityGroup,
  SCREENING_METHODS,
  SCREENING_PROGRAMME_LABELS,
  type ScreeningProgramme,
  type TargetBasis,
} from './vocabulary.ts';

/**
 * Who may be screened in each programme, and when (domain.md §8). Rules are data: a county whose province
 * uses other windows passes its own table. Sources: [V] confirmed in domain.md S21; [M] the national
 * technical specifications as commonly applied (newborn screening 2010 spec: heel blood after 72 h of life
 * and full feeding, at the latest by day 20; hearing: first test from 48 h, re-test within 42 days).
 */

/** A gestational-age window in days: 9+0 weeks = 63, 13+6 weeks = 97. */
export type GestationWindow = { fromDays: number; toDays: number };

export type ScreeningRule = {
  programme: ScreeningProgramme;
  /** The screened subject must be of this sex (the pregnant woman, the woman screened), or any. */
  sex: Sex | null;
  /** Age range on the screening date, both inclusive. */
  minAge: number | null;
  maxAge: number | null;
  /** Prenatal programmes: gestational-age window per method. */
  gestation: Readonly<Record<string, GestationWindow>> | null;
  /** Newborn programmes: hours of life at the test, and the latest day of life. */
  afterBirth: { minHours: number; maxDays: number } | null;
  targetBasis: TargetBasis;
};

export const SCREENING_RULES: Readonly<Record<ScreeningProgramme, ScreeningRule>> = {
  // [V] early 9–13+6 weeks; [M] mid-pregnancy 15–20+6 weeks.
  prenatal_serum: {
    programme: 'prenatal_serum',
    sex: 'F',
    minAge: null,
    maxAge: null,
    gestation: { early: { fromDays: 63, toDays: 97 }, mid: { fromDays: 105, toDays: 146 } },
    afterBirth: null,
    targetBasis: 'task',
  },
  // [V] ultrasound anomaly scan at about 16–24 weeks (16+0 to 24+6).
  prenatal_ultrasound: {
    programme: 'prenatal_ultrasound',
    sex: 'F',
    minAge: null,
    maxAge: null,
    gestation: { system_scan: { fromDays: 112, toDays: 174 } },
    afterBirth: null,
    targetBasis: 'task',
  },
  // [V] heel blood after 72 h; [M] at the latest on day 20.
  newborn_metabolic: {
    programme: 'newborn_metabolic',
    sex: null,
    minAge: null,
    maxAge: null,
    gestation: null,
    afterBirth: { minHours: 72, maxDays: 20 },
    targetBasis: 'live_births',
  },
  // [M] first test from 48 h of life; re-test of those not passing within 42 days.
  newborn_hearing: {
    programme: 'newborn_hearing',
    sex: null,
    minAge: null,
    maxAge: null,
    gestation: null,
    afterBirth: { minHours: 48, maxDays: 42 },
    targetBasis: 'live_births',
  },
  // [V] women aged 35–64.
  cervical: {
    programme: 'cervical',
    sex: 'F',
    minAge: 35,
    maxAge: 64,
    gestation: null,
    afterBirth: null,
    targetBasis: 'task',
  },
  breast: {
    programme: 'breast',
    sex: 'F',
    minAge: 35,
    maxAge: 64,
    gestation: null,
    afterBirth: null,
    targetBasis: 'task',
  },
};

/** Parses 孕周 as written on forms: "16+3", "16周3天", "16w3d", "16" → days (16+3 = 115). */
export function parseGestationalAge(text: string): number | null {
  const cleaned = text.normalize('NFKC').replace(/\s+/g, '');
  const match = /^(\d{1,2})(?:(?:\+|周|w|W)(?:(\d)(?:天|d|D)?)?)?$/.exec(cleaned);
  if (!match) {
    return null;
  }
  const weeks = Number(match[1]);
  const days = match[2] === undefined ? 0 : Number(match[2]);
  if (weeks > 45 || days > 6) {
    return null;
  }
  return weeks * 7 + days;
}

/** 115 → "16+3周". */
export function formatGestationalAge(days: number): string {
  return `${Math.floor(days / 7)}+${days % 7}周`;
}

/** Gestational age in days on `date`, counted from the first day of the last menstrual period. */
export function gestationalDaysOn(lastMenstrualPeriod: IsoDate, date: IsoDate): number {
  return diffDays(lastMenstrualPeriod, date);
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether text is a 24-hour clock time "HH:mm". */
export function isClockTime(text: string): boolean {
  return TIME.test(text);
}

function minutesOf(time: string): number {
  const match = TIME.exec(time);
  if (!match) {
    throw new RangeError(`时间“${time}”应为 HH:mm`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whole hours from birth to the test (both local China time), rounded down. */
export function hoursOfLife(birth: { date: IsoDate; time: string }, test: { date: IsoDate; time: string }) {
  const minutes = diffDays(birth.date, test.date) * 1440 + minutesOf(test.time) - minutesOf(birth.time);
  return Math.floor(minutes / 60);
}

export type ScreeningFacts = {
  programme: ScreeningProgramme;
  method: string;
  sex: Sex;
  birthDate: IsoDate;
  screenedOn: IsoDate;
  /** Prenatal: gestational age in days at the test. */
  gestationalDays?: number | null;
  /** Newborn: clock times of birth and of the test ("HH:mm"). */
  birthTime?: string | null;
  screenedTime?: string | null;
};

export type EligibilityIssue = { field: string; message: string };

export type EligibilityResult = {
  isEligible: boolean;
  issues: EligibilityIssue[];
  /** Age in years on the screening date. */
  ageYears: number | null;
  /** Newborn programmes: hours of life at the test, when both times are known. */
  hoursOfLife: number | null;
};

function windowText(w: GestationWindow): string {
  return `孕${formatGestationalAge(w.fromDays).replace('周', '')}至${formatGestationalAge(w.toDays)}`;
}

/**
 * Checks a screening against its programme's rule: sex, age on the screening date, the gestational window of
 * the method, hours and days of life. Every issue names the field and the reason in Chinese.
 */
export function checkScreeningEligibility(
  facts: ScreeningFacts,
  rules: Readonly<Record<ScreeningProgramme, ScreeningRule>> = SCREENING_RULES,
): EligibilityResult {
  const rule = rules[facts.programme];
  const name = SCREENING_PROGRAMME_LABELS[facts.programme];
  const issues: EligibilityIssue[] = [];
  const method = SCREENING_METHODS[facts.programme].find((m) => m.code === facts.method);
  if (!method) {
    issues.push({
      field: 'method',
      message: `筛查方法“${facts.method}”不属于${name}（可选：${SCREENING_METHODS[facts.programme].map((m) => m.label).join('、')}）`,
    });
  }
  if (diffDays(facts.birthDate, facts.screenedOn) < 0) {
    issues.push({
      field: 'screenedOn',
      message: `筛查日期${facts.screenedOn}早于出生日期${facts.birthDate}`,
    });
    return { isEligible: false, issues, ageYears: null, hoursOfLife: null };
  }
  const age = ageOn(facts.birthDate, facts.screenedOn);
  if (rule.sex && facts.sex !== rule.sex) {
    issues.push({
      field: 'sex',
      message: `${name}的对象应为${rule.sex === 'F' ? '女性' : '男性'}，该人员为${facts.sex === 'F' ? '女性' : '男性'}`,
    });
  }
  if ((rule.minAge !== null && age < rule.minAge) || (rule.maxAge !== null && age > rule.maxAge)) {
    issues.push({
      field: 'birthDate',
      message: `${name}的对象应为${rule.minAge ?? 0}–${rule.maxAge ?? '∞'}岁，筛查日该人员${age}岁`,
    });
  }
  if (rule.gestation && method) {
    const window = rule.gestation[method.code];
    const days = facts.gestationalDays;
    if (days === null || days === undefined) {
      issues.push({ field: 'gestationalAge', message: `${method.label}须填写孕周` });
    } else if (window && (days < window.fromDays || days > window.toDays)) {
      issues.push({
        field: 'gestationalAge',
        message: `${method.label}应在${windowText(window)}进行，填写的孕周为${formatGestationalAge(days)}`,
      });
    }
  }
  let hours: number | null = null;
  if (rule.afterBirth) {
    const { minHours, maxDays } = rule.afterBirth;
    const dayOfLife = diffDays(facts.birthDate, facts.screenedOn);
    if (!facts.birthTime || !facts.screenedTime) {
      issues.push({
        field: facts.birthTime ? 'screenedTime' : 'birthTime',
        message: `${name}须填写出生时间和${facts.programme === 'newborn_metabolic' ? '采血' : '筛查'}时间（时:分），以核对出生${minHours}小时后进行`,
      });
    } else if (!isClockTime(facts.birthTime) || !isClockTime(facts.screenedTime)) {
      issues.push({ field: 'birthTime', message: '出生时间和筛查时间应为 时:分（如 08:30）' });
    } else {
      hours = hoursOfLife(
        { date: facts.birthDate, time: facts.birthTime },
        { date: facts.screenedOn, time: facts.screenedTime },
      );
      if (hours < minHours) {
        issues.push({
          field: 'screenedTime',
          message: `${facts.programme === 'newborn_metabolic' ? '足跟血应在出生72小时后采集' : `${name}应在出生${minHours}小时后进行`}，实际为出生后${Math.max(hours, 0)}小时`,
        });
      }
    }
    if (dayOfLife > maxDays) {
      issues.push({
        field: 'screenedOn',
        message: `${name}最迟应在出生后${maxDays}天内完成，筛查日已出生${dayOfLife}天`,
      });
    }
  }
  return { isEligible: issues.length === 0, issues, ageYears: age, hoursOfLife: hours };
}

/**
 * The two-cancer priority group of a woman (domain.md §8): 低保/特困 first (categories valid on the
 * screening date), then women living in a rural village (村民委员会); null otherwise.
 */
export function twoCancersPriorityGroup(facts: {
  categories: readonly string[];
  isRuralVillage: boolean;
}): PriorityGroup | null {
  if (facts.categories.some((c) => c === 'dibao' || c === 'tekun' || c === 'dibao_edge')) {
    return 'low_income';
  }
  return facts.isRuralVillage ? 'rural' : null;
}

/** A village committee (村民委员会) is rural; a residents' committee (居民委员会) is urban. */
export function isRuralVillageName(name: string): boolean {
  return /村民委员会$|村委会$|村$/.test(name);
}
