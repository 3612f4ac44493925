import { BP_PER_UNIT, type Fen, formatBp, formatFen } from '../money/fen.ts';
import { isoDateKey, MAX_DATE_KEY } from './iso-date-key.ts';
import type {
  TAssistanceRule,
  TBasicCategoryAdjustment,
  TBasicRule,
  TCriticalIllness,
  TCriticalPreference,
  TEligibility,
  TFurtherLayer,
  TPolicySet,
  TSelfPayCap,
  TSelfPayCapBearer,
  TTreatFirstPayLater,
} from './policy-set.schema.ts';
import { multiplyRateBp } from './rate-math.ts';
import type { SettlementBearer } from './settlement-claim.schema.ts';
import {
  BASE_LAYER_CODES,
  BASE_LAYER_LABELS,
  HOSPITAL_LEVEL_LABELS,
  HOSPITAL_LEVELS,
  type HospitalLevel,
  PERSON_CATEGORIES,
  PERSON_CATEGORY_LABELS,
  type PersonCategory,
  VISIT_TYPE_LABELS,
  VISIT_TYPES,
  type VisitType,
} from './settlement-vocabulary.ts';

/**
 * compilePolicy turns a parsed policy set into lookup tables so that settling a claim is a few
 * array reads and integer operations: category lists become bitmasks, category adjustments are
 * pre-applied into candidate parameter sets, and every Chinese rule description is built once.
 */

/** Mask meaning "every insured person", whatever their categories (including none). */
export const EVERYONE_MASK = -1;
/** Internal stand-in for "no cap". */
export const NO_CAP = Number.POSITIVE_INFINITY;

export const LEVEL_INDEX: Readonly<Record<HospitalLevel, number>> = indexOf(HOSPITAL_LEVELS);
export const VISIT_TYPE_INDEX: Readonly<Record<VisitType, number>> = indexOf(VISIT_TYPES);
const CATEGORY_BIT: ReadonlyMap<string, number> = new Map(PERSON_CATEGORIES.map((c, i) => [c, 1 << i]));

/** A complete parameter set for one layer, after applying one category preference (or none). */
export type RatioCandidate = {
  code: string;
  description: string;
  /** EVERYONE_MASK or the categories (bits) that unlock this candidate. */
  mask: number;
  deductibleFen: Fen;
  rateBp: number;
  /** Deductible from the 2nd claim of the year (per-admission basic rules); equals deductibleFen elsewhere. */
  repeatDeductibleFen: Fen;
  capFen: number;
};

export type CompiledBasicRule = {
  isPerAdmission: boolean;
  /** Visit types sharing this rule's annual cap (empty = no cap). */
  capVisitTypes: readonly VisitType[];
  /** The same visit types as VISIT_TYPE_INDEX values (the hot path reads the accumulators by index). */
  capVisitTypeIndices: readonly number[];
  /** Ordinary parameters first, then each category adjustment; ties go to the earlier candidate. */
  candidates: readonly RatioCandidate[];
};

export type CriticalCandidate = {
  code: string;
  description: string;
  mask: number;
  deductibleFen: Fen;
  tierFromFen: readonly number[];
  tierToFen: readonly number[];
  tierRateBp: readonly number[];
  capFen: number;
};

export type CompiledCriticalIllness = {
  visitTypeMask: number;
  isCategoryBFirstSelfPayIncluded: boolean;
  candidates: readonly CriticalCandidate[];
};

export type CompiledFurtherLayer = {
  kind: TFurtherLayer['kind'];
  code: string;
  label: string;
  description: string;
  mask: number;
  levelMask: number;
  visitTypeMask: number;
  isTotalBase: boolean;
  diagnosisPrefixes: readonly string[];
  itemCodes: readonly string[];
  /** Ratio layers: the single parameter set (as a candidate list for the shared ratio computation). */
  ratioCandidates: readonly RatioCandidate[];
  capFen: number;
  perSessionFen: Fen;
  oneOffGrantFen: Fen;
  antiRejectionAnnualFen: Fen;
  antiRejectionYears: number;
  /** Codes and wording of "does not apply", built once (no string building per claim). */
  notEligibleCode: string;
  notEligibleText: string;
  diagnosisNotListedCode: string;
  diagnosisNotListedText: string;
  noSessionsCode: string;
  noSessionsText: string;
  notInPeriodCode: string;
  notInPeriodText: string;
};

export type CompiledSelfPayCap = {
  mask: number;
  visitTypeMask: number;
  /** Indexed by LEVEL_INDEX; -1 = not capped at this level. */
  capRateBpByLevel: readonly number[];
  descriptionByLevel: readonly string[];
  isTotalBase: boolean;
  bearer: SettlementBearer;
};

export type CompiledTreatFirstPayLater = {
  mask: number;
  levelMask: number;
  visitTypeMask: number;
  excludedCauses: ReadonlySet<string>;
};

export type CompiledPolicy = {
  readonly isCompiledPolicy: true;
  source: TPolicySet;
  /** Indexed by LEVEL_INDEX × 3 + VISIT_TYPE_INDEX. */
  basicRules: readonly (CompiledBasicRule | undefined)[];
  criticalIllness: CompiledCriticalIllness | null;
  isAssistanceTotalBase: boolean;
  /** Indexed by VISIT_TYPE_INDEX. */
  assistanceByVisitType: readonly (readonly RatioCandidate[])[];
  furtherLayers: readonly CompiledFurtherLayer[];
  selfPayCap: CompiledSelfPayCap | null;
  treatFirstPayLater: CompiledTreatFirstPayLater | null;
  /** Code and label of every payer layer in settlement order. */
  layers: readonly { code: string; label: string }[];
  /**
   * The validity period as YYYYMMDD keys (isoDateKey; effectiveToKey is MAX_DATE_KEY when open-ended).
   * -1 in effectiveFromKey when a bound is not a valid date: the period is then compared as strings.
   */
  effectiveFromKey: number;
  effectiveToKey: number;
};

export function isCompiledPolicy(policy: TPolicySet | CompiledPolicy): policy is CompiledPolicy {
  return (policy as CompiledPolicy).isCompiledPolicy === true;
}

/** Compile a policy set parsed by ZPolicySet. The result is immutable and can be shared freely. */
export function compilePolicy(policy: TPolicySet): CompiledPolicy {
  const furtherLayers = policy.furtherLayers.map(compileFurtherLayer);
  const effectiveFromKey = isoDateKey(policy.effectiveFrom);
  const effectiveToKey = policy.effectiveTo === null ? MAX_DATE_KEY : isoDateKey(policy.effectiveTo);
  return {
    isCompiledPolicy: true,
    source: policy,
    basicRules: compileBasicRules(policy),
    criticalIllness: policy.criticalIllness ? compileCriticalIllness(policy.criticalIllness) : null,
    isAssistanceTotalBase: policy.medicalAssistance.base === 'total_remaining',
    assistanceByVisitType: VISIT_TYPES.map((visitType) =>
      policy.medicalAssistance.rules
        .filter((rule) => rule.visitTypes.includes(visitType))
        .map(compileAssistanceRule),
    ),
    furtherLayers,
    selfPayCap: policy.selfPayCap ? compileSelfPayCap(policy.selfPayCap) : null,
    treatFirstPayLater: policy.treatFirstPayLater
      ? compileTreatFirstPayLater(policy.treatFirstPayLater)
      : null,
    layers: [
      ...BASE_LAYER_CODES.map((code) => ({ code, label: BASE_LAYER_LABELS[code] })),
      ...furtherLayers.map(({ code, label }) => ({ code, label })),
    ],
    effectiveFromKey: effectiveToKey < 0 ? -1 : effectiveFromKey,
    effectiveToKey,
  };
}

const compiledCache = new WeakMap<TPolicySet, CompiledPolicy>();
/**
 * The policy object of the previous call and its compiled form: a batch settles claim after claim under the
 * same policy, and comparing one reference is cheaper than a WeakMap lookup. Only holds the policy until
 * another one is settled.
 */
let lastPolicy: TPolicySet | CompiledPolicy | null = null;
let lastCompiled: CompiledPolicy | null = null;

/** Compile once per policy object (memoised by identity); compiled policies pass through. */
export function resolveCompiledPolicy(policy: TPolicySet | CompiledPolicy): CompiledPolicy {
  if (policy === lastPolicy) {
    return lastCompiled as CompiledPolicy;
  }
  let compiled: CompiledPolicy | undefined;
  if (isCompiledPolicy(policy)) {
    compiled = policy;
  } else {
    compiled = compiledCache.get(policy);
    if (!compiled) {
      compiled = compilePolicy(policy);
      compiledCache.set(policy, compiled);
    }
  }
  lastPolicy = policy;
  lastCompiled = compiled;
  return compiled;
}

const [TOWNSHIP, COUNTY, CITY, PROVINCE] = HOSPITAL_LEVELS;
const [INPATIENT, OUTPATIENT_CHRONIC, OUTPATIENT] = VISIT_TYPES;

/** LEVEL_INDEX of a level, or -1 when it is none of HOSPITAL_LEVELS (a few comparisons, no keyed lookup). */
export function levelIndexOf(level: string): number {
  return level === COUNTY ? 1 : level === TOWNSHIP ? 0 : level === CITY ? 2 : level === PROVINCE ? 3 : -1;
}

/** VISIT_TYPE_INDEX of a visit type, or -1 when it is none of VISIT_TYPES. */
export function visitTypeIndexOf(visitType: string): number {
  return visitType === INPATIENT
    ? 0
    : visitType === OUTPATIENT_CHRONIC
      ? 1
      : visitType === OUTPATIENT
        ? 2
        : -1;
}

/** Bitmask of known categories; returns the index of the first unknown entry as a negative number − 1. */
export function toCategoryMask(categories: readonly string[]): number {
  let mask = 0;
  for (let i = 0; i < categories.length; i += 1) {
    const bit = CATEGORY_BIT.get(categories[i] as string);
    if (bit === undefined) {
      return -(i + 1);
    }
    mask |= bit;
  }
  return mask;
}

/** True when a candidate with this mask applies to a person with these category bits. */
export function isUnlockedBy(mask: number, personMask: number): boolean {
  return mask === EVERYONE_MASK || (mask & personMask) !== 0;
}

function compileBasicRules(policy: TPolicySet): (CompiledBasicRule | undefined)[] {
  const { rules, annualCaps, categoryAdjustments } = policy.basicInsurance;
  const table: (CompiledBasicRule | undefined)[] = new Array(HOSPITAL_LEVELS.length * VISIT_TYPES.length);
  for (const rule of rules) {
    const pool = annualCaps.find((cap) => cap.visitTypes.includes(rule.visitType));
    const poolCapFen = pool ? pool.capFen : NO_CAP;
    const adjustments = categoryAdjustments.filter(
      (a) => a.levels.includes(rule.level) && a.visitTypes.includes(rule.visitType),
    );
    table[LEVEL_INDEX[rule.level] * VISIT_TYPES.length + VISIT_TYPE_INDEX[rule.visitType]] = {
      isPerAdmission: rule.deductibleBasis === 'per_admission',
      capVisitTypes: pool ? pool.visitTypes : [],
      capVisitTypeIndices: pool ? pool.visitTypes.map((visitType) => VISIT_TYPE_INDEX[visitType]) : [],
      candidates: [
        buildBasicCandidate(rule, poolCapFen, null),
        ...adjustments.map((a) => buildBasicCandidate(rule, poolCapFen, a)),
      ],
    };
  }
  return table;
}

function buildBasicCandidate(
  rule: TBasicRule,
  poolCapFen: number,
  adjustment: TBasicCategoryAdjustment | null,
): RatioCandidate {
  const multiplierBp = adjustment?.deductibleMultiplierBp ?? BP_PER_UNIT;
  const deductibleFen = multiplyRateBp(rule.deductibleFen, multiplierBp);
  const repeatDeductibleFen =
    rule.repeatAdmissionDeductibleFen === null
      ? deductibleFen
      : multiplyRateBp(rule.repeatAdmissionDeductibleFen, multiplierBp);
  const rateBp = Math.min(BP_PER_UNIT, rule.rateBp + (adjustment?.rateIncreaseBp ?? 0));
  const capFen = poolCapFen + (adjustment?.capIncreaseFen ?? 0);
  const scope = `${HOSPITAL_LEVEL_LABELS[rule.level]}医疗机构${VISIT_TYPE_LABELS[rule.visitType]}`;
  const deductibleText =
    rule.deductibleBasis === 'per_admission'
      ? `每次起付线 ${formatYuan(deductibleFen)}${
          rule.repeatAdmissionDeductibleFen === null
            ? ''
            : `（年内再次就诊 ${formatYuan(repeatDeductibleFen)}）`
        }`
      : `年度起付线 ${formatYuan(deductibleFen)}`;
  const adjustmentText = adjustment
    ? `${describeCategories(adjustment.categories)}优惠（起付线×${formatBp(adjustment.deductibleMultiplierBp)}，比例+${formatBp(
        adjustment.rateIncreaseBp,
      )}${adjustment.capIncreaseFen > 0 ? `，限额+${formatYuan(adjustment.capIncreaseFen)}` : ''}）；`
    : '';
  return {
    code: `basic.${rule.level}.${rule.visitType}${adjustment ? `+${adjustment.code}` : ''}`,
    description: `${scope}：${adjustmentText}${deductibleText}，报销比例 ${formatBp(rateBp)}，${describeCap(capFen)}`,
    mask: adjustment ? toCategoryMask(adjustment.categories) : EVERYONE_MASK,
    deductibleFen,
    repeatDeductibleFen,
    rateBp,
    capFen,
  };
}

function compileCriticalIllness(critical: TCriticalIllness): CompiledCriticalIllness {
  return {
    visitTypeMask: visitTypeMaskOf(critical.visitTypes),
    isCategoryBFirstSelfPayIncluded: critical.isCategoryBFirstSelfPayIncluded,
    candidates: [
      buildCriticalCandidate(critical, null),
      ...critical.preferences.map((p) => buildCriticalCandidate(critical, p)),
    ],
  };
}

function buildCriticalCandidate(
  critical: TCriticalIllness,
  preference: TCriticalPreference | null,
): CriticalCandidate {
  const increaseBp = preference?.tierRateIncreaseBp ?? 0;
  const deductibleFen = multiplyRateBp(
    critical.deductibleFen,
    preference?.deductibleMultiplierBp ?? BP_PER_UNIT,
  );
  const tierRateBp = critical.tiers.map((tier) => Math.min(BP_PER_UNIT, tier.rateBp + increaseBp));
  const capFen = preference?.isCapRemoved || critical.annualCapFen === null ? NO_CAP : critical.annualCapFen;
  const tiersText = critical.tiers
    .map((tier, i) =>
      tier.toFen === null
        ? `${formatYuan(tier.fromFen)}以上 ${formatBp(tierRateBp[i] ?? 0)}`
        : `${formatFen(tier.fromFen)}–${formatYuan(tier.toFen)}部分 ${formatBp(tierRateBp[i] ?? 0)}`,
    )
    .join('，');
  const preferenceText = preference
    ? `${describeCategories(preference.categories)}倾斜（起付线×${formatBp(
        preference.deductibleMultiplierBp,
      )}，各段比例+${formatBp(increaseBp)}${preference.isCapRemoved ? '，取消封顶' : ''}）；`
    : '';
  return {
    code: preference ? `critical_illness.${preference.code}` : 'critical_illness.ordinary',
    description: `${preferenceText}年度累计起付线 ${formatYuan(deductibleFen)}，起付线以上 ${tiersText}，${describeCap(capFen)}`,
    mask: preference ? toCategoryMask(preference.categories) : EVERYONE_MASK,
    deductibleFen,
    tierFromFen: critical.tiers.map((tier) => tier.fromFen),
    tierToFen: critical.tiers.map((tier) => tier.toFen ?? NO_CAP),
    tierRateBp,
    capFen,
  };
}

function compileAssistanceRule(rule: TAssistanceRule): RatioCandidate {
  const capFen = rule.annualCapFen ?? NO_CAP;
  return {
    code: `medical_assistance.${rule.code}`,
    description: `${rule.label}（${describeCategories(rule.categories)}）：年度起付线 ${formatYuan(
      rule.deductibleFen,
    )}，救助比例 ${formatBp(rule.rateBp)}，${describeCap(capFen)}`,
    mask: toCategoryMask(rule.categories),
    deductibleFen: rule.deductibleFen,
    repeatDeductibleFen: rule.deductibleFen,
    rateBp: rule.rateBp,
    capFen,
  };
}

const FURTHER_LAYER_DESCRIBERS: {
  [K in TFurtherLayer['kind']]: (layer: Extract<TFurtherLayer, { kind: K }>) => string;
} = {
  ratio: (layer) =>
    `年度起付线 ${formatYuan(layer.deductibleFen)}，比例 ${formatBp(layer.rateBp)}，${describeCap(
      layer.annualCapFen ?? NO_CAP,
    )}${layer.diagnosisPrefixes.length > 0 ? `，限病种 ${layer.diagnosisPrefixes.join('、')}` : ''}`,
  session_subsidy: (layer) =>
    `每次补助 ${formatYuan(layer.perSessionFen)}，${describeCap(layer.annualCapFen ?? NO_CAP)}`,
  transplant_grant: (layer) =>
    `移植当年一次性救助 ${formatYuan(layer.oneOffGrantFen)}，次年起 ${layer.antiRejectionYears} 年内每年抗排异救助 ${formatYuan(
      layer.antiRejectionAnnualFen,
    )}`,
};

function compileFurtherLayer(layer: TFurtherLayer): CompiledFurtherLayer {
  const describe = FURTHER_LAYER_DESCRIBERS[layer.kind] as (l: TFurtherLayer) => string;
  const eligibleText =
    layer.eligibleCategories === 'all' ? '' : `适用于${describeCategories(layer.eligibleCategories)}；`;
  const annualCapFen = 'annualCapFen' in layer ? layer.annualCapFen : null;
  const description = `${eligibleText}${describe(layer)}`;
  const mask = eligibilityMaskOf(layer.eligibleCategories);
  return {
    kind: layer.kind,
    code: layer.code,
    label: layer.label,
    description,
    mask,
    levelMask: levelMaskOf(layer.levels),
    visitTypeMask: visitTypeMaskOf(layer.visitTypes),
    isTotalBase: layer.base === 'total_remaining',
    diagnosisPrefixes: layer.kind === 'transplant_grant' ? [] : layer.diagnosisPrefixes.map(normaliseCode),
    itemCodes: layer.kind === 'session_subsidy' ? layer.itemCodes : [],
    ratioCandidates:
      layer.kind === 'ratio'
        ? [
            {
              code: layer.code,
              description,
              mask,
              deductibleFen: layer.deductibleFen,
              repeatDeductibleFen: layer.deductibleFen,
              rateBp: layer.rateBp,
              capFen: annualCapFen ?? NO_CAP,
            },
          ]
        : [],
    capFen: annualCapFen ?? NO_CAP,
    perSessionFen: layer.kind === 'session_subsidy' ? layer.perSessionFen : 0,
    oneOffGrantFen: layer.kind === 'transplant_grant' ? layer.oneOffGrantFen : 0,
    antiRejectionAnnualFen: layer.kind === 'transplant_grant' ? layer.antiRejectionAnnualFen : 0,
    antiRejectionYears: layer.kind === 'transplant_grant' ? layer.antiRejectionYears : 0,
    notEligibleCode: `${layer.code}.not_eligible`,
    notEligibleText: `不符合${layer.label}的人员、机构级别或就诊类型条件`,
    diagnosisNotListedCode: `${layer.code}.diagnosis_not_listed`,
    diagnosisNotListedText: `诊断不在${layer.label}病种范围内`,
    noSessionsCode: `${layer.code}.no_sessions`,
    noSessionsText: `无符合${layer.label}条件的治疗次数`,
    notInPeriodCode: `${layer.code}.not_in_period`,
    notInPeriodText: `不在${layer.label}的救助年度内`,
  };
}

function compileSelfPayCap(cap: TSelfPayCap): CompiledSelfPayCap {
  const bearer = toBearer(cap.bearer);
  const baseText = cap.base === 'total' ? '总费用' : '政策范围内费用';
  const scopeText = cap.visitTypes.map((v) => VISIT_TYPE_LABELS[v]).join('、');
  const capRateBpByLevel = HOSPITAL_LEVELS.map(
    (level) => cap.levels.find((entry) => entry.level === level)?.capRateBp ?? -1,
  );
  return {
    mask: toCategoryMask(cap.eligibleCategories),
    visitTypeMask: visitTypeMaskOf(cap.visitTypes),
    capRateBpByLevel,
    descriptionByLevel: HOSPITAL_LEVELS.map(
      (level, i) =>
        `${describeCategories(cap.eligibleCategories)}在${HOSPITAL_LEVEL_LABELS[level]}医疗机构${scopeText}，个人自付不超过${baseText}的 ${formatBp(
          capRateBpByLevel[i] ?? 0,
        )}，超出部分由${bearer.label}承担`,
    ),
    isTotalBase: cap.base === 'total',
    bearer,
  };
}

function compileTreatFirstPayLater(rule: TTreatFirstPayLater): CompiledTreatFirstPayLater {
  return {
    mask: toCategoryMask(rule.eligibleCategories),
    levelMask: levelMaskOf(rule.levels),
    visitTypeMask: visitTypeMaskOf(rule.visitTypes),
    excludedCauses: new Set(rule.excludedCauses),
  };
}

export function toBearer(bearer: TSelfPayCapBearer): SettlementBearer {
  return bearer.kind === 'hospital'
    ? { kind: 'hospital', code: 'hospital', label: '医疗机构' }
    : { kind: 'fund', code: bearer.code, label: bearer.label };
}

/** Upper-case and drop spaces so 'n18.5' and 'N18.5' match. */
export function normaliseCode(code: string): string {
  return code.replaceAll(' ', '').toUpperCase();
}

function eligibilityMaskOf(eligibility: TEligibility): number {
  return eligibility === 'all' ? EVERYONE_MASK : toCategoryMask(eligibility);
}

function levelMaskOf(levels: readonly HospitalLevel[]): number {
  return levels.reduce((mask, level) => mask | (1 << LEVEL_INDEX[level]), 0);
}

function visitTypeMaskOf(visitTypes: readonly VisitType[]): number {
  return visitTypes.reduce((mask, visitType) => mask | (1 << VISIT_TYPE_INDEX[visitType]), 0);
}

function describeCategories(categories: readonly PersonCategory[]): string {
  return categories.map((c) => PERSON_CATEGORY_LABELS[c]).join('、');
}

function describeCap(capFen: number): string {
  return capFen === NO_CAP ? '不设年度封顶' : `年度限额 ${formatYuan(capFen)}`;
}

export function formatYuan(fen: Fen): string {
  return `${formatFen(fen)} 元`;
}

function indexOf<T extends string>(values: readonly T[]): Record<T, number> {
  return Object.fromEntries(values.map((value, i) => [value, i])) as Record<T, number>;
}
