import {
  INSTITUTION_LEVELS,
  REFERRAL_DIRECTIONS,
  REFERRAL_STATUS_LABELS,
  REFERRAL_STATUSES,
  ZInstitutionCode,
  ZInstitutionInput,
  ZIsoDate,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZCodeParams = z.object({ code: ZInstitutionCode });
export const ZIdParams = z.object({ id: z.coerce.number().int().positive() });

const ZRegionFilter = z
  .string()
  .regex(/^\d{2,12}$/, { error: '区域代码应为2到12位数字' })
  .optional();

export const ZInstitutionFilter = z.object({
  region: ZRegionFilter,
  q: z.string().trim().max(40).optional(),
  level: z.enum(INSTITUTION_LEVELS).optional(),
  standard: z.enum(['yes', 'no', 'unchecked']).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  designatedFor: z.string().trim().max(60).optional(),
});
export type TInstitutionFilter = z.infer<typeof ZInstitutionFilter>;
export const ZInstitutionListQuery = ZInstitutionFilter.extend(ZPageQuery.shape);

export const ZInstitutionBody = ZInstitutionInput;
export const ZInstitutionPatch = ZInstitutionInput.omit({ code: true });

export const ZStandardisationBody = z.object({
  areaM2: z.int({ error: '业务用房面积应为整数平方米' }).min(0).max(100_000),
  hasFourRoomsSeparated: z.boolean(),
  doctorsInPost: z.int().min(0, { error: '在岗医生人数不能为负数' }).max(10_000),
  equipment: z.array(z.string().trim().min(1).max(30)).max(200),
  checkedOn: ZIsoDate,
});

export const ZInstitutionDto = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(INSTITUTION_LEVELS),
  levelLabel: z.string(),
  type: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  townshipName: z.string(),
  countyCode: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  designatedDiseases: z.array(z.string()),
  isActive: z.boolean(),
  standardisation: z
    .object({
      areaM2: z.number().nullable(),
      hasFourRoomsSeparated: z.boolean().nullable(),
      doctorsInPost: z.number().nullable(),
      equipment: z.array(z.string()),
      checkedOn: z.string().nullable(),
      checkedBy: z.string().nullable(),
      isStandard: z.boolean().nullable(),
      failures: z.array(z.string()),
      requiredEquipment: z.array(z.string()),
      isApplicable: z.boolean(),
    })
    .nullable(),
});
export type TInstitutionDto = z.infer<typeof ZInstitutionDto>;

export const ZInstitutionOption = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  levelLabel: z.string(),
  regionCode: z.string(),
  designatedDiseases: z.array(z.string()),
});
export const ZOptionsQuery = z.object({
  q: z.string().trim().max(40).default(''),
  level: z.enum(INSTITUTION_LEVELS).optional(),
  /** Only institutions designated for this disease-catalogue item (定点医院 of a 大病 case). */
  designatedFor: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const ZRateQuery = z.object({ region: ZRegionFilter });
export const ZStandardisationRateRow = z.object({
  code: z.string(),
  name: z.string(),
  villageClinics: z.number(),
  villageClinicsChecked: z.number(),
  villageClinicsStandard: z.number(),
  villageRateBp: z.number().nullable(),
  townshipCentres: z.number(),
  townshipCentresStandard: z.number(),
  townshipRateBp: z.number().nullable(),
});

// ------------------------------------------------------------------ referrals

const statusOrLabel = z.preprocess((value) => {
  if (typeof value !== 'string') {
    return value;
  }
  const trimmed = value.trim();
  const byLabel = Object.entries(REFERRAL_STATUS_LABELS).find(([, label]) => label === trimmed);
  return byLabel ? byLabel[0] : trimmed;
}, z.enum(REFERRAL_STATUSES));

export const ZReferralFilter = z.object({
  region: ZRegionFilter,
  status: z.enum(REFERRAL_STATUSES).optional(),
  direction: z.enum(REFERRAL_DIRECTIONS).optional(),
  institution: z.string().trim().max(32).optional(),
  q: z.string().trim().max(40).optional(),
});
export type TReferralFilter = z.infer<typeof ZReferralFilter>;
export const ZReferralListQuery = ZReferralFilter.extend(ZPageQuery.shape);

export const ZReferralCreateBody = z.object({
  personId: z.number().int().positive(),
  fromInstitution: ZInstitutionCode,
  toInstitution: ZInstitutionCode,
  reason: z
    .string()
    .trim()
    .min(1, { error: '转诊原因不能为空' })
    .max(200, { error: '转诊原因不能超过200个字' }),
  diagnosisId: z.number().int().positive().optional(),
  referredOn: ZIsoDate,
});
export const ZReferralStatusBody = z.object({
  to: statusOrLabel,
  date: ZIsoDate,
  note: z.string().trim().max(200, { error: '说明不能超过200个字' }).optional(),
});

export const ZReferralDto = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  idNumberMasked: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  fromInstitution: z.string(),
  fromName: z.string(),
  toInstitution: z.string(),
  toName: z.string(),
  direction: z.enum(REFERRAL_DIRECTIONS),
  directionLabel: z.string(),
  reason: z.string(),
  diagnosisId: z.number().nullable(),
  referredOn: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  statusLabel: z.string(),
  statusDate: z.string(),
  note: z.string().nullable(),
});
export type TReferralDto = z.infer<typeof ZReferralDto>;
export const ZReferralDetailDto = ZReferralDto.extend({
  history: z.array(
    z.object({
      status: z.string(),
      statusLabel: z.string(),
      date: z.string(),
      note: z.string().nullable(),
      by: z.string().nullable(),
    }),
  ),
});
