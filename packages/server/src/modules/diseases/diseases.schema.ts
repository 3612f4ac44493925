import {
  DIAGNOSIS_SOURCES,
  DISEASE_LINES,
  TREATMENT_OUTCOMES,
  TREATMENT_STATUS_LABELS,
  TREATMENT_STATUSES,
  VERIFICATION_STATUS_LABELS,
  VERIFICATION_STATUSES,
  ZIsoDate,
  ZTreatmentCaseDetails,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

/** Accepts a status code ('verified') or its Chinese label ('已核准'). */
function statusOrLabel<S extends string>(codes: readonly [S, ...S[]], labels: Readonly<Record<S, string>>) {
  const byLabel = new Map(Object.entries(labels).map(([code, label]) => [label as string, code]));
  return z.preprocess(
    (value) => (typeof value === 'string' ? (byLabel.get(value.trim()) ?? value.trim()) : value),
    z.enum(codes),
  );
}

export const ZVerificationTarget = statusOrLabel(VERIFICATION_STATUSES, VERIFICATION_STATUS_LABELS);
export const ZTreatmentTarget = statusOrLabel(TREATMENT_STATUSES, TREATMENT_STATUS_LABELS);

export const ZIdParams = z.object({ id: z.coerce.number().int().positive() });

export const ZIcdQuery = z.object({
  q: z.string().trim().max(40).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const ZIcdHit = z.object({
  code: z.string(),
  name: z.string(),
  initials: z.string(),
  matchKind: z.string(),
});

export const ZDiagnosisCreateBody = z.object({
  icdCode: z.string().trim().max(20).optional(),
  name: z.string().trim().max(100).optional(),
  institution: z.string().trim().max(100).optional(),
  diagnosedOn: ZIsoDate,
  source: z.enum(DIAGNOSIS_SOURCES),
});
export type TDiagnosisCreateBody = z.infer<typeof ZDiagnosisCreateBody>;

export const ZVerifyBody = z.object({
  to: ZVerificationTarget,
  reason: z.string().trim().max(200, { error: '原因不能超过200个字' }).optional(),
  date: ZIsoDate.optional(),
});

export const ZDiagnosisDto = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  icdCode: z.string().nullable(),
  name: z.string(),
  isUncoded: z.boolean(),
  institution: z.string().nullable(),
  diagnosedOn: z.string(),
  source: z.string(),
  registeredOn: z.string(),
  verificationStatus: z.enum(VERIFICATION_STATUSES),
  statusDate: z.string(),
  statusBy: z.string(),
  reason: z.string().nullable(),
  diseaseLine: z.string().nullable(),
  personDiseaseKey: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  classificationReason: z.string().nullable(),
});
export type TDiagnosisDto = z.infer<typeof ZDiagnosisDto>;

const ZRegionFilter = z
  .string()
  .regex(/^\d{6,12}$/, { error: '区域代码应为6到12位数字' })
  .optional();

export const ZDiagnosisFilter = z.object({
  region: ZRegionFilter,
  status: z.enum(VERIFICATION_STATUSES).optional(),
  line: z.enum(DISEASE_LINES).optional(),
  itemCode: z.string().trim().max(60).optional(),
  uncoded: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(40).optional(),
});
export type TDiagnosisFilter = z.infer<typeof ZDiagnosisFilter>;
export const ZDiagnosisListQuery = ZDiagnosisFilter.extend(ZPageQuery.shape);

export const ZRateQuery = z.object({
  region: ZRegionFilter,
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});

export const ZVerificationRateRow = z.object({
  code: z.string(),
  name: z.string(),
  pending: z.number(),
  verified: z.number(),
  rejected: z.number(),
  decided: z.number(),
  total: z.number(),
  rateBp: z.number().nullable(),
});
export const ZTreatmentRateRow = z.object({
  code: z.string(),
  name: z.string(),
  treated: z.number(),
  base: z.number(),
  waiting: z.number(),
  rateBp: z.number().nullable(),
});

export const ZClassificationDto = z.object({
  personId: z.number(),
  classifications: z.array(
    z.object({
      diagnosisId: z.string(),
      line: z.enum(DISEASE_LINES),
      lineLabel: z.string(),
      catalogCode: z.string().nullable(),
      catalogVersion: z.string().nullable(),
      itemCode: z.string().nullable(),
      itemName: z.string().nullable(),
      reason: z.string(),
      flag: z.string().nullable(),
      icdCode: z.string().nullable(),
      diagnosedOn: z.string(),
      personDiseaseKey: z.string(),
    }),
  ),
  personDiseases: z.array(
    z.object({
      personDiseaseKey: z.string(),
      line: z.enum(DISEASE_LINES),
      lineLabel: z.string(),
      itemCode: z.string().nullable(),
      itemName: z.string().nullable(),
      catalogVersion: z.string().nullable(),
      firstDiagnosedOn: z.string(),
      reason: z.string(),
      flag: z.string().nullable(),
      diagnosisIds: z.array(z.string()),
      treatmentCaseId: z.number().nullable(),
    }),
  ),
});

export const ZCatalogDto = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  version: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  extends: z.string().nullable(),
  regionCode: z.string().nullable(),
  status: z.string(),
  publishedOn: z.string().nullable(),
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      icdPatterns: z.array(z.string()),
      minAge: z.number().nullable(),
      maxAge: z.number().nullable(),
    }),
  ),
});

export const ZCaseDetailsPatch = ZTreatmentCaseDetails.partial();

export const ZCaseOpenBody = z.object({
  personId: z.number().int().positive(),
  personDiseaseKey: z.string().trim().min(1).max(120),
  openedOn: ZIsoDate.optional(),
  details: ZCaseDetailsPatch.optional(),
});

export const ZCaseStatusBody = z.object({
  to: ZTreatmentTarget,
  date: ZIsoDate,
  reason: z.string().trim().max(200, { error: '原因不能超过200个字' }).optional(),
  outcome: z.enum(TREATMENT_OUTCOMES).optional(),
  details: ZCaseDetailsPatch.optional(),
});

export const ZCaseEventDto = z.object({
  status: z.enum(TREATMENT_STATUSES),
  date: z.string(),
  reason: z.string().nullable(),
  outcome: z.string().nullable(),
  by: z.string().nullable(),
});

export const ZCaseDto = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  personDiseaseKey: z.string(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  openedOn: z.string(),
  status: z.enum(TREATMENT_STATUSES),
  statusDate: z.string(),
  reason: z.string().nullable(),
  outcome: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** details.designatedHospitalCode with the institution's name (null when no institution has that code). */
  designatedHospital: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  daysWaited: z.number(),
});
export type TCaseDto = z.infer<typeof ZCaseDto>;
export const ZCaseDetailDto = ZCaseDto.extend({ history: z.array(ZCaseEventDto) });

export const ZCaseFilter = z.object({
  region: ZRegionFilter,
  personId: z.coerce.number().int().positive().optional(),
  status: z.enum(TREATMENT_STATUSES).optional(),
  itemCode: z.string().trim().max(60).optional(),
  q: z.string().trim().max(40).optional(),
});
export type TCaseFilter = z.infer<typeof ZCaseFilter>;
export const ZCaseListQuery = ZCaseFilter.extend(ZPageQuery.shape);

export const ZIllPersonQuery = z
  .object({
    region: ZRegionFilter,
    householdId: z.coerce.number().int().positive().optional(),
    line: z.enum(DISEASE_LINES).optional(),
    q: z.string().trim().max(40).optional(),
  })
  .extend(ZPageQuery.shape);

export const ZIllPersonDto = z.object({
  personId: z.number(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  householdId: z.number().nullable(),
  householdNo: z.string().nullable(),
  diseases: z.array(
    z.object({
      diagnosisId: z.number(),
      icdCode: z.string().nullable(),
      name: z.string(),
      diagnosedOn: z.string(),
      verificationStatus: z.enum(VERIFICATION_STATUSES),
      line: z.enum(DISEASE_LINES).nullable(),
      itemName: z.string().nullable(),
      caseId: z.number().nullable(),
      caseStatus: z.enum(TREATMENT_STATUSES).nullable(),
    }),
  ),
});
