/**
 * Warning rules as versioned configuration data: a rule set belongs to a region (it applies to that region
 * and everything in it; the most specific region wins), has a version and an effective date, and is never
 * edited in place: a change is a new version. Amounts that vary by province and year [P] — the local rural
 * per-capita disposable income and the monitoring income line — are tables of (year, fen) in the set.
 */
import { z } from 'zod';
import type { IsoDate } from '../calendar/iso-date.ts';
import { isRegionWithin, regionScopePrefix } from '../region-code/region-code.ts';

const ZYear = z.int({ error: '年份必须是整数' }).min(2000, { error: '年份不能早于2000年' }).max(2100, {
  error: '年份不能晚于2100年',
});
const ZFen = z
  .int({ error: '金额必须是以分为单位的整数' })
  .min(0, { error: '金额不能为负数' })
  .max(Number.MAX_SAFE_INTEGER, { error: '金额超出范围' });

export const ZYearAmount = z.object({ year: ZYear, amountFen: ZFen });
export type TYearAmount = z.infer<typeof ZYearAmount>;

function uniqueYears(what: string) {
  return (rows: readonly TYearAmount[], ctx: z.RefinementCtx) => {
    const seen = new Set<number>();
    for (const row of rows) {
      if (seen.has(row.year)) {
        ctx.addIssue({ code: 'custom', message: `${what}：${row.year}年重复` });
      }
      seen.add(row.year);
    }
  };
}

export const ZWarningRules = z.object({
  highExpense: z.object({
    enabled: z.boolean(),
    /** Share of the prior year's income in basis points (5,000 = 50 %). */
    shareBp: z
      .int({ error: '比例必须是整数基点' })
      .min(100, { error: '比例不能低于1%' })
      .max(100_000, { error: '比例不能超过1000%' }),
    /** Local rural per-capita disposable income (农村居民人均可支配收入) by year, in fen. */
    incomeBase: z.array(ZYearAmount).max(50).superRefine(uniqueYears('农村居民人均可支配收入')),
  }),
  lowIncome: z.object({
    enabled: z.boolean(),
    /** Monitoring income line (防返贫监测收入标准) per person and year, in fen. */
    lines: z.array(ZYearAmount).max(50).superRefine(uniqueYears('监测收入标准')),
    /** Households already monitored with 风险未消除 are not warned again. */
    skipMonitoredAtRisk: z.boolean(),
  }),
  monitoredNoMeasure: z.object({
    enabled: z.boolean(),
    graceMonths: z
      .int({ error: '期限必须是整数月' })
      .min(1, { error: '期限至少1个月' })
      .max(12, { error: '期限不超过12个月' }),
  }),
  majorWaiting: z.object({
    enabled: z.boolean(),
    maxWaitingDays: z
      .int({ error: '天数必须是整数' })
      .min(1, { error: '天数至少为1' })
      .max(365, { error: '天数不超过365' }),
  }),
});
export type TWarningRules = z.infer<typeof ZWarningRules>;

/** National defaults [M]: amounts are local and must be configured before their rules can run. */
export const DEFAULT_WARNING_RULES: TWarningRules = {
  highExpense: { enabled: true, shareBp: 5_000, incomeBase: [] },
  lowIncome: { enabled: true, lines: [], skipMonitoredAtRisk: true },
  monitoredNoMeasure: { enabled: true, graceMonths: 1 },
  majorWaiting: { enabled: true, maxWaitingDays: 30 },
};

export type TWarningRuleSet = {
  /** Database id; null for the built-in defaults. */
  id: number | null;
  /** 12-digit code of the region the set applies to (and everything within it). */
  regionCode: string;
  version: number;
  name: string;
  effectiveFrom: IsoDate;
  rules: TWarningRules;
};

export const DEFAULT_RULE_SET: TWarningRuleSet = {
  id: null,
  regionCode: '000000000000',
  version: 0,
  name: '系统默认规则',
  effectiveFrom: '2000-01-01',
  rules: DEFAULT_WARNING_RULES,
};

/**
 * The rule set that applies to a village on a date: among sets of regions containing the village and
 * effective on the date, the most specific region; then the latest effective date; then the highest
 * version. Falls back to the built-in defaults.
 */
export function selectRuleSet(
  sets: readonly TWarningRuleSet[],
  villageCode: string,
  date: IsoDate,
): TWarningRuleSet {
  let best: TWarningRuleSet | null = null;
  for (const set of sets) {
    if (set.effectiveFrom > date || !isRegionWithin(villageCode, set.regionCode)) {
      continue;
    }
    if (best === null || compareSets(set, best) > 0) {
      best = set;
    }
  }
  return best ?? DEFAULT_RULE_SET;
}

function compareSets(a: TWarningRuleSet, b: TWarningRuleSet): number {
  const depth = regionScopePrefix(a.regionCode).length - regionScopePrefix(b.regionCode).length;
  if (depth !== 0) {
    return depth;
  }
  if (a.effectiveFrom !== b.effectiveFrom) {
    return a.effectiveFrom > b.effectiveFrom ? 1 : -1;
  }
  return a.version - b.version;
}

/** The amount configured for a year, or null. */
export function amountForYear(rows: readonly TYearAmount[], year: number): number | null {
  return rows.find((row) => row.year === year)?.amountFen ?? null;
}
