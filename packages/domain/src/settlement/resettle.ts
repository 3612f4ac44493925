import type { Fen } from '../money/fen.ts';
import {
  type SettleClaimsItem,
  type SettlementPolicy,
  type SettleOptions,
  settleClaims,
} from './settle-claim.ts';
import type {
  RecordedSettlement,
  SettlementBearer,
  SettlementResult,
  TSettlementAccumulators,
} from './settlement-claim.schema.ts';

/**
 * Reversal (冲销) of a recorded settlement: the same figures negated, so that the ledger of a claim
 * always sums to its current settlement (original + reversal + new settlement).
 */
export type SettlementReversal = {
  claimId: string;
  /** Policy version of the settlement being reversed. */
  policyId: string;
  policyVersion: number;
  year: number;
  totalFen: Fen;
  layers: { code: string; label: string; paidFen: Fen }[];
  patientPaysFen: Fen;
  borneByFen: Fen;
  bearer: SettlementBearer | null;
  depositWaivedFen: Fen;
  reason: string;
};

/** Negate a settlement's amounts (0 stays 0, never -0). */
export function reverseSettlement(result: RecordedSettlement, reason: string): SettlementReversal {
  return {
    claimId: result.claimId,
    policyId: result.policyId,
    policyVersion: result.policyVersion,
    year: result.year,
    totalFen: negate(result.totalFen),
    layers: result.layers.map((layer) => ({
      code: layer.code,
      label: layer.label,
      paidFen: negate(layer.paidFen),
    })),
    patientPaysFen: negate(result.patientPaysFen),
    borneByFen: negate(result.borneByFen),
    bearer: result.bearer,
    depositWaivedFen: negate(result.depositWaivedFen),
    reason,
  };
}

function negate(fen: Fen): Fen {
  return fen === 0 ? 0 : -fen;
}

/** True when two settlements book the same amounts to the same payers under the same policy version. */
export function isSameSettlement(a: RecordedSettlement, b: RecordedSettlement): boolean {
  return (
    a.claimId === b.claimId &&
    a.policyId === b.policyId &&
    a.policyVersion === b.policyVersion &&
    a.year === b.year &&
    a.totalFen === b.totalFen &&
    a.patientPaysFen === b.patientPaysFen &&
    a.patientPolicyScopeFen === b.patientPolicyScopeFen &&
    a.borneByFen === b.borneByFen &&
    (a.bearer?.code ?? null) === (b.bearer?.code ?? null) &&
    a.depositWaivedFen === b.depositWaivedFen &&
    a.layers.length === b.layers.length &&
    a.layers.every((layer, i) => layer.code === b.layers[i]?.code && layer.paidFen === b.layers[i]?.paidFen)
  );
}

export type ResettleInput = {
  /** The person-year's claims as they should now be (corrections applied), sorted by discharge date. */
  items: readonly SettleClaimsItem[];
  /** The settlements recorded so far for this person-year (any order; one current result per claimId). */
  previous: readonly RecordedSettlement[];
  /** Accumulators at the start of the year (usually createAccumulators(year)). */
  accumulatorsAtYearStart: TSettlementAccumulators;
  policy: SettlementPolicy;
  /** Recorded with every reversal, e.g. '政策版本更正' or '结算单 A-1 金额更正'. */
  reason: string;
  options?: SettleOptions;
};

export type ResettleOutput = {
  /** The new current settlement of every item, in order. */
  results: SettlementResult[];
  /** Reversals to book: every previous settlement that changed or whose claim is gone. */
  reversals: SettlementReversal[];
  /** New settlements to book (the results that differ from, or have no, previous settlement). */
  settlements: SettlementResult[];
  /** Claims whose recorded settlement stays as it is. */
  unchangedClaimIds: string[];
  /** Accumulators after the whole year, to store for the person-year. */
  accumulators: TSettlementAccumulators;
};

/**
 * Re-settlement (重新结算) of one person-year after a claim or a policy version was corrected: settle the
 * year again in discharge order from its opening accumulators, then reverse and re-book only the claims
 * whose figures changed (later claims change when an earlier one used a different part of a deductible or
 * a cap). Pure: re-settling an unchanged year returns no reversals and results equal to the previous ones.
 */
export function resettlePersonYear(input: ResettleInput): ResettleOutput {
  const { results, accumulators } = settleClaims(
    input.policy,
    input.items,
    input.accumulatorsAtYearStart,
    input.options,
  );
  const previousById = new Map(input.previous.map((result) => [result.claimId, result]));
  const reversals: SettlementReversal[] = [];
  const settlements: SettlementResult[] = [];
  const unchangedClaimIds: string[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    seen.add(result.claimId);
    const before = previousById.get(result.claimId);
    if (before !== undefined && isSameSettlement(before, result)) {
      unchangedClaimIds.push(result.claimId);
      continue;
    }
    if (before !== undefined) {
      reversals.push(reverseSettlement(before, input.reason));
    }
    settlements.push(result);
  }
  for (const before of input.previous) {
    if (!seen.has(before.claimId)) {
      reversals.push(reverseSettlement(before, input.reason));
    }
  }
  return { results, reversals, settlements, unchangedClaimIds, accumulators };
}
