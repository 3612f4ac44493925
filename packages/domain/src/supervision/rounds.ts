/**
 * Supervision rounds (督导轮次) and the checks on a new round or a new problem. Every check returns
 * Chinese messages naming the field, so the server can refuse bad input with all reasons at once.
 */
import { type IsoDate, isIsoDate, toCivilDate } from '../calendar/iso-date.ts';
import {
  countyCodeOf,
  isRegionWithin,
  isValidRegionCode,
  type RegionLevel,
  regionLevelOf,
} from '../region-code/region-code.ts';
import { QUARTERLY_ROUNDS_PER_YEAR, type RoundKind } from './vocabulary.ts';

export const MAX_ROUND_INSPECTORS = 20;
export const MAX_ROUND_REGIONS = 200;

/** Quarter (1–4) of a date. */
export function quarterOf(date: IsoDate): number {
  return Math.floor((toCivilDate(date).month - 1) / 3) + 1;
}

/** First and last day of a quarter. */
export function quarterBounds(year: number, quarter: number): { from: IsoDate; to: IsoDate } {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new RangeError(`季度“${quarter}”无效：应为1到4`);
  }
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  const lastDay = [31, 30, 30, 31][quarter - 1] as number;
  const pad = (n: number) => n.toString().padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay)}` };
}

export function defaultRoundName(year: number, kind: RoundKind, quarter: number | null): string {
  const quarters = ['一', '二', '三', '四'];
  return kind === 'quarterly' && quarter !== null
    ? `${year}年第${quarters[quarter - 1]}季度健康扶贫督导检查`
    : `${year}年健康扶贫专项督导`;
}

export type TRoundInput = {
  countyCode: string;
  kind: RoundKind;
  quarter: number | null;
  name: string;
  startDate: string;
  endDate: string;
  /** Inspected townships or villages (12-digit codes). */
  regionCodes: readonly string[];
  inspectors: readonly string[];
};

const INSPECTABLE_LEVELS: readonly RegionLevel[] = ['township', 'village'];

/** Every problem with a round's fields, in field order; empty when the round may be saved. */
export function checkRound(input: TRoundInput): string[] {
  const errors: string[] = [];
  const name = input.name.trim();
  if (name === '' || Array.from(name).length > 60) {
    errors.push('督导名称：不能为空，且不超过60个字');
  }
  const datesValid = isIsoDate(input.startDate) && isIsoDate(input.endDate);
  if (!isIsoDate(input.startDate)) {
    errors.push(`开始日期“${input.startDate}”无效：应为 YYYY-MM-DD`);
  }
  if (!isIsoDate(input.endDate)) {
    errors.push(`结束日期“${input.endDate}”无效：应为 YYYY-MM-DD`);
  }
  if (datesValid && input.endDate < input.startDate) {
    errors.push(`结束日期${input.endDate}早于开始日期${input.startDate}`);
  }
  if (input.kind === 'quarterly') {
    if (
      input.quarter === null ||
      !Number.isInteger(input.quarter) ||
      input.quarter < 1 ||
      input.quarter > 4
    ) {
      errors.push('季度：季度督导须选择第一至第四季度');
    } else if (datesValid && quarterOf(input.startDate) !== input.quarter) {
      errors.push(`开始日期${input.startDate}不在第${input.quarter}季度内`);
    }
  } else if (input.quarter !== null) {
    errors.push('季度：专项督导不填季度');
  }
  if (input.regionCodes.length === 0) {
    errors.push('督导范围：至少选择一个乡镇或村');
  } else if (input.regionCodes.length > MAX_ROUND_REGIONS) {
    errors.push(`督导范围：最多${MAX_ROUND_REGIONS}个乡镇或村`);
  }
  const seen = new Set<string>();
  for (const code of input.regionCodes) {
    if (!isValidRegionCode(code)) {
      errors.push(`督导范围：区划代码“${code}”无效`);
    } else if (!INSPECTABLE_LEVELS.includes(regionLevelOf(code))) {
      errors.push(`督导范围：${code}不是乡镇或村级区划`);
    } else if (countyCodeOf(code) !== input.countyCode) {
      errors.push(`督导范围：${code}不属于本县（${input.countyCode}）`);
    } else if (seen.has(code)) {
      errors.push(`督导范围：${code}重复`);
    }
    seen.add(code);
  }
  const inspectors = input.inspectors.map((i) => i.trim());
  if (inspectors.length === 0 || inspectors.every((i) => i === '')) {
    errors.push('督导人员：至少填写一名督导人员');
  } else if (inspectors.length > MAX_ROUND_INSPECTORS) {
    errors.push(`督导人员：最多${MAX_ROUND_INSPECTORS}人`);
  } else if (inspectors.some((i) => i === '' || Array.from(i).length > 20)) {
    errors.push('督导人员：姓名不能为空，且不超过20个字');
  } else if (new Set(inspectors).size !== inspectors.length) {
    errors.push('督导人员：姓名重复');
  }
  return errors;
}

export type TRoundCoverage = {
  year: number;
  planned: number;
  /** Quarters of `year` with a quarterly round. */
  quarters: { quarter: number; hasRound: boolean }[];
  done: number;
};

/** How many of the 4 quarterly rounds of a year have been set up (一年四次督导). */
export function quarterlyCoverage(
  rounds: Iterable<{ kind: RoundKind; startDate: IsoDate; quarter: number | null }>,
  year: number,
): TRoundCoverage {
  const covered = new Set<number>();
  for (const round of rounds) {
    if (round.kind === 'quarterly' && round.quarter !== null && toCivilDate(round.startDate).year === year) {
      covered.add(round.quarter);
    }
  }
  const quarters = [1, 2, 3, 4].map((quarter) => ({ quarter, hasRound: covered.has(quarter) }));
  return { year, planned: QUARTERLY_ROUNDS_PER_YEAR, quarters, done: covered.size };
}

export type TProblemInput = {
  countyCode: string;
  regionCode: string;
  foundOn: string;
  deadline: string;
  description: string;
  responsibleUnit: string;
  /** The round the problem was found in, when it comes from one. */
  round: { startDate: IsoDate; endDate: IsoDate; regionCodes: readonly string[] } | null;
  /** Village of the household or person the problem concerns, when given. */
  subjectVillageCode: string | null;
};

export const MIN_PROBLEM_DESCRIPTION_LENGTH = 5;

/** Every problem with a new finding's fields; empty when it may be recorded. */
export function checkProblem(input: TProblemInput): string[] {
  const errors: string[] = [];
  if (!isValidRegionCode(input.regionCode)) {
    errors.push(`所在区域：区划代码“${input.regionCode}”无效`);
  } else if (!INSPECTABLE_LEVELS.includes(regionLevelOf(input.regionCode))) {
    errors.push('所在区域：应为乡镇或村');
  } else if (countyCodeOf(input.regionCode) !== input.countyCode) {
    errors.push(`所在区域：${input.regionCode}不属于本县（${input.countyCode}）`);
  } else {
    if (input.round && !input.round.regionCodes.some((r) => isRegionWithin(input.regionCode, r))) {
      errors.push('所在区域：不在该轮督导的检查范围内');
    }
    if (input.subjectVillageCode && !isRegionWithin(input.subjectVillageCode, input.regionCode)) {
      errors.push('所涉户/人员：不在问题所在区域内');
    }
  }
  const description = input.description.trim();
  if (Array.from(description).length < MIN_PROBLEM_DESCRIPTION_LENGTH) {
    errors.push(`问题描述：至少${MIN_PROBLEM_DESCRIPTION_LENGTH}个字`);
  } else if (Array.from(description).length > 1000) {
    errors.push('问题描述：不超过1000个字');
  }
  if (input.responsibleUnit.trim() === '') {
    errors.push('责任单位：不能为空');
  }
  const datesValid = isIsoDate(input.foundOn) && isIsoDate(input.deadline);
  if (!isIsoDate(input.foundOn)) {
    errors.push(`发现日期“${input.foundOn}”无效：应为 YYYY-MM-DD`);
  }
  if (!isIsoDate(input.deadline)) {
    errors.push(`整改时限“${input.deadline}”无效：应为 YYYY-MM-DD`);
  }
  if (datesValid && input.deadline < input.foundOn) {
    errors.push(`整改时限${input.deadline}早于发现日期${input.foundOn}`);
  }
  if (
    datesValid &&
    input.round &&
    (input.foundOn < input.round.startDate || input.foundOn > input.round.endDate)
  ) {
    errors.push(
      `发现日期${input.foundOn}不在该轮督导期间（${input.round.startDate}至${input.round.endDate}）内`,
    );
  }
  return errors;
}

/** Ledger number of a problem: DC + year + 4-digit serial within the county and year (DC2026-0007). */
export function formatProblemNo(year: number, serial: number): string {
  return `DC${year}-${serial.toString().padStart(4, '0')}`;
}
