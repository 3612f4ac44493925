import type { Fen } from '../money/fen.ts';
import { createAccumulators, EMPTY_LAYER_USAGE } from './accumulators.ts';
import {
  type CompiledCriticalIllness,
  type CompiledFurtherLayer,
  type CompiledPolicy,
  type CriticalCandidate,
  isUnlockedBy,
  LEVEL_INDEX,
  NO_CAP,
  normaliseCode,
  type RatioCandidate,
  resolveCompiledPolicy,
  toCategoryMask,
  VISIT_TYPE_INDEX,
} from './compile-policy.ts';
import type { TPolicySet } from './policy-set.schema.ts';
import { FAST_RATE_LIMIT_FEN, multiplyRateBp, roundBpProduct } from './rate-math.ts';
import { SettlementError, throwSettlementError } from './settlement.errors.ts';
import type {
  SettlementBearer,
  SettlementLayerResult,
  SettlementResult,
  SettlementTraceEntry,
  TBasicUsage,
  TLayerUsage,
  TSettlementAccumulators,
  TSettlementClaim,
} from './settlement-claim.schema.ts';
import {
  CLAIM_CAUSE_LABELS,
  HOSPITAL_LEVEL_LABELS,
  HOSPITAL_LEVELS,
  PERSON_CATEGORIES,
  SELF_PAY_CAP_LAYER,
  TREAT_FIRST_PAY_LATER_LAYER,
  VISIT_TYPE_LABELS,
  VISIT_TYPES,
} from './settlement-vocabulary.ts';
import { findClaimIssue } from './validate-claim.ts';

export type SettleClaimInput = {
  claim: TSettlementClaim;
  /** Categories the person holds on the service date (resolved by the caller). */
  categories: readonly string[];
  /** Year-to-date totals of this person; totals of an earlier year are replaced by zeros. */
  accumulators: TSettlementAccumulators;
  /** A policy parsed by ZPolicySet (compiled once and memoised) or the result of compilePolicy. */
  policy: TPolicySet | CompiledPolicy;
  /** Fill result.trace (one entry per layer). Off by default: the hot path then allocates no trace. */
  withTrace?: boolean;
};

/**
 * Per-claim scratch for the layer currently being settled: which rule won and with which figures.
 * One object per claim, overwritten layer by layer, so the hot path allocates nothing per layer.
 */
type LayerScratch = {
  code: string;
  description: string;
  deductibleFen: Fen;
  rateBp: number;
  capFen: number;
  capRemainingFen: number;
};

/** Deductible modes of the shared ratio computation. */
const DEDUCTIBLE_PER_YEAR = 0;
const DEDUCTIBLE_FIRST_ADMISSION = 1;
const DEDUCTIBLE_REPEAT_ADMISSION = 2;

/**
 * Settle one claim through every layer: 基本医保 → 大病保险 → 医疗救助 → further layers in policy order
 * → self-pay cap, and decide the 先诊疗后付费 deposit waiver. Pure: the same input gives the same result.
 *
 * - Each layer works on what the previous ones left, rounds half-up once (to the fen) and never pays
 *   more than that remainder or its remaining annual cap.
 * - When several category rules apply to a layer, the one paying most (lowest self-pay after that
 *   layer) wins; ties go to the rule listed first (ordinary parameters before preferences).
 * - Layers on 'total_remaining' pay the policy-scope remainder first, then the out-of-catalogue part;
 *   so does the self-pay cap when it moves an excess to its bearer.
 * Throws SettlementError (coded, Chinese message naming the field) for an invalid claim.
 */
export function settleClaim(input: SettleClaimInput): SettlementResult {
  const policy = resolveCompiledPolicy(input.policy);
  const { claim } = input;
  const issue = findClaimIssue(claim, policy);
  if (issue !== null) {
    throw new SettlementError(issue);
  }
  const personMask = resolvePersonMask(input.categories);
  const year = yearOfValidDate(claim.dischargeDate);
  const acc = resolveAccumulators(input.accumulators, year);
  const trace: SettlementTraceEntry[] | null = input.withTrace === true ? [] : null;
  const levelIndex = LEVEL_INDEX[claim.institutionLevel];
  const visitTypeIndex = VISIT_TYPE_INDEX[claim.visitType];
  const visitTypeBit = 1 << visitTypeIndex;
  const scratch: LayerScratch = {
    code: '',
    description: '',
    deductibleFen: 0,
    rateBp: 0,
    capFen: 0,
    capRemainingFen: 0,
  };
  const layers: SettlementLayerResult[] = [];

  // 基本医保: policy scope minus 乙类先自付.
  const basicRule = policy.basicRules[levelIndex * VISIT_TYPES.length + visitTypeIndex];
  if (basicRule === undefined) {
    throwSettlementError(
      'POLICY_RULE_MISSING',
      'institutionLevel',
      `政策“${policy.source.name}”未配置${HOSPITAL_LEVEL_LABELS[claim.institutionLevel]}医疗机构${VISIT_TYPE_LABELS[claim.visitType]}的基本医保参数`,
    );
  }
  const basicUsage = acc.basic[claim.visitType];
  const basicBase = claim.policyScopeFen - claim.categoryBFirstSelfPayFen;
  let basicCapUsed = 0;
  for (const visitType of basicRule.capVisitTypes) {
    basicCapUsed += acc.basic[visitType].paidFen;
  }
  const basicMode = !basicRule.isPerAdmission
    ? DEDUCTIBLE_PER_YEAR
    : basicUsage.admissionCount > 0
      ? DEDUCTIBLE_REPEAT_ADMISSION
      : DEDUCTIBLE_FIRST_ADMISSION;
  const basicPaid = settleBestRatio(
    basicRule.candidates,
    basicBase,
    basicMode,
    basicUsage.deductibleUsedFen,
    basicCapUsed,
    personMask,
    scratch,
  );
  const basicDeductible = scratch.deductibleFen;
  recordLayer(layers, trace, policy, 0, scratch, basicBase, basicPaid);
  let policyLeft = claim.policyScopeFen - basicPaid;
  let outLeft = claim.outOfCatalogueFen;

  // 大病保险: cumulative yearly base.
  const critical = policy.criticalIllness;
  const isCriticalCovered = critical !== null && (critical.visitTypeMask & visitTypeBit) !== 0;
  const criticalBase = !isCriticalCovered
    ? 0
    : critical.isCategoryBFirstSelfPayIncluded
      ? policyLeft
      : policyLeft - claim.categoryBFirstSelfPayFen;
  const criticalPaid = isCriticalCovered
    ? settleCriticalIllness(critical, criticalBase, acc.criticalIllness, personMask, scratch)
    : markNotApplicable(
        scratch,
        'critical_illness.not_covered',
        `${VISIT_TYPE_LABELS[claim.visitType]}不纳入大病保险`,
      );
  recordLayer(layers, trace, policy, 1, scratch, criticalBase, criticalPaid);
  policyLeft -= criticalPaid;

  // 医疗救助: the most favourable category rule.
  const assistanceBase = policy.isAssistanceTotalBase ? policyLeft + outLeft : policyLeft;
  const assistancePaid = settleBestRatio(
    policy.assistanceByVisitType[visitTypeIndex] ?? [],
    assistanceBase,
    DEDUCTIBLE_PER_YEAR,
    acc.assistance.deductibleUsedFen,
    acc.assistance.paidFen,
    personMask,
    scratch,
  );
  const assistanceDeductible = scratch.deductibleFen;
  recordLayer(layers, trace, policy, 2, scratch, assistanceBase, assistancePaid);
  const assistanceFromPolicy = Math.min(assistancePaid, policyLeft);
  policyLeft -= assistanceFromPolicy;
  outLeft -= assistancePaid - assistanceFromPolicy;

  // Further layers in policy order.
  let nextLayerUsage = acc.layers;
  const furtherLayers = policy.furtherLayers;
  if (furtherLayers.length > 0) {
    nextLayerUsage = { ...acc.layers };
    for (let i = 0; i < furtherLayers.length; i += 1) {
      const layer = furtherLayers[i] as CompiledFurtherLayer;
      const usage = acc.layers[layer.code] ?? EMPTY_LAYER_USAGE;
      const base = layer.isTotalBase ? policyLeft + outLeft : policyLeft;
      const paid = isLayerOpen(layer, personMask, levelIndex, visitTypeBit)
        ? FURTHER_LAYER_SETTLERS[layer.kind](layer, claim, base, usage, year, personMask, scratch)
        : markNotApplicable(
            scratch,
            `${layer.code}.not_eligible`,
            `不符合${layer.label}的人员、机构级别或就诊类型条件`,
          );
      recordLayer(layers, trace, policy, 3 + i, scratch, base, paid);
      if (paid > 0 || scratch.deductibleFen > 0) {
        nextLayerUsage[layer.code] = {
          paidFen: usage.paidFen + paid,
          deductibleUsedFen: usage.deductibleUsedFen + scratch.deductibleFen,
        };
      }
      const fromPolicy = Math.min(paid, policyLeft);
      policyLeft -= fromPolicy;
      outLeft -= paid - fromPolicy;
    }
  }

  // Self-pay cap (自付上限): the excess moves to the hospital or a fund.
  let borneByFen = 0;
  let bearer: SettlementBearer | null = null;
  const cap = policy.selfPayCap;
  const capRateBp = cap === null ? -1 : (cap.capRateBpByLevel[levelIndex] ?? -1);
  if (
    cap !== null &&
    capRateBp >= 0 &&
    (cap.visitTypeMask & visitTypeBit) !== 0 &&
    (cap.mask & personMask) !== 0
  ) {
    const capBase = cap.isTotalBase ? claim.totalFen : claim.policyScopeFen;
    const capFen = multiplyRateBp(capBase, capRateBp);
    const due = cap.isTotalBase ? policyLeft + outLeft : policyLeft;
    if (due > capFen) {
      borneByFen = due - capFen;
      bearer = cap.bearer;
      const fromPolicy = Math.min(borneByFen, policyLeft);
      policyLeft -= fromPolicy;
      outLeft -= borneByFen - fromPolicy;
    }
    if (trace !== null) {
      trace.push({
        layer: SELF_PAY_CAP_LAYER,
        rule: {
          code: `${SELF_PAY_CAP_LAYER}.${HOSPITAL_LEVELS[levelIndex]}`,
          description: cap.descriptionByLevel[levelIndex] ?? '',
        },
        baseFen: capBase,
        deductibleFen: 0,
        rateBp: capRateBp,
        capFen,
        capRemainingFen: capFen,
        resultFen: borneByFen,
      });
    }
  }

  const depositWaivedFen = settleDeposit(policy, claim, personMask, levelIndex, visitTypeBit, trace);
  const patientPaysFen = policyLeft + outLeft;
  const nextBasicUsage: TBasicUsage = {
    paidFen: basicUsage.paidFen + basicPaid,
    deductibleUsedFen: basicUsage.deductibleUsedFen + basicDeductible,
    admissionCount: basicUsage.admissionCount + 1,
  };
  return {
    claimId: claim.claimId,
    policyId: policy.source.id,
    policyVersion: policy.source.version,
    year,
    totalFen: claim.totalFen,
    layers,
    patientPaysFen,
    patientPolicyScopeFen: policyLeft,
    patientOutOfCatalogueFen: outLeft,
    borneByFen,
    bearer,
    depositWaivedFen,
    trace: trace ?? [],
    nextAccumulators: {
      year,
      basic: {
        inpatient: visitTypeIndex === 0 ? nextBasicUsage : acc.basic.inpatient,
        outpatient_chronic: visitTypeIndex === 1 ? nextBasicUsage : acc.basic.outpatient_chronic,
        outpatient: visitTypeIndex === 2 ? nextBasicUsage : acc.basic.outpatient,
      },
      criticalIllness: {
        baseFen: acc.criticalIllness.baseFen + criticalBase,
        paidFen: acc.criticalIllness.paidFen + criticalPaid,
      },
      assistance: {
        paidFen: acc.assistance.paidFen + assistancePaid,
        deductibleUsedFen: acc.assistance.deductibleUsedFen + assistanceDeductible,
      },
      layers: nextLayerUsage,
      patientPaidFen: acc.patientPaidFen + patientPaysFen,
    },
  };
}

export type SettleClaimsItem = {
  claim: TSettlementClaim;
  categories: readonly string[];
  /** Overrides the batch policy for this claim (e.g. a claim after a policy change). */
  policy?: TPolicySet | CompiledPolicy;
};

export type SettleClaimsInput = {
  /** Claims of ONE person, sorted by discharge date (ties keep their order). */
  items: readonly SettleClaimsItem[];
  accumulators: TSettlementAccumulators;
  policy: TPolicySet | CompiledPolicy;
  withTrace?: boolean;
};

/** Settle a person's claims in order: a fold of settleClaim over the accumulators. All-or-nothing. */
export function settleClaims(input: SettleClaimsInput): {
  results: SettlementResult[];
  accumulators: TSettlementAccumulators;
} {
  const { items } = input;
  for (let i = 1; i < items.length; i += 1) {
    const previous = (items[i - 1] as SettleClaimsItem).claim.dischargeDate;
    const current = (items[i] as SettleClaimsItem).claim.dischargeDate;
    if (current < previous) {
      throwSettlementError(
        'CLAIMS_NOT_SORTED',
        `items[${i}].claim.dischargeDate`,
        `出院（结算）日期（items[${i}].claim.dischargeDate）${current} 早于上一张结算单的 ${previous}，结算单须按出院日期排序`,
      );
    }
  }
  let accumulators = input.accumulators;
  const results: SettlementResult[] = [];
  for (const item of items) {
    const result = settleClaim({
      claim: item.claim,
      categories: item.categories,
      accumulators,
      policy: item.policy ?? input.policy,
      withTrace: input.withTrace === true,
    });
    results.push(result);
    accumulators = result.nextAccumulators;
  }
  return { results, accumulators };
}

/**
 * Shared ratio computation: pick the unlocked candidate paying most on `base`.
 * paid = min(round(max(0, base − deductible) × rate), cap − capUsed). Returns the amount and leaves the
 * winner's figures in `scratch` (code 'not_eligible' and 0 when no candidate is unlocked).
 */
function settleBestRatio(
  candidates: readonly RatioCandidate[],
  base: Fen,
  deductibleMode: number,
  deductibleUsedFen: Fen,
  capUsedFen: Fen,
  personMask: number,
  scratch: LayerScratch,
): Fen {
  let best = -1;
  for (let i = 0; i < candidates.length; i += 1) {
    const candidate = candidates[i] as RatioCandidate;
    if (!isUnlockedBy(candidate.mask, personMask)) {
      continue;
    }
    const deductibleLeft =
      deductibleMode === DEDUCTIBLE_PER_YEAR
        ? Math.max(0, candidate.deductibleFen - deductibleUsedFen)
        : deductibleMode === DEDUCTIBLE_FIRST_ADMISSION
          ? candidate.deductibleFen
          : candidate.repeatDeductibleFen;
    const deductible = Math.min(base, deductibleLeft);
    const capLeft = Math.max(0, candidate.capFen - capUsedFen);
    const paid = Math.min(multiplyRateBp(base - deductible, candidate.rateBp), capLeft);
    if (paid > best) {
      best = paid;
      setScratch(
        scratch,
        candidate.code,
        candidate.description,
        deductible,
        candidate.rateBp,
        candidate.capFen,
        capLeft,
      );
    }
  }
  return best < 0
    ? markNotApplicable(scratch, 'medical_assistance.not_eligible', '无符合条件的救助类别')
    : best;
}

/**
 * 大病保险 on the cumulative yearly base: paid = round(E(after)) − round(E(before)), where E(x) is the
 * tiered amount due on x − deductible. Summing per claim therefore equals settling the year at once.
 */
function settleCriticalIllness(
  critical: CompiledCriticalIllness,
  base: Fen,
  usage: TSettlementAccumulators['criticalIllness'],
  personMask: number,
  scratch: LayerScratch,
): Fen {
  const before = usage.baseFen;
  const after = before + base;
  if (after > FAST_RATE_LIMIT_FEN) {
    throwSettlementError(
      'ACCUMULATORS_OUT_OF_RANGE',
      'accumulators.criticalIllness.baseFen',
      '大病保险年度累计金额超出计算范围',
    );
  }
  let best = -1;
  for (let i = 0; i < critical.candidates.length; i += 1) {
    const candidate = critical.candidates[i] as CriticalCandidate;
    if (!isUnlockedBy(candidate.mask, personMask)) {
      continue;
    }
    const gain =
      roundBpProduct(tierProduct(candidate, after)) - roundBpProduct(tierProduct(candidate, before));
    const capLeft = Math.max(0, candidate.capFen - usage.paidFen);
    const paid = Math.min(gain, capLeft, base);
    if (paid > best) {
      best = paid;
      const deductible = Math.min(base, Math.max(0, candidate.deductibleFen - before));
      setScratch(
        scratch,
        candidate.code,
        candidate.description,
        deductible,
        tierRateAt(candidate, after - candidate.deductibleFen),
        candidate.capFen,
        capLeft,
      );
    }
  }
  return best;
}

/** Σ over tiers of (part of cumulative − deductible inside the tier) × rate, in fen·bp (exact). */
function tierProduct(candidate: CriticalCandidate, cumulativeFen: Fen): number {
  const above = cumulativeFen - candidate.deductibleFen;
  let product = 0;
  for (let i = 0; i < candidate.tierFromFen.length; i += 1) {
    const from = candidate.tierFromFen[i] as number;
    if (above <= from) {
      break;
    }
    product +=
      (Math.min(above, candidate.tierToFen[i] as number) - from) * (candidate.tierRateBp[i] as number);
  }
  return product;
}

function tierRateAt(candidate: CriticalCandidate, aboveFen: Fen): number {
  let rate = candidate.tierRateBp[0] ?? 0;
  for (
    let i = 1;
    i < candidate.tierFromFen.length && aboveFen > (candidate.tierFromFen[i] as number);
    i += 1
  ) {
    rate = candidate.tierRateBp[i] as number;
  }
  return rate;
}

type FurtherLayerSettler = (
  layer: CompiledFurtherLayer,
  claim: TSettlementClaim,
  base: Fen,
  usage: TLayerUsage,
  year: number,
  personMask: number,
  scratch: LayerScratch,
) => Fen;

const FURTHER_LAYER_SETTLERS: Readonly<Record<CompiledFurtherLayer['kind'], FurtherLayerSettler>> = {
  ratio: (layer, claim, base, usage, _year, personMask, scratch) =>
    layer.diagnosisPrefixes.length > 0 && !hasDiagnosisPrefix(claim, layer.diagnosisPrefixes)
      ? markNotApplicable(scratch, `${layer.code}.diagnosis_not_listed`, `诊断不在${layer.label}病种范围内`)
      : settleBestRatio(
          layer.ratioCandidates,
          base,
          DEDUCTIBLE_PER_YEAR,
          usage.deductibleUsedFen,
          usage.paidFen,
          personMask,
          scratch,
        ),
  session_subsidy: (layer, claim, base, usage, _year, _personMask, scratch) => {
    const sessions = claim.dialysisSessions ?? 0;
    const hasNoFilter = layer.diagnosisPrefixes.length === 0 && layer.itemCodes.length === 0;
    const isMatched =
      hasNoFilter ||
      hasDiagnosisPrefix(claim, layer.diagnosisPrefixes) ||
      hasItemCode(claim, layer.itemCodes);
    if (sessions === 0 || !isMatched) {
      return markNotApplicable(scratch, `${layer.code}.no_sessions`, `无符合${layer.label}条件的治疗次数`);
    }
    return settleFixedGrant(
      layer,
      layer.code,
      sessions * layer.perSessionFen,
      layer.capFen,
      base,
      usage,
      scratch,
    );
  },
  transplant_grant: (layer, claim, base, usage, year, _personMask, scratch) => {
    const transplantDate = claim.transplant?.transplantDate;
    const yearsAfter = transplantDate === undefined ? -1 : year - yearOfValidDate(transplantDate);
    if (yearsAfter === 0) {
      return settleFixedGrant(
        layer,
        `${layer.code}.one_off`,
        layer.oneOffGrantFen,
        layer.oneOffGrantFen,
        base,
        usage,
        scratch,
      );
    }
    if (yearsAfter >= 1 && yearsAfter <= layer.antiRejectionYears) {
      const annual = layer.antiRejectionAnnualFen;
      return settleFixedGrant(layer, `${layer.code}.anti_rejection`, annual, annual, base, usage, scratch);
    }
    return markNotApplicable(scratch, `${layer.code}.not_in_period`, `不在${layer.label}的救助年度内`);
  },
};

/** A fixed amount limited by the remaining yearly cap and by what is left to pay. */
function settleFixedGrant(
  layer: CompiledFurtherLayer,
  code: string,
  amountFen: Fen,
  capFen: number,
  base: Fen,
  usage: TLayerUsage,
  scratch: LayerScratch,
): Fen {
  const capLeft = Math.max(0, capFen - usage.paidFen);
  setScratch(scratch, code, layer.description, 0, 0, capFen, capLeft);
  return Math.min(amountFen, capLeft, base);
}

function isLayerOpen(
  layer: CompiledFurtherLayer,
  personMask: number,
  levelIndex: number,
  visitTypeBit: number,
): boolean {
  return (
    isUnlockedBy(layer.mask, personMask) &&
    (layer.levelMask & (1 << levelIndex)) !== 0 &&
    (layer.visitTypeMask & visitTypeBit) !== 0
  );
}

function hasDiagnosisPrefix(claim: TSettlementClaim, prefixes: readonly string[]): boolean {
  return claim.diagnosisCodes.some((code) => {
    const normalised = normaliseCode(code);
    return prefixes.some((prefix) => normalised.startsWith(prefix));
  });
}

function hasItemCode(claim: TSettlementClaim, itemCodes: readonly string[]): boolean {
  return claim.itemCodes !== undefined && claim.itemCodes.some((code) => itemCodes.includes(code));
}

type DepositDecision = { code: string; description: string; isWaived: boolean };

/** 先诊疗后付费: the first failing condition explains a refusal. */
function decideDeposit(
  policy: CompiledPolicy,
  claim: TSettlementClaim,
  personMask: number,
  levelIndex: number,
  visitTypeBit: number,
): DepositDecision {
  const rule = policy.treatFirstPayLater;
  if (rule === null) {
    return { code: 'not_configured', description: '本政策未实行先诊疗后付费', isWaived: false };
  }
  if ((rule.levelMask & (1 << levelIndex)) === 0 || (rule.visitTypeMask & visitTypeBit) === 0) {
    return {
      code: 'out_of_scope',
      description: '该医疗机构级别或就诊类型不实行先诊疗后付费',
      isWaived: false,
    };
  }
  if ((rule.mask & personMask) === 0) {
    return { code: 'ineligible', description: '人员类别不符合先诊疗后付费条件', isWaived: false };
  }
  if (claim.cause !== undefined && rule.excludedCauses.has(claim.cause)) {
    return {
      code: 'excluded_cause',
      description: `${CLAIM_CAUSE_LABELS[claim.cause]}不适用先诊疗后付费，须缴纳押金`,
      isWaived: false,
    };
  }
  return {
    code: 'waived',
    description: '先诊疗后付费：免收住院押金，出院时只结清个人自付部分',
    isWaived: true,
  };
}

function settleDeposit(
  policy: CompiledPolicy,
  claim: TSettlementClaim,
  personMask: number,
  levelIndex: number,
  visitTypeBit: number,
  trace: SettlementTraceEntry[] | null,
): Fen {
  if (!claim.treatFirstPayLater) {
    return 0;
  }
  const decision = decideDeposit(policy, claim, personMask, levelIndex, visitTypeBit);
  const waived = decision.isWaived ? claim.depositFen : 0;
  trace?.push({
    layer: TREAT_FIRST_PAY_LATER_LAYER,
    rule: { code: `${TREAT_FIRST_PAY_LATER_LAYER}.${decision.code}`, description: decision.description },
    baseFen: claim.depositFen,
    deductibleFen: 0,
    rateBp: 0,
    capFen: null,
    capRemainingFen: null,
    resultFen: waived,
  });
  return waived;
}

function recordLayer(
  layers: SettlementLayerResult[],
  trace: SettlementTraceEntry[] | null,
  policy: CompiledPolicy,
  layerIndex: number,
  scratch: LayerScratch,
  baseFen: Fen,
  paidFen: Fen,
): void {
  const meta = policy.layers[layerIndex] as { code: string; label: string };
  layers.push({ code: meta.code, label: meta.label, paidFen });
  if (trace !== null) {
    trace.push({
      layer: meta.code,
      rule: { code: scratch.code, description: scratch.description },
      baseFen,
      deductibleFen: scratch.deductibleFen,
      rateBp: scratch.rateBp,
      capFen: scratch.capFen === NO_CAP ? null : scratch.capFen,
      capRemainingFen: scratch.capRemainingFen === NO_CAP ? null : scratch.capRemainingFen,
      resultFen: paidFen,
    });
  }
}

function setScratch(
  scratch: LayerScratch,
  code: string,
  description: string,
  deductibleFen: Fen,
  rateBp: number,
  capFen: number,
  capRemainingFen: number,
): void {
  scratch.code = code;
  scratch.description = description;
  scratch.deductibleFen = deductibleFen;
  scratch.rateBp = rateBp;
  scratch.capFen = capFen;
  scratch.capRemainingFen = capRemainingFen;
}

/** Records "this layer does not apply" in the scratch and returns 0 paid. */
function markNotApplicable(scratch: LayerScratch, code: string, description: string): Fen {
  setScratch(scratch, code, description, 0, 0, NO_CAP, NO_CAP);
  return 0;
}

function resolvePersonMask(categories: readonly string[]): number {
  const mask = toCategoryMask(categories);
  if (mask < 0) {
    const index = -mask - 1;
    throwSettlementError(
      'CLAIM_CATEGORY_INVALID',
      `categories[${index}]`,
      `人员类别（categories[${index}]）“${String(categories[index])}”不是已知类别，应为 ${PERSON_CATEGORIES.join('、')} 之一`,
    );
  }
  return mask;
}

function resolveAccumulators(accumulators: TSettlementAccumulators, year: number): TSettlementAccumulators {
  if (accumulators.year === year) {
    return accumulators;
  }
  if (accumulators.year > year) {
    throwSettlementError(
      'ACCUMULATORS_YEAR_AHEAD',
      'accumulators.year',
      `累计数年度（accumulators.year）${accumulators.year} 晚于结算年度 ${year}，请传入该年度的累计数`,
    );
  }
  return createAccumulators(year);
}

/** Year of a date already checked by isIsoDate, without allocating. */
function yearOfValidDate(date: string): number {
  return (
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  );
}
