import { type Fen, formatBp, formatFen } from '../money/fen.ts';
import { createAccumulators, EMPTY_LAYER_USAGE } from './accumulators.ts';
import {
  type CompiledCriticalIllness,
  type CompiledFurtherLayer,
  type CompiledPolicy,
  type CriticalCandidate,
  formatYuan,
  isUnlockedBy,
  levelIndexOf,
  NO_CAP,
  normaliseCode,
  type RatioCandidate,
  resolveCompiledPolicy,
  toCategoryMask,
  visitTypeIndexOf,
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
import { findClaimIssue, plainClaimDischargeKey } from './validate-claim.ts';

export type SettleOptions = {
  /**
   * Fill result.trace and result.explanation (one Chinese line per step). On by default; a benchmark or a
   * bulk re-settlement that only needs the amounts turns it off and then allocates no strings.
   */
  withTrace?: boolean;
  /** Check that the discharge date lies in the policy's validity period (default true; what-if turns it off). */
  isPolicyPeriodChecked?: boolean;
};

/** A policy parsed by ZPolicySet (compiled once per object and memoised) or the result of compilePolicy. */
export type SettlementPolicy = TPolicySet | CompiledPolicy;

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
  /** What the rule would pay before the cap and the remainder limit it. */
  uncappedFen: Fen;
  /** How the figures read in the explanation. */
  mode: number;
  /** 大病保险: year-to-date base before / after this claim, and the tiered amounts due on each. */
  cumulativeBeforeFen: Fen;
  cumulativeAfterFen: Fen;
  dueBeforeFen: Fen;
  dueAfterFen: Fen;
  /** Fixed grants: how the amount was counted (e.g. '血液透析 12 次 × 100.00 元'). */
  grantText: string;
};

/**
 * The layer scratch, shared by every call: settleClaim runs to the end (or throws) before the next call, and
 * each layer overwrites every field it reports, so one object serves all claims (no allocation per claim).
 */
const SCRATCH: LayerScratch = {
  code: '',
  description: '',
  deductibleFen: 0,
  rateBp: 0,
  capFen: 0,
  capRemainingFen: 0,
  uncappedFen: 0,
  mode: 0,
  cumulativeBeforeFen: 0,
  cumulativeAfterFen: 0,
  dueBeforeFen: 0,
  dueAfterFen: 0,
  grantText: '',
};

/** Shared by every result settled without trace (frozen: never mutated). */
const NO_TRACE = Object.freeze([]) as unknown as never[];
const NO_RULE_TEXT = '人员类别或就诊类型不符合本层任何规则';
const NOT_COVERED_BY_CRITICAL: readonly string[] = VISIT_TYPES.map(
  (v) => `${VISIT_TYPE_LABELS[v]}不纳入大病保险`,
);

const MODE_NOT_APPLICABLE = 0;
const MODE_RATIO = 1;
const MODE_TIERED = 2;
const MODE_FIXED = 3;

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
 * - Deductibles: basic insurance per admission or per year as its rule says (a lower one from the 2nd
 *   admission of the year when configured); 大病保险, 医疗救助 and further ratio layers per year.
 * - 大病保险 works on the year's cumulative base: paid = due(base after) − due(base before), each rounded,
 *   so splitting a year into claims never changes its total (before caps).
 * - Fixed grants (per-session subsidy, transplant grants) never pay more than is still unpaid on the claim;
 *   what is left of a yearly grant stays available for the year's later claims.
 * - Caps accumulate per person and insurance year (the year of the discharge date).
 * Throws SettlementError (coded, Chinese message naming the field) for an invalid claim.
 */
export function settleClaim(
  policyInput: SettlementPolicy,
  claim: TSettlementClaim,
  accumulatorsBefore: TSettlementAccumulators,
  personCategoriesOnDate: readonly string[],
  options: SettleOptions = {},
): SettlementResult {
  const policy = resolveCompiledPolicy(policyInput);
  const isPolicyPeriodChecked = options.isPolicyPeriodChecked !== false;
  const dischargeKey = plainClaimDischargeKey(claim, policy, isPolicyPeriodChecked);
  if (dischargeKey < 0) {
    const issue = findClaimIssue(claim, policy, isPolicyPeriodChecked);
    if (issue !== null) {
      throw new SettlementError(issue);
    }
  }
  const personMask = resolvePersonMask(personCategoriesOnDate);
  const year = dischargeKey >= 0 ? Math.floor(dischargeKey / 10_000) : yearOfValidDate(claim.dischargeDate);
  const acc = resolveAccumulators(accumulatorsBefore, year);
  const trace: SettlementTraceEntry[] | null = options.withTrace === false ? null : [];
  const levelIndex = levelIndexOf(claim.institutionLevel);
  const visitTypeIndex = visitTypeIndexOf(claim.visitType);
  const visitTypeBit = 1 << visitTypeIndex;
  const scratch = SCRATCH;
  // Sized once (recordLayer fills index by index): growing an empty array by push over-allocates.
  const layers: SettlementLayerResult[] = new Array(policy.layers.length);

  // 基本医保: policy scope minus 乙类先自付.
  const basicRule = policy.basicRules[levelIndex * VISIT_TYPES.length + visitTypeIndex];
  if (basicRule === undefined) {
    throwSettlementError(
      'POLICY_RULE_MISSING',
      'institutionLevel',
      `政策“${policy.source.name}”未配置${HOSPITAL_LEVEL_LABELS[claim.institutionLevel]}医疗机构${VISIT_TYPE_LABELS[claim.visitType]}的基本医保参数`,
    );
  }
  const basicUsage = basicUsageAt(acc.basic, visitTypeIndex);
  const basicBase = claim.policyScopeFen - claim.categoryBFirstSelfPayFen;
  let basicCapUsed = 0;
  const capVisitTypeIndices = basicRule.capVisitTypeIndices;
  for (let i = 0; i < capVisitTypeIndices.length; i += 1) {
    basicCapUsed += basicUsageAt(acc.basic, capVisitTypeIndices[i] as number).paidFen;
  }
  const basicMode = !basicRule.isPerAdmission
    ? DEDUCTIBLE_PER_YEAR
    : basicUsage.admissionCount > 0
      ? DEDUCTIBLE_REPEAT_ADMISSION
      : DEDUCTIBLE_FIRST_ADMISSION;
  const basicPaid = settleBestRatio(
    'basic_insurance.not_eligible',
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
        NOT_COVERED_BY_CRITICAL[visitTypeIndex] as string,
      );
  recordLayer(layers, trace, policy, 1, scratch, criticalBase, criticalPaid);
  policyLeft -= criticalPaid;

  // 医疗救助: the most favourable category rule.
  const assistanceBase = policy.isAssistanceTotalBase ? policyLeft + outLeft : policyLeft;
  const assistancePaid = settleBestRatio(
    'medical_assistance.not_eligible',
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
    for (let i = 0; i < furtherLayers.length; i += 1) {
      const layer = furtherLayers[i] as CompiledFurtherLayer;
      const usage = acc.layers[layer.code] ?? EMPTY_LAYER_USAGE;
      const base = layer.isTotalBase ? policyLeft + outLeft : policyLeft;
      const paid = isLayerOpen(layer, personMask, levelIndex, visitTypeBit)
        ? FURTHER_LAYER_SETTLERS[layer.kind](layer, claim, base, usage, year, personMask, scratch)
        : markNotApplicable(scratch, layer.notEligibleCode, layer.notEligibleText);
      recordLayer(layers, trace, policy, 3 + i, scratch, base, paid);
      if (paid > 0 || scratch.deductibleFen > 0) {
        if (nextLayerUsage === acc.layers) {
          nextLayerUsage = { ...acc.layers };
        }
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
        explanation: explainSelfPayCap(
          cap.isTotalBase,
          capBase,
          capRateBp,
          capFen,
          due,
          borneByFen,
          cap.bearer,
        ),
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
    personCategories: personCategoriesOnDate,
    trace: trace ?? NO_TRACE,
    explanation:
      trace === null
        ? NO_TRACE
        : [
            ...trace.map((entry) => entry.explanation),
            explainTotal(claim.totalFen, layers, patientPaysFen, borneByFen, bearer),
          ],
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

/** acc.basic by VISIT_TYPE_INDEX, through named properties (a keyed lookup by visit type is slower). */
function basicUsageAt(basic: TSettlementAccumulators['basic'], visitTypeIndex: number): TBasicUsage {
  return visitTypeIndex === 0
    ? basic.inpatient
    : visitTypeIndex === 1
      ? basic.outpatient_chronic
      : basic.outpatient;
}

export type SettleClaimsItem = {
  claim: TSettlementClaim;
  /** The person's categories on this claim's service date. */
  categories: readonly string[];
  /** Overrides the batch policy for this claim (e.g. a claim after a policy change). */
  policy?: SettlementPolicy;
};

export type SettleClaimsOutput = { results: SettlementResult[]; accumulators: TSettlementAccumulators };

/**
 * Settle one person's claims in discharge-date order (ties keep their order): a fold of settleClaim
 * over the accumulators. All-or-nothing: the first invalid claim throws and nothing is returned.
 */
export function settleClaims(
  policy: SettlementPolicy,
  items: readonly SettleClaimsItem[],
  accumulatorsBefore: TSettlementAccumulators,
  options: SettleOptions = {},
): SettleClaimsOutput {
  assertSortedByDischarge(items);
  let accumulators = accumulatorsBefore;
  const results: SettlementResult[] = [];
  for (const item of items) {
    const result = settleClaim(item.policy ?? policy, item.claim, accumulators, item.categories, options);
    results.push(result);
    accumulators = result.nextAccumulators;
  }
  return { results, accumulators };
}

export function assertSortedByDischarge(items: readonly { claim: TSettlementClaim }[]): void {
  for (let i = 1; i < items.length; i += 1) {
    const previous = (items[i - 1] as { claim: TSettlementClaim }).claim.dischargeDate;
    const current = (items[i] as { claim: TSettlementClaim }).claim.dischargeDate;
    if (current < previous) {
      throwSettlementError(
        'CLAIMS_NOT_SORTED',
        `items[${i}].claim.dischargeDate`,
        `出院（结算）日期（items[${i}].claim.dischargeDate）${current} 早于上一张结算单的 ${previous}，结算单须按出院日期排序`,
      );
    }
  }
}

/**
 * Shared ratio computation: pick the unlocked candidate paying most on `base`.
 * paid = min(round(max(0, base − deductible) × rate), cap − capUsed). Returns the amount and leaves the
 * winner's figures in `scratch` (code 'not_eligible' and 0 when no candidate is unlocked).
 */
function settleBestRatio(
  notEligibleCode: string,
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
    const uncapped = multiplyRateBp(base - deductible, candidate.rateBp);
    const paid = Math.min(uncapped, capLeft);
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
      scratch.uncappedFen = uncapped;
      scratch.mode = MODE_RATIO;
    }
  }
  return best < 0 ? markNotApplicable(scratch, notEligibleCode, NO_RULE_TEXT) : best;
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
    const dueBefore = roundBpProduct(tierProduct(candidate, before));
    const dueAfter = roundBpProduct(tierProduct(candidate, after));
    const gain = dueAfter - dueBefore;
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
      scratch.uncappedFen = gain;
      scratch.mode = MODE_TIERED;
      scratch.cumulativeBeforeFen = before;
      scratch.cumulativeAfterFen = after;
      scratch.dueBeforeFen = dueBefore;
      scratch.dueAfterFen = dueAfter;
    }
  }
  return best < 0
    ? markNotApplicable(scratch, 'critical_illness.not_eligible', '人员类别不符合大病保险任何规则')
    : best;
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
      ? markNotApplicable(scratch, layer.diagnosisNotListedCode, layer.diagnosisNotListedText)
      : settleBestRatio(
          layer.notEligibleCode,
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
    // Sessions first: most claims have none, and then no diagnosis needs to be looked at.
    if (
      sessions === 0 ||
      !(
        (layer.diagnosisPrefixes.length === 0 && layer.itemCodes.length === 0) ||
        hasDiagnosisPrefix(claim, layer.diagnosisPrefixes) ||
        hasItemCode(claim, layer.itemCodes)
      )
    ) {
      return markNotApplicable(scratch, layer.noSessionsCode, layer.noSessionsText);
    }
    const paid = settleFixedGrant(
      layer,
      layer.code,
      sessions * layer.perSessionFen,
      layer.capFen,
      base,
      usage,
      scratch,
    );
    scratch.grantText = `${sessions} 次 × ${formatYuan(layer.perSessionFen)}`;
    return paid;
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
    return markNotApplicable(scratch, layer.notInPeriodCode, layer.notInPeriodText);
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
  scratch.uncappedFen = amountFen;
  scratch.mode = MODE_FIXED;
  scratch.grantText = '';
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
  const codes = claim.diagnosisCodes;
  for (let i = 0; i < codes.length; i += 1) {
    for (let j = 0; j < prefixes.length; j += 1) {
      if (startsWithNormalised(codes[i] as string, prefixes[j] as string)) {
        return true;
      }
    }
  }
  return false;
}

/** normaliseCode(code).startsWith(prefix) without allocating (prefix is already normalised). */
function startsWithNormalised(code: string, prefix: string): boolean {
  let k = 0;
  for (let i = 0; i < code.length && k < prefix.length; i += 1) {
    let c = code.charCodeAt(i);
    if (c === 32) {
      continue;
    }
    if (c >= 97 && c <= 122) {
      c -= 32;
    } else if (c > 127) {
      return normaliseCode(code).startsWith(prefix);
    }
    if (c !== prefix.charCodeAt(k)) {
      return false;
    }
    k += 1;
  }
  return k === prefix.length;
}

function hasItemCode(claim: TSettlementClaim, itemCodes: readonly string[]): boolean {
  return claim.itemCodes?.some((code) => itemCodes.includes(code)) === true;
}

type DepositDecision = { readonly code: string; readonly description: string; readonly isWaived: boolean };

/** The fixed decisions, built once (deciding allocates nothing). */
const DEPOSIT_NOT_CONFIGURED: DepositDecision = {
  code: 'not_configured',
  description: '本政策未实行先诊疗后付费',
  isWaived: false,
};
const DEPOSIT_OUT_OF_SCOPE: DepositDecision = {
  code: 'out_of_scope',
  description: '该医疗机构级别或就诊类型不实行先诊疗后付费',
  isWaived: false,
};
const DEPOSIT_INELIGIBLE: DepositDecision = {
  code: 'ineligible',
  description: '人员类别不符合先诊疗后付费条件',
  isWaived: false,
};
const DEPOSIT_WAIVED: DepositDecision = {
  code: 'waived',
  description: '先诊疗后付费：免收住院押金，出院时只结清个人自付部分',
  isWaived: true,
};

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
    return DEPOSIT_NOT_CONFIGURED;
  }
  if ((rule.levelMask & (1 << levelIndex)) === 0 || (rule.visitTypeMask & visitTypeBit) === 0) {
    return DEPOSIT_OUT_OF_SCOPE;
  }
  if ((rule.mask & personMask) === 0) {
    return DEPOSIT_INELIGIBLE;
  }
  if (claim.cause !== undefined && rule.excludedCauses.has(claim.cause)) {
    return {
      code: 'excluded_cause',
      description: `${CLAIM_CAUSE_LABELS[claim.cause]}不适用先诊疗后付费，须缴纳押金`,
      isWaived: false,
    };
  }
  return DEPOSIT_WAIVED;
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
  if (trace === null) {
    return waived;
  }
  trace.push({
    layer: TREAT_FIRST_PAY_LATER_LAYER,
    rule: { code: `${TREAT_FIRST_PAY_LATER_LAYER}.${decision.code}`, description: decision.description },
    baseFen: claim.depositFen,
    deductibleFen: 0,
    rateBp: 0,
    capFen: null,
    capRemainingFen: null,
    resultFen: waived,
    explanation: decision.isWaived
      ? `${decision.description}，免收押金 ${formatYuan(waived)}`
      : `先诊疗后付费：${decision.description}`,
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
  const capFen = scratch.capFen === NO_CAP ? null : scratch.capFen;
  const capRemainingFen = scratch.capRemainingFen === NO_CAP ? null : scratch.capRemainingFen;
  const isCapHit = capRemainingFen !== null && scratch.uncappedFen > capRemainingFen;
  layers[layerIndex] = {
    code: meta.code,
    label: meta.label,
    ruleCode: scratch.code,
    baseFen,
    deductibleFen: scratch.deductibleFen,
    rateBp: scratch.rateBp,
    capFen,
    capRemainingFen,
    isCapHit,
    paidFen,
  };
  if (trace !== null) {
    traceLayer(trace, meta, scratch, baseFen, paidFen, capFen, capRemainingFen, isCapHit);
  }
}

/** The trace entry of a layer recorded by recordLayer (kept apart so that recordLayer stays small). */
function traceLayer(
  trace: SettlementTraceEntry[],
  meta: { code: string; label: string },
  scratch: LayerScratch,
  baseFen: Fen,
  paidFen: Fen,
  capFen: Fen | null,
  capRemainingFen: Fen | null,
  isCapHit: boolean,
): void {
  trace.push({
    layer: meta.code,
    rule: { code: scratch.code, description: scratch.description },
    baseFen,
    deductibleFen: scratch.deductibleFen,
    rateBp: scratch.rateBp,
    capFen,
    capRemainingFen,
    resultFen: paidFen,
    explanation: explainLayer(meta.label, scratch, baseFen, paidFen, isCapHit),
  });
}

/** The Chinese sentence of one layer, with its figures. */
function explainLayer(
  label: string,
  scratch: LayerScratch,
  baseFen: Fen,
  paidFen: Fen,
  isCapHit: boolean,
): string {
  const head = `${label}：${scratch.description}。`;
  const capText = isCapHit ? `，受年度限额（剩余 ${formatYuan(scratch.capRemainingFen)}）限制` : '';
  const limitText =
    !isCapHit && paidFen < scratch.uncappedFen ? `，以待付余额 ${formatYuan(baseFen)} 为限` : '';
  const tail = `${capText}${limitText}，本层支付 ${formatYuan(paidFen)}`;
  switch (scratch.mode) {
    case MODE_RATIO:
      return `${head}计算基数 ${formatYuan(baseFen)}，扣除起付线 ${formatYuan(scratch.deductibleFen)}，(${formatFen(
        baseFen,
      )} − ${formatFen(scratch.deductibleFen)}) × ${formatBp(scratch.rateBp)} = ${formatYuan(scratch.uncappedFen)}${tail}`;
    case MODE_TIERED:
      return `${head}本次计入 ${formatYuan(baseFen)}，年度累计由 ${formatYuan(
        scratch.cumulativeBeforeFen,
      )} 增至 ${formatYuan(scratch.cumulativeAfterFen)}，超过起付线部分按分段比例累计应付由 ${formatYuan(
        scratch.dueBeforeFen,
      )} 增至 ${formatYuan(scratch.dueAfterFen)}，本次应付 ${formatYuan(scratch.uncappedFen)}${tail}`;
    case MODE_FIXED:
      return `${head}本次补助 ${scratch.grantText === '' ? '' : `${scratch.grantText} = `}${formatYuan(
        scratch.uncappedFen,
      )}${tail}`;
    default:
      return `${head}本层支付 ${formatYuan(paidFen)}`;
  }
}

function explainSelfPayCap(
  isTotalBase: boolean,
  capBase: Fen,
  capRateBp: number,
  capFen: Fen,
  due: Fen,
  borneByFen: Fen,
  bearer: SettlementBearer,
): string {
  const what = isTotalBase ? '个人自付' : '政策范围内个人自付';
  const baseText = `${isTotalBase ? '总费用' : '政策范围内费用'} ${formatYuan(capBase)} 的 ${formatBp(capRateBp)}`;
  return borneByFen > 0
    ? `自付上限：${what} ${formatYuan(due)} 超过${baseText}（${formatYuan(capFen)}），超出的 ${formatYuan(
        borneByFen,
      )} 由${bearer.label}承担`
    : `自付上限：${what} ${formatYuan(due)} 未超过${baseText}（${formatYuan(capFen)}）`;
}

function explainTotal(
  totalFen: Fen,
  layers: readonly SettlementLayerResult[],
  patientPaysFen: Fen,
  borneByFen: Fen,
  bearer: SettlementBearer | null,
): string {
  const parts = layers.filter((layer) => layer.paidFen > 0).map((l) => `${l.label} ${formatFen(l.paidFen)}`);
  if (borneByFen > 0 && bearer !== null) {
    parts.push(`${bearer.label}承担 ${formatFen(borneByFen)}`);
  }
  parts.push(`个人自付 ${formatFen(patientPaysFen)}`);
  return `合计：${parts.join(' + ')} = 总费用 ${formatYuan(totalFen)}；出院时个人在窗口支付 ${formatYuan(patientPaysFen)}`;
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
  scratch.uncappedFen = 0;
  scratch.mode = MODE_NOT_APPLICABLE;
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
