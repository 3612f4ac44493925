import {
  SCREENING_PROGRAMMES,
  SCREENING_REFERRAL_STATUSES,
  SCREENING_RESULTS,
  TARGET_BASES,
  ZIsoDate,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZIdParams = z.object({ id: z.coerce.number().int().positive() });

export const ZRegionFilter = z
  .string()
  .regex(/^\d{6,12}$/, { error: '区域代码应为6到12位数字' })
  .optional();

export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过${max}个字` })
    .nullish();

const ZClock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间应为 时:分（如 08:30）' })
  .nullish();

export const ZProgramme = z.enum(SCREENING_PROGRAMMES, { error: '筛查项目不正确' });

export const ZScreeningCreateBody = z.object({
  programme: ZProgramme,
  method: z.string().trim().min(1, { error: '请选择筛查方法' }).max(30),
  name: z.string().max(50, { error: '姓名不能超过50个字' }),
  idNumber: z.string().max(30).nullish(),
  sex: z.enum(['M', 'F']).nullish(),
  birthDate: ZIsoDate.nullish(),
  birthTime: ZClock,
  motherName: optionalText(50, '母亲姓名'),
  motherIdNumber: z.string().max(30).nullish(),
  /** Where the person lives: needed when the person is not in the registry (a registry person's village is used). */
  villageCode: z
    .string()
    .regex(/^\d{12}$/, { error: '居住村（社区）应为12位区划代码' })
    .nullish(),
  screenedOn: ZIsoDate,
  screenedTime: ZClock,
  gestationalAge: z.string().max(20).nullish(),
  result: z.enum(SCREENING_RESULTS, { error: '请选择筛查结果' }),
  resultDetail: z.string().max(400).nullish(),
  institution: z.string().max(200).nullish(),
});
export type TScreeningCreateBody = z.infer<typeof ZScreeningCreateBody>;

export const ZReferralBody = z.object({
  to: z.enum(SCREENING_REFERRAL_STATUSES, { error: '转诊状态不正确' }),
  date: ZIsoDate,
  institution: optionalText(100, '转诊机构'),
  diagnosis: optionalText(200, '确诊结果'),
  note: optionalText(200, '备注'),
});
export type TReferralBody = z.infer<typeof ZReferralBody>;

export const ZVoidBody = z.object({
  reason: z.string().trim().min(2, { error: '请填写作废原因（至少2个字）' }).max(200),
});

export const ZScreeningDto = z.object({
  id: z.number(),
  programme: ZProgramme,
  programmeLabel: z.string(),
  method: z.string(),
  methodLabel: z.string(),
  personId: z.number().nullable(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  ageYears: z.number().nullable(),
  motherName: z.string().nullable(),
  motherIdNumberMasked: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  priorityGroup: z.string().nullable(),
  screenedOn: z.string(),
  screenedTime: z.string().nullable(),
  birthTime: z.string().nullable(),
  gestationalAge: z.string().nullable(),
  hoursOfLife: z.number().nullable(),
  result: z.enum(SCREENING_RESULTS),
  resultDetail: z.string().nullable(),
  institution: z.string().nullable(),
  isCounted: z.boolean(),
  isVoided: z.boolean(),
  voidReason: z.string().nullable(),
  referralStatus: z.enum(SCREENING_REFERRAL_STATUSES),
  referralInstitution: z.string().nullable(),
  referredOn: z.string().nullable(),
  referralDiagnosis: z.string().nullable(),
  referralClosedOn: z.string().nullable(),
  referralNote: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type TScreeningDto = z.infer<typeof ZScreeningDto>;

const booleanParam = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const ZScreeningFilter = z.object({
  region: ZRegionFilter,
  programme: ZProgramme.optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  result: z.enum(SCREENING_RESULTS).optional(),
  referral: z.enum([...SCREENING_REFERRAL_STATUSES, 'open']).optional(),
  priority: z.enum(['low_income', 'rural']).optional(),
  inRegistry: booleanParam,
  includeVoided: booleanParam,
  q: z.string().trim().max(40).optional(),
});
export type TScreeningFilter = z.infer<typeof ZScreeningFilter>;
export const ZScreeningListQuery = ZScreeningFilter.extend(ZPageQuery.shape);

export const ZLookupQuery = z.object({ idNumber: z.string().trim().min(1).max(30) });
export const ZLookupDto = z.object({
  idNumber: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  person: z
    .object({
      id: z.number(),
      name: z.string(),
      villageCode: z.string(),
      villageName: z.string(),
      categories: z.array(z.string()),
      status: z.string(),
    })
    .nullable(),
  previous: z.array(
    z.object({ programme: ZProgramme, screenedOn: z.string(), result: z.enum(SCREENING_RESULTS) }),
  ),
});

export const ZTargetQuery = z.object({
  region: ZRegionFilter,
  year: z.coerce.number().int().min(2015).max(2100),
});
export const ZTargetRow = z.object({
  townshipCode: z.string(),
  townshipName: z.string(),
  targets: z.record(z.string(), z.number().nullable()),
});
export const ZTargetsDto = z.object({
  year: z.number(),
  programmes: z.array(z.object({ code: ZProgramme, label: z.string(), basis: z.enum(TARGET_BASES) })),
  rows: z.array(ZTargetRow),
});

export const ZTargetsBody = z.object({
  year: z.number().int(),
  items: z
    .array(
      z.object({
        townshipCode: z.string().regex(/^\d{12}$/, { error: '乡镇代码应为12位' }),
        programme: ZProgramme,
        count: z.number().int({ error: '目标数应为整数' }),
        note: optionalText(100, '备注'),
      }),
    )
    .min(1, { error: '没有要保存的目标' })
    .max(2_000),
});
export type TTargetsBody = z.infer<typeof ZTargetsBody>;

export const ZCompletionQuery = z.object({
  region: ZRegionFilter,
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});
const ZCompletionCell = z.object({
  screened: z.number(),
  target: z.number(),
  rateBp: z.number().nullable(),
  display: z.string(),
  abnormal: z.number(),
  openReferrals: z.number(),
});
export const ZCompletionDto = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  programmes: z.array(z.object({ code: ZProgramme, label: z.string(), indicatorCode: z.string() })),
  /** False when the rows are villages: targets are set per township, so rows have no target of their own. */
  rowsHaveTargets: z.boolean(),
  rows: z.array(
    z.object({ code: z.string(), name: z.string(), cells: z.record(z.string(), ZCompletionCell) }),
  ),
  total: z.object({ code: z.string(), name: z.string(), cells: z.record(z.string(), ZCompletionCell) }),
});
export type TCompletionDto = z.infer<typeof ZCompletionDto>;
