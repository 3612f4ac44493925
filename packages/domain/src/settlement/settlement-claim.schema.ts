import { z } from 'zod';
import type { Bp, Fen } from '../money/fen.ts';
import { ZClaimCause, ZFenAmount, ZHospitalLevel, ZPersonCategory, ZVisitType } from './policy-set.schema.ts';

/**
 * Shape of one claim (one admission or one outpatient bill) as the settlement engine reads it.
 * The schema checks structure only (types, enums); amounts, their consistency, dates, consent and the
 * policy period are checked by validateClaim / settleClaim, which return coded errors naming the field.
 */
export const ZSettlementClaim = z.object({
  claimId: z.string(),
  institutionLevel: ZHospitalLevel,
  visitType: ZVisitType,
  admissionDate: z.string(),
  /** Settlement date: it picks the insurance year and must fall inside the policy's validity. */
  dischargeDate: z.string(),
  /** ICD-10 codes, e.g. 'N18.5'. */
  diagnosisCodes: z.array(z.string()),
  /** Billed service item codes; only needed for session subsidies configured by item code. */
  itemCodes: z.array(z.string()).optional(),
  totalFen: z.number(),
  /** 政策范围内 (合规) cost, including 乙类先自付. */
  policyScopeFen: z.number(),
  /** 目录外 cost; needs signed informed consent. policyScopeFen + outOfCatalogueFen = totalFen. */
  outOfCatalogueFen: z.number(),
  hasOutOfCatalogueConsent: z.boolean(),
  /** 乙类先自付: inside policy scope, never paid by basic insurance. */
  categoryBFirstSelfPayFen: z.number(),
  /** The patient asked for 先诊疗后付费 (no deposit). */
  treatFirstPayLater: z.boolean(),
  /** The deposit that would have been charged. */
  depositFen: z.number(),
  cause: ZClaimCause.optional(),
  /** Number of subsidised sessions (血液透析) on this claim. */
  dialysisSessions: z.number().optional(),
  transplant: z.object({ transplantDate: z.string() }).optional(),
});
export type TSettlementClaim = z.infer<typeof ZSettlementClaim>;

const ZBasicUsage = z.object({
  paidFen: ZFenAmount,
  deductibleUsedFen: ZFenAmount,
  admissionCount: z.int().min(0),
});
const ZLayerUsage = z.object({ paidFen: ZFenAmount, deductibleUsedFen: ZFenAmount });

/**
 * Year-to-date totals of one person in one insurance (calendar) year. Store them per person-year
 * (e.g. as JSON) and pass them back with the next claim; settleClaim returns the next value.
 */
export const ZSettlementAccumulators = z.object({
  year: z.int().min(0).max(9999),
  basic: z.object({ inpatient: ZBasicUsage, outpatient_chronic: ZBasicUsage, outpatient: ZBasicUsage }),
  /** Cumulative 大病 base (policy-scope self-pay after basic insurance) and 大病 payments. */
  criticalIllness: z.object({ baseFen: ZFenAmount, paidFen: ZFenAmount }),
  assistance: ZLayerUsage,
  /** Further layers (补充保险, 兜底, 专项救助, 专项保险 …) keyed by layer code; a missing key means zero. */
  layers: z.record(z.string(), ZLayerUsage),
  /** Patient self-pay this year (for the 高额医疗费用预警 high-expense warning). */
  patientPaidFen: ZFenAmount,
});
export type TSettlementAccumulators = z.infer<typeof ZSettlementAccumulators>;
export type TBasicUsage = z.infer<typeof ZBasicUsage>;
export type TLayerUsage = z.infer<typeof ZLayerUsage>;

/** The person's categories valid on the service date (resolved by the caller). */
export const ZSettlementCategories = z.array(ZPersonCategory);

export type SettlementLayerResult = {
  /** 'basic_insurance' | 'critical_illness' | 'medical_assistance' | a further layer's code. */
  code: string;
  label: string;
  /** Stable code of the rule that won (e.g. 'basic.county.inpatient+poor_package'), or '….not_eligible'. */
  ruleCode: string;
  /** What this layer worked on (the remainder the previous layers left, as its base says). */
  baseFen: Fen;
  /** Part of the base absorbed by a deductible on this claim. */
  deductibleFen: Fen;
  /** Ratio applied (for tiered 大病保险: the rate of the tier the year's total reached). */
  rateBp: Bp;
  /** Annual cap of the rule; null = none. */
  capFen: Fen | null;
  /** What was still available under the cap before this claim; null = no cap. */
  capRemainingFen: Fen | null;
  /** True when the cap (not the ratio) limited the payment. */
  isCapHit: boolean;
  paidFen: Fen;
};

export type SettlementTraceEntry = {
  /** Layer code, or 'self_pay_cap' / 'treat_first_pay_later'. */
  layer: string;
  /** Stable code of the applied rule (e.g. 'basic.county.inpatient+poor_package') and its Chinese wording. */
  rule: { code: string; description: string };
  baseFen: Fen;
  /** Part of the base absorbed by a deductible on this claim. */
  deductibleFen: Fen;
  rateBp: Bp;
  /** Annual cap (or, for the self-pay cap, the cap amount on this claim); null = none. */
  capFen: Fen | null;
  /** What was still available under the cap before this claim; null = no cap. */
  capRemainingFen: Fen | null;
  resultFen: Fen;
  /** One Chinese sentence with the figures of this step, for the statement (一站式结算单). */
  explanation: string;
};

export type SettlementBearer = { kind: 'hospital' | 'fund'; code: string; label: string };

export type SettlementResult = {
  claimId: string;
  policyId: string;
  policyVersion: number;
  /** Insurance year the claim was counted in (year of the discharge date). */
  year: number;
  totalFen: Fen;
  /** Every payer layer in settlement order (zero amounts included). */
  layers: SettlementLayerResult[];
  patientPaysFen: Fen;
  /** Split of patientPaysFen: policy-scope part and out-of-catalogue part. */
  patientPolicyScopeFen: Fen;
  patientOutOfCatalogueFen: Fen;
  /** Excess over the self-pay cap, borne by `bearer`. */
  borneByFen: Fen;
  bearer: SettlementBearer | null;
  depositWaivedFen: Fen;
  /** The categories the claim was settled with (empty = ordinary insured person, 普通参保人员). */
  personCategories: readonly string[];
  /** One entry per layer, the self-pay cap and the deposit decision; empty when settled with withTrace: false. */
  trace: SettlementTraceEntry[];
  /** The explanation lines of the trace plus a closing check line; empty when settled with withTrace: false. */
  explanation: string[];
  nextAccumulators: TSettlementAccumulators;
};

/** A settlement as recorded (stored rows carry neither the trace nor the accumulators after the claim). */
export type RecordedSettlement = Omit<SettlementResult, 'nextAccumulators' | 'trace' | 'explanation'>;
