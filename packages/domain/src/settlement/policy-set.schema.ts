import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date.ts';
import { BP_PER_UNIT } from '../money/fen.ts';
import {
  CLAIM_CAUSES,
  HOSPITAL_LEVELS,
  PERSON_CATEGORIES,
  RESERVED_LAYER_CODES,
  VISIT_TYPES,
} from './settlement-vocabulary.ts';

/**
 * A policy set (政策参数集) is every parameter the one-stop settlement needs for one region and
 * period, as data. The server loads it (JSON, database or one of ./rule-sets/) and parses it with
 * ZPolicySet; the engine never reads files. Every field is explicit (no defaults), so a stored
 * policy set reads the same as the one the engine used.
 */

export const ZFenAmount = z.int({ error: '金额必须是以分为单位的整数' }).min(0, { error: '金额不能为负数' });
export const ZRateBp = z
  .int({ error: '比例必须是整数基点（1% = 100 基点）' })
  .min(0, { error: '比例不能为负数' })
  .max(BP_PER_UNIT, { error: '比例不能超过 100%（10000 基点）' });
export const ZIsoDateText = z.string().refine(isIsoDate, { error: '日期必须是真实存在的 YYYY-MM-DD 日期' });
export const ZRegionCode12 = z.string().regex(/^\d{12}$/, { error: '行政区划代码必须是 12 位数字' });
const ZRuleCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: '规则编码只能由小写字母、数字和下划线组成' });
const ZLabel = z.string().trim().min(1, { error: '名称不能为空' });

export const ZHospitalLevel = z.enum(HOSPITAL_LEVELS);
export const ZVisitType = z.enum(VISIT_TYPES);
export const ZPersonCategory = z.enum(PERSON_CATEGORIES);
export const ZClaimCause = z.enum(CLAIM_CAUSES);

const ZLevels = z.array(ZHospitalLevel).min(1, { error: '至少需要一个医院级别' });
const ZVisitTypes = z.array(ZVisitType).min(1, { error: '至少需要一种就诊类型' });
const ZCategories = z.array(ZPersonCategory).min(1, { error: '至少需要一个人员类别' });
/** 'all' = every insured person; otherwise the person must hold at least one listed category. */
export const ZEligibility = z.union([z.literal('all'), ZCategories]);
/** Which remainder a layer works on: policy-scope cost still unpaid, or all cost still unpaid. */
export const ZLayerBase = z.enum(['policy_scope_remaining', 'total_remaining']);
export type TLayerBase = z.infer<typeof ZLayerBase>;

/** 基本医保 parameters for one hospital level and visit type. */
export const ZBasicRule = z.object({
  level: ZHospitalLevel,
  visitType: ZVisitType,
  deductibleFen: ZFenAmount,
  /** per_admission: every claim pays its own deductible; per_year: one deductible used up over the year. */
  deductibleBasis: z.enum(['per_admission', 'per_year']),
  /** Lower deductible from the 2nd claim of this visit type in the year (per_admission only); null = same. */
  repeatAdmissionDeductibleFen: ZFenAmount.nullable(),
  rateBp: ZRateBp,
});

/** A yearly cap on basic-insurance payments shared by the listed visit types. */
export const ZBasicAnnualCap = z.object({ visitTypes: ZVisitTypes, capFen: ZFenAmount });

/** 三降三升: a category lowers the deductible (multiplier), raises the ratio and the cap. */
export const ZBasicCategoryAdjustment = z.object({
  code: ZRuleCode,
  categories: ZCategories,
  levels: ZLevels,
  visitTypes: ZVisitTypes,
  deductibleMultiplierBp: ZRateBp,
  rateIncreaseBp: ZRateBp,
  capIncreaseFen: ZFenAmount,
});

export const ZBasicInsurance = z
  .object({
    rules: z.array(ZBasicRule).min(1),
    annualCaps: z.array(ZBasicAnnualCap),
    categoryAdjustments: z.array(ZBasicCategoryAdjustment),
  })
  .superRefine((basic, ctx) => {
    const seenRules = new Set<string>();
    basic.rules.forEach((rule, index) => {
      const key = `${rule.level}/${rule.visitType}`;
      if (seenRules.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['rules', index], message: `基本医保参数重复：${key}` });
      }
      seenRules.add(key);
    });
    const seenCapTypes = new Set<string>();
    basic.annualCaps.forEach((cap, index) => {
      for (const visitType of cap.visitTypes) {
        if (seenCapTypes.has(visitType)) {
          ctx.addIssue({
            code: 'custom',
            path: ['annualCaps', index],
            message: `就诊类型 ${visitType} 属于多个年度限额`,
          });
        }
        seenCapTypes.add(visitType);
      }
    });
    addDuplicateCodeIssues(ctx, basic.categoryAdjustments, ['categoryAdjustments']);
  });

/** One band of the cumulative amount above the 大病 deductible; toFen null = open-ended. */
export const ZCriticalTier = z.object({ fromFen: ZFenAmount, toFen: ZFenAmount.nullable(), rateBp: ZRateBp });

/** 大病保险 preference: deductible × multiplier, every tier + increase (max 100 %), cap optionally removed. */
export const ZCriticalPreference = z.object({
  code: ZRuleCode,
  categories: ZCategories,
  deductibleMultiplierBp: ZRateBp,
  tierRateIncreaseBp: ZRateBp,
  isCapRemoved: z.boolean(),
});

export const ZCriticalIllness = z
  .object({
    visitTypes: ZVisitTypes,
    /** Yearly deductible on the cumulative policy-scope self-pay left after basic insurance. */
    deductibleFen: ZFenAmount,
    tiers: z.array(ZCriticalTier).min(1),
    annualCapFen: ZFenAmount.nullable(),
    /** Whether 乙类先自付 counts in the 大病 base (it is policy scope but basic insurance never pays it). */
    isCategoryBFirstSelfPayIncluded: z.boolean(),
    preferences: z.array(ZCriticalPreference),
  })
  .superRefine((critical, ctx) => {
    let expectedFrom = 0;
    critical.tiers.forEach((tier, index) => {
      const isLast = index === critical.tiers.length - 1;
      if (tier.fromFen !== expectedFrom) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'fromFen'],
          message: `大病保险分段必须从 0 开始且首尾相接，此处应为 ${expectedFrom}`,
        });
      }
      if (tier.toFen === null ? !isLast : tier.toFen <= tier.fromFen) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'toFen'],
          message: '大病保险分段上限必须大于下限，且只有最后一段可以不设上限',
        });
      }
      expectedFrom = tier.toFen ?? expectedFrom;
    });
    addDuplicateCodeIssues(ctx, critical.preferences, ['preferences']);
  });

/** 医疗救助 rule for one or more categories; the pot (cap, deductible) is shared per person-year. */
export const ZAssistanceRule = z.object({
  code: ZRuleCode,
  label: ZLabel,
  categories: ZCategories,
  visitTypes: ZVisitTypes,
  deductibleFen: ZFenAmount,
  rateBp: ZRateBp,
  annualCapFen: ZFenAmount.nullable(),
});

export const ZMedicalAssistance = z
  .object({ base: ZLayerBase, rules: z.array(ZAssistanceRule) })
  .superRefine((assistance, ctx) => addDuplicateCodeIssues(ctx, assistance.rules, ['rules']));

const ZLayerScope = {
  code: ZRuleCode,
  label: ZLabel,
  eligibleCategories: ZEligibility,
  levels: ZLevels,
  visitTypes: ZVisitTypes,
  base: ZLayerBase,
};

/** 补充医疗保险 / 商业补充保险 / 兜底救助基金 / 特别重大疾病专项保险: deductible, ratio, yearly cap. */
export const ZRatioLayer = z.object({
  kind: z.literal('ratio'),
  ...ZLayerScope,
  /** ICD-10 code prefixes; the claim must carry one of them. Empty = any diagnosis. */
  diagnosisPrefixes: z.array(z.string().min(1)),
  deductibleFen: ZFenAmount,
  rateBp: ZRateBp,
  annualCapFen: ZFenAmount.nullable(),
});

/** Fixed subsidy per treatment session (血液透析 100 元/次) for claims with a matching diagnosis or item. */
export const ZSessionSubsidyLayer = z.object({
  kind: z.literal('session_subsidy'),
  ...ZLayerScope,
  /** The claim qualifies when a diagnosis starts with one of these prefixes or it bills one of the item codes. */
  diagnosisPrefixes: z.array(z.string().min(1)),
  itemCodes: z.array(z.string().min(1)),
  perSessionFen: ZFenAmount,
  annualCapFen: ZFenAmount.nullable(),
});

/** 器官/骨髓移植专项救助: a grant in the transplant year, then a yearly anti-rejection grant. */
export const ZTransplantGrantLayer = z.object({
  kind: z.literal('transplant_grant'),
  ...ZLayerScope,
  oneOffGrantFen: ZFenAmount,
  antiRejectionAnnualFen: ZFenAmount,
  /** Number of calendar years after the transplant year that get the anti-rejection grant. */
  antiRejectionYears: z.int().min(0).max(50),
});

export const ZFurtherLayer = z.discriminatedUnion('kind', [
  ZRatioLayer,
  ZSessionSubsidyLayer,
  ZTransplantGrantLayer,
]);

export const ZSelfPayCapBearer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hospital') }),
  z.object({ kind: z.literal('fund'), code: ZRuleCode, label: ZLabel }),
]);

/** 自付上限: patient self-pay ≤ capRateBp × base; the excess is borne by the hospital or a fund. */
export const ZSelfPayCap = z.object({
  eligibleCategories: ZCategories,
  visitTypes: ZVisitTypes,
  /** Levels without an entry are not capped (e.g. out-of-county hospitals). */
  levels: z
    .array(z.object({ level: ZHospitalLevel, capRateBp: ZRateBp }))
    .min(1)
    .refine((levels) => new Set(levels.map((l) => l.level)).size === levels.length, {
      error: '自付上限的医院级别不能重复',
    }),
  /** total: cap on all self-pay vs total cost; policy_scope: cap on policy-scope self-pay vs policy-scope cost. */
  base: z.enum(['total', 'policy_scope']),
  bearer: ZSelfPayCapBearer,
});

/** 先诊疗后付费: no deposit for eligible categories unless the cause is excluded. */
export const ZTreatFirstPayLater = z.object({
  eligibleCategories: ZCategories,
  levels: ZLevels,
  visitTypes: ZVisitTypes,
  excludedCauses: z.array(ZClaimCause),
});

export const ZPolicySet = z
  .object({
    id: z.string().trim().min(1, { error: '政策编号不能为空' }),
    version: z.int().min(1, { error: '版本号必须是正整数' }),
    name: ZLabel,
    /** 12-digit code of the county, city (PPCC00000000) or province (PP0000000000). */
    regionCode: ZRegionCode12,
    effectiveFrom: ZIsoDateText,
    /** Inclusive; null = open-ended. */
    effectiveTo: ZIsoDateText.nullable(),
    basicInsurance: ZBasicInsurance,
    criticalIllness: ZCriticalIllness.nullable(),
    medicalAssistance: ZMedicalAssistance,
    /** Applied in this order after 医疗救助. */
    furtherLayers: z.array(ZFurtherLayer),
    selfPayCap: ZSelfPayCap.nullable(),
    treatFirstPayLater: ZTreatFirstPayLater.nullable(),
  })
  .superRefine((policy, ctx) => {
    if (policy.effectiveTo !== null && policy.effectiveTo < policy.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: '失效日期不能早于生效日期' });
    }
    policy.furtherLayers.forEach((layer, index) => {
      if (RESERVED_LAYER_CODES.includes(layer.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['furtherLayers', index, 'code'],
          message: `层级编码“${layer.code}”为系统保留编码`,
        });
      }
    });
    addDuplicateCodeIssues(ctx, policy.furtherLayers, ['furtherLayers']);
  });

export type TPolicySet = z.infer<typeof ZPolicySet>;
export type TBasicRule = z.infer<typeof ZBasicRule>;
export type TBasicCategoryAdjustment = z.infer<typeof ZBasicCategoryAdjustment>;
export type TCriticalIllness = z.infer<typeof ZCriticalIllness>;
export type TCriticalPreference = z.infer<typeof ZCriticalPreference>;
export type TAssistanceRule = z.infer<typeof ZAssistanceRule>;
export type TFurtherLayer = z.infer<typeof ZFurtherLayer>;
export type TSelfPayCap = z.infer<typeof ZSelfPayCap>;
export type TSelfPayCapBearer = z.infer<typeof ZSelfPayCapBearer>;
export type TTreatFirstPayLater = z.infer<typeof ZTreatFirstPayLater>;
export type TEligibility = z.infer<typeof ZEligibility>;

function addDuplicateCodeIssues(
  ctx: z.RefinementCtx,
  items: readonly { code: string }[],
  path: readonly (string | number)[],
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.code)) {
      ctx.addIssue({ code: 'custom', path: [...path, index, 'code'], message: `编码“${item.code}”重复` });
    }
    seen.add(item.code);
  });
}
