import type { Fen } from '../money/fen.ts';
import { createAccumulators } from './accumulators.ts';
import {
  type SettleClaimsItem,
  type SettlementPolicy,
  type SettleOptions,
  settleClaim,
  settleClaims,
} from './settle-claim.ts';
import type {
  SettlementResult,
  TSettlementAccumulators,
  TSettlementClaim,
} from './settlement-claim.schema.ts';

/** Amounts summed over settlements. */
export type SettlementTotals = {
  claimCount: number;
  totalFen: Fen;
  /** Paid per layer code (every layer of either policy appears, zero included). */
  layers: Record<string, Fen>;
  patientPaysFen: Fen;
  borneByFen: Fen;
  depositWaivedFen: Fen;
};

export function emptyTotals(): SettlementTotals {
  return { claimCount: 0, totalFen: 0, layers: {}, patientPaysFen: 0, borneByFen: 0, depositWaivedFen: 0 };
}

/** Add one settlement to running totals (mutates and returns `totals`). */
export function addToTotals(totals: SettlementTotals, result: SettlementResult): SettlementTotals {
  totals.claimCount += 1;
  totals.totalFen += result.totalFen;
  for (const layer of result.layers) {
    totals.layers[layer.code] = (totals.layers[layer.code] ?? 0) + layer.paidFen;
  }
  totals.patientPaysFen += result.patientPaysFen;
  totals.borneByFen += result.borneByFen;
  totals.depositWaivedFen += result.depositWaivedFen;
  return totals;
}

/** alternative − baseline, field by field (layers of both sides). */
export function diffTotals(baseline: SettlementTotals, alternative: SettlementTotals): SettlementTotals {
  const codes = new Set([...Object.keys(baseline.layers), ...Object.keys(alternative.layers)]);
  const layers: Record<string, Fen> = {};
  for (const code of codes) {
    layers[code] = (alternative.layers[code] ?? 0) - (baseline.layers[code] ?? 0);
  }
  return {
    claimCount: alternative.claimCount - baseline.claimCount,
    totalFen: alternative.totalFen - baseline.totalFen,
    layers,
    patientPaysFen: alternative.patientPaysFen - baseline.patientPaysFen,
    borneByFen: alternative.borneByFen - baseline.borneByFen,
    depositWaivedFen: alternative.depositWaivedFen - baseline.depositWaivedFen,
  };
}

export type ClaimWhatIf = {
  baseline: SettlementResult;
  alternative: SettlementResult;
  delta: SettlementTotals;
};

/**
 * The same claim, with the same year-to-date accumulators and categories, under two policies.
 * The alternative's validity period is not checked (a draft for next year applied to this year's claim).
 */
export function whatIfClaim(
  baselinePolicy: SettlementPolicy,
  alternativePolicy: SettlementPolicy,
  claim: TSettlementClaim,
  accumulatorsBefore: TSettlementAccumulators,
  personCategoriesOnDate: readonly string[],
  options: SettleOptions = {},
): ClaimWhatIf {
  const baseline = settleClaim(baselinePolicy, claim, accumulatorsBefore, personCategoriesOnDate, options);
  const alternative = settleClaim(alternativePolicy, claim, accumulatorsBefore, personCategoriesOnDate, {
    ...options,
    isPolicyPeriodChecked: false,
  });
  return {
    baseline,
    alternative,
    delta: diffTotals(addToTotals(emptyTotals(), baseline), addToTotals(emptyTotals(), alternative)),
  };
}

/** One person's claims of one insurance year, sorted by discharge date. */
export type WhatIfPersonYear = {
  personKey: string;
  items: readonly SettleClaimsItem[];
  /** Opening accumulators; default zeros for the year of the first claim. */
  accumulators?: TSettlementAccumulators;
};

export type WhatIfGroup = {
  baseline: SettlementTotals;
  alternative: SettlementTotals;
  delta: SettlementTotals;
};

export type WhatIfReport = WhatIfGroup & {
  /** By person category ('ordinary' = no category); a claim counts once in each category its person holds. */
  byCategory: Record<string, WhatIfGroup>;
};

export const ORDINARY_CATEGORY_KEY = 'ordinary';

/**
 * What-if (政策测算): settle every person-year under the baseline and the alternative policy (the
 * alternative's validity period is not checked) and sum the change in each layer's spending and in
 * patients' self-pay, in total and by category. Item-level `policy` overrides apply to the baseline only.
 */
export function whatIfPolicies(
  baselinePolicy: SettlementPolicy,
  alternativePolicy: SettlementPolicy,
  personYears: readonly WhatIfPersonYear[],
): WhatIfReport {
  const total = { baseline: emptyTotals(), alternative: emptyTotals() };
  const byCategory = new Map<string, { baseline: SettlementTotals; alternative: SettlementTotals }>();
  const options: SettleOptions = { withTrace: false };
  for (const personYear of personYears) {
    const first = personYear.items[0];
    if (first === undefined) {
      continue;
    }
    const opening =
      personYear.accumulators ?? createAccumulators(Number(first.claim.dischargeDate.slice(0, 4)));
    const baseline = settleClaims(baselinePolicy, personYear.items, opening, options).results;
    const alternative = settleClaims(
      alternativePolicy,
      personYear.items.map(({ claim, categories }) => ({ claim, categories })),
      opening,
      { ...options, isPolicyPeriodChecked: false },
    ).results;
    personYear.items.forEach((item, i) => {
      const before = baseline[i] as SettlementResult;
      const after = alternative[i] as SettlementResult;
      addToTotals(total.baseline, before);
      addToTotals(total.alternative, after);
      const keys = item.categories.length === 0 ? [ORDINARY_CATEGORY_KEY] : new Set(item.categories);
      for (const key of keys) {
        let group = byCategory.get(key);
        if (group === undefined) {
          group = { baseline: emptyTotals(), alternative: emptyTotals() };
          byCategory.set(key, group);
        }
        addToTotals(group.baseline, before);
        addToTotals(group.alternative, after);
      }
    });
  }
  const report: WhatIfReport = {
    baseline: total.baseline,
    alternative: total.alternative,
    delta: diffTotals(total.baseline, total.alternative),
    byCategory: {},
  };
  for (const [key, group] of [...byCategory.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    report.byCategory[key] = { ...group, delta: diffTotals(group.baseline, group.alternative) };
  }
  return report;
}
