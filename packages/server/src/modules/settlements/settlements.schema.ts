import { ZSettlementCategories, ZSettlementClaim } from '@healthaid/domain';
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

export const ZSettlementCreateBody = z.object({
  idNumber: z.string().min(1).max(40),
  /** Defaults to the clerk's institution; a clerk may not settle for another institution. */
  institutionCode: z.string().min(1).max(40).optional(),
  claim: ZSettlementClaim,
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
  personId: z.number(),
  personNameMasked: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  institutionCode: z.string(),
  claimNo: z.string(),
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
  createdAt: z.string(),
});

export const ZSettlementDetailDto = ZSettlementDto.extend({
  layers: z.array(ZLayerDto),
  bearer: z.object({ kind: z.string(), code: z.string(), label: z.string() }).nullable(),
  explanation: z.array(z.string()),
  claim: z.record(z.string(), z.unknown()),
});

export const ZSettlementListQuery = ZPageQuery.extend({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().max(60).optional(),
  status: z.enum(['settled', 'reversed']).optional(),
});
export const ZSettlementExportQuery = ZSettlementListQuery.omit({ page: true, pageSize: true });

export const ZReverseBody = z.object({ reason: z.string().trim().min(2).max(500) });

export const ZWhatIfBody = z.object({
  claim: ZSettlementClaim,
  categories: ZSettlementCategories,
  policySetIds: z.tuple([z.number().int().positive(), z.number().int().positive()]),
});
