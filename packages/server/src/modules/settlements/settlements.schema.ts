import {
  ZHospitalLevel,
  ZSettlementAccumulators,
  ZSettlementCategories,
  ZSettlementClaim,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZIdParams = z.object({ id: z.coerce.number().int().positive() });

export const ZPolicySetDto = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  version: z.number(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  body: z.record(z.string(), z.unknown()),
});

/** The policy JSON; validated by the domain's parsePolicySet so every issue names its path in Chinese. */
export const ZPolicySetBody = z.record(z.string(), z.unknown());

/** A claim as submitted: the hospital level may be left out (it always comes from the institution registry). */
export const ZSubmittedClaim = ZSettlementClaim.extend({
  institutionLevel: ZHospitalLevel.optional().describe('可省略：由医疗机构库决定；填写时须与机构库一致'),
});

export const ZSettlementCreateBody = z.object({
  idNumber: z.string().min(1).max(40),
  /** Defaults to the clerk's institution; a clerk may not settle for another institution. */
  institutionCode: z.string().min(1).max(40).optional(),
  /** Recorded for persons not in the registry (普通参保人员), shown on their statement. */
  patientName: z.string().trim().max(50).optional(),
  claim: ZSubmittedClaim,
});
export type TSettlementCreateBody = z.infer<typeof ZSettlementCreateBody>;

const ZLayerDto = z.object({
  code: z.string(),
  label: z.string(),
  ruleCode: z.string(),
  baseFen: z.number(),
  deductibleFen: z.number(),
  rateBp: z.number(),
  capFen: z.number().nullable(),
  capRemainingFen: z.number().nullable(),
  isCapHit: z.boolean(),
  paidFen: z.number(),
});

export const ZSettlementDto = z.object({
  id: z.number(),
  countyCode: z.string(),
  personId: z.number().nullable(),
  /** False: not in the registry (or not in the caller's scope), settled as an ordinary insured person. */
  isInRegistry: z.boolean(),
  insuredLabel: z.string(),
  personNameMasked: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  institutionCode: z.string(),
  institutionName: z.string(),
  claimNo: z.string(),
  revision: z.number(),
  policySet: z.object({ id: z.number(), code: z.string(), name: z.string(), version: z.number() }),
  visitType: z.string(),
  institutionLevel: z.string(),
  admissionDate: z.string(),
  dischargeDate: z.string(),
  year: z.number(),
  categories: z.array(z.string()),
  totalFen: z.number(),
  basicFen: z.number(),
  criticalFen: z.number(),
  assistanceFen: z.number(),
  otherFen: z.number(),
  selfPayFen: z.number(),
  borneFen: z.number(),
  inScopeFen: z.number(),
  depositWaivedFen: z.number(),
  isTreatFirstPayLater: z.boolean(),
  status: z.enum(['settled', 'reversed']),
  reversedReason: z.string().nullable(),
  replacedById: z.number().nullable(),
  source: z.string(),
  createdAt: z.string(),
});

export const ZSettlementDetailDto = ZSettlementDto.extend({
  layers: z.array(ZLayerDto),
  bearer: z.object({ kind: z.string(), code: z.string(), label: z.string() }).nullable(),
  explanation: z.array(z.string()),
  trace: z.array(
    z.object({
      layer: z.string(),
      ruleCode: z.string(),
      ruleDescription: z.string(),
      baseFen: z.number(),
      deductibleFen: z.number(),
      rateBp: z.number(),
      capFen: z.number().nullable(),
      capRemainingFen: z.number().nullable(),
      resultFen: z.number(),
      explanation: z.string(),
    }),
  ),
  claim: z.record(z.string(), z.unknown()),
  history: z.object({
    revisions: z.array(
      z.object({
        id: z.number(),
        revision: z.number(),
        status: z.string(),
        totalFen: z.number(),
        selfPayFen: z.number(),
        policySetId: z.number(),
        runId: z.number().nullable(),
        source: z.string(),
        replacedById: z.number().nullable(),
        reversedReason: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    reversals: z.array(
      z.object({
        id: z.number(),
        settlementId: z.number(),
        runId: z.number().nullable(),
        reason: z.string(),
        totalFen: z.number(),
        selfPayFen: z.number(),
        createdAt: z.string(),
      }),
    ),
  }),
});

export const ZCorrectBody = z.object({
  claim: ZSubmittedClaim,
  reason: z.string().trim().min(2).max(500),
});

export const ZSimulateBody = z.object({
  policy: z
    .record(z.string(), z.unknown())
    .describe('政策参数集 JSON（与 /policy-sets 相同格式，按 ZPolicySet 校验）'),
  person: z.object({
    categories: ZSettlementCategories.describe('结算日的人员类别；空数组 = 普通参保人员'),
    birthDate: z.string().describe('出生日期 YYYY-MM-DD'),
  }),
  claims: z.array(ZSettlementClaim).min(1).max(1000),
  openingAccumulators: ZSettlementAccumulators.optional().describe('首张单据所在年度的期初累计数；缺省为 0'),
  withTrace: z.boolean().optional().describe('是否返回逐条规则说明，缺省 true'),
});

const ZSimLayer = z.object({
  code: z.string(),
  label: z.string(),
  ruleCode: z.string(),
  baseFen: z.number(),
  deductibleFen: z.number(),
  rateBp: z.number(),
  capFen: z.number().nullable(),
  capRemainingFen: z.number().nullable(),
  isCapHit: z.boolean(),
  paidFen: z.number(),
});

export const ZSimulateResponse = z.object({
  policy: z.object({ id: z.string(), version: z.number(), name: z.string() }),
  settlements: z.array(
    z.object({
      claimId: z.string(),
      inputIndex: z.number(),
      order: z.number().describe('按出院日期排序后的结算顺序（从 1 开始）'),
      year: z.number(),
      totalFen: z.number(),
      layers: z.array(ZSimLayer),
      patientPaysFen: z.number(),
      patientPolicyScopeFen: z.number(),
      patientOutOfCatalogueFen: z.number(),
      borneByFen: z.number(),
      bearer: z.object({ kind: z.string(), code: z.string(), label: z.string() }).nullable(),
      depositWaivedFen: z.number(),
      explanation: z.array(z.string()),
      trace: z.array(z.record(z.string(), z.unknown())),
      accumulatorsAfter: z.record(z.string(), z.unknown()),
    }),
  ),
  totals: z.object({
    totalFen: z.number(),
    patientPaysFen: z.number(),
    borneByFen: z.number(),
    depositWaivedFen: z.number(),
    layers: z.record(z.string(), z.number()),
  }),
  closingAccumulators: z.record(z.string(), z.unknown()).nullable(),
  isWritten: z.literal(false),
});

export const ZSettlementListQuery = ZPageQuery.extend({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().max(60).optional(),
  status: z.enum(['settled', 'reversed']).optional(),
  institutionCode: z.string().max(40).optional(),
  personId: z.coerce.number().int().positive().optional(),
});
export const ZSettlementExportQuery = ZSettlementListQuery.omit({ page: true, pageSize: true });

export const ZReverseBody = z.object({ reason: z.string().trim().min(2).max(500) });

export const ZWhatIfBody = z.object({
  claim: ZSettlementClaim,
  categories: ZSettlementCategories,
  policySetIds: z.tuple([z.number().int().positive(), z.number().int().positive()]),
});

/** A re-settlement run after a policy correction, with its progress. */
export const ZResettleRunDto = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  reason: z.string(),
  regionCode: z.string(),
  policySetId: z.number().nullable(),
  personYearsTotal: z.number(),
  personYears: z.number(),
  claims: z.number(),
  reversals: z.number(),
  newSettlements: z.number(),
  batches: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TResettleRunDto = z.infer<typeof ZResettleRunDto>;
