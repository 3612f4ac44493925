import {
  EXIT_STATUSES,
  HOUSEHOLD_RELATIONS,
  isIsoDate,
  MONITORING_TYPES,
  PERSON_STATUSES,
  POVERTY_ATTRIBUTES,
  POVERTY_CAUSES,
  REGISTRY_CATEGORIES,
  RISK_STATUSES,
  VERIFICATION_OUTCOMES,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZIsoDate = z
  .string()
  .trim()
  .refine((v) => isIsoDate(v), '日期应为有效的 YYYY-MM-DD 格式');
export const ZRegionPrefix = z
  .string()
  .trim()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, '区划代码应为6、9或12位数字');
export const ZVillageCode = z
  .string()
  .trim()
  .regex(/^\d{12}$/, '村级区划代码应为12位数字');
export const ZReason = z
  .string()
  .trim()
  .min(2, '请填写修改原因（至少2个字）')
  .max(200, '修改原因最多200个字');
const ZKeyword = z.string().trim().max(50, '关键字最多50个字符').optional();

export const ZIdParams = z.object({ id: z.coerce.number().int().positive('编号不正确') });
export const ZCategoryParams = ZIdParams.extend({
  categoryId: z.coerce.number().int().positive('类别记录编号不正确'),
});

export const ZHouseholdListQuery = ZPageQuery.extend({
  regionCode: ZRegionPrefix.optional(),
  povertyAttribute: z.enum(POVERTY_ATTRIBUTES, '贫困户属性不正确').optional(),
  monitoringType: z.enum(MONITORING_TYPES, '监测类型不正确').optional(),
  exitStatus: z.enum(EXIT_STATUSES, '脱贫状态不正确').optional(),
  mainCause: z.enum(POVERTY_CAUSES, '致贫原因不正确').optional(),
  q: ZKeyword,
});
export type THouseholdListQuery = z.infer<typeof ZHouseholdListQuery>;

export const ZHouseholdDto = z.object({
  id: z.number().int(),
  countyCode: z.string(),
  householdNo: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  address: z.string().nullable(),
  headName: z.string().nullable(),
  povertyAttribute: z.enum(POVERTY_ATTRIBUTES).nullable(),
  mainCause: z.string().nullable(),
  otherCauses: z.array(z.string()),
  registeredYear: z.number().int().nullable(),
  exitStatus: z.enum(EXIT_STATUSES),
  exitYear: z.number().int().nullable(),
  monitoringType: z.enum(MONITORING_TYPES).nullable(),
  riskStatus: z.enum(RISK_STATUSES).nullable(),
  memberCount: z.number().int(),
});
export type THouseholdDto = z.infer<typeof ZHouseholdDto>;

const ZYear = z.number().int().min(1980, '年份不正确').max(2100, '年份不正确');

const householdFields = {
  address: z.string().trim().max(200, '地址最多200个字').nullish(),
  headName: z.string().trim().max(50, '户主姓名最多50个字').nullish(),
  povertyAttribute: z
    .enum(POVERTY_ATTRIBUTES, '贫困户属性应为一般贫困户、低保贫困户或特困供养贫困户')
    .nullish(),
  mainCause: z.enum(POVERTY_CAUSES, '主要致贫原因不在规定范围内').nullish(),
  otherCauses: z.array(z.enum(POVERTY_CAUSES, '其他致贫原因不在规定范围内')).max(11).optional(),
  registeredYear: ZYear.nullish(),
  exitStatus: z.enum(EXIT_STATUSES, '脱贫状态应为未脱贫或已脱贫').optional(),
  exitYear: ZYear.nullish(),
  monitoringType: z.enum(MONITORING_TYPES, '监测类型不正确').nullish(),
  riskStatus: z.enum(RISK_STATUSES, '风险状态不正确').nullish(),
};

export const ZHouseholdCreateBody = z.strictObject({
  householdNo: z
    .string()
    .trim()
    .min(1, '户编号不能为空')
    .max(40, '户编号最多40个字符')
    .regex(/^[0-9A-Za-z-]+$/, '户编号只能包含数字、字母和连字符'),
  villageCode: ZVillageCode,
  ...householdFields,
});
export type THouseholdCreateBody = z.infer<typeof ZHouseholdCreateBody>;

export const ZHouseholdPatchBody = z.strictObject({
  ...householdFields,
  villageCode: ZVillageCode.optional(),
  incomes: z
    .array(
      z.strictObject({
        year: ZYear,
        perCapitaNetIncomeFen: z.number().int('收入须为整数（分）').min(0, '收入不能为负数'),
      }),
    )
    .max(30)
    .optional(),
  reason: ZReason,
});
export type THouseholdPatchBody = z.infer<typeof ZHouseholdPatchBody>;

export const ZChangeDto = z.object({
  id: z.number().int(),
  entityType: z.string(),
  entityId: z.number().int(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reasonType: z.enum(['import', 'verification', 'manual', 'system']),
  reasonRef: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
});
export type TChangeDto = z.infer<typeof ZChangeDto>;

export const ZCategoryDto = z.object({
  id: z.number().int(),
  category: z.enum(REGISTRY_CATEGORIES),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  source: z.string().nullable(),
  isActiveToday: z.boolean(),
});
export type TCategoryDto = z.infer<typeof ZCategoryDto>;

export const ZPersonDto = z.object({
  id: z.number().int(),
  countyCode: z.string(),
  idNumberMasked: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  householdId: z.number().int().nullable(),
  householdNo: z.string().nullable(),
  relation: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  status: z.enum(PERSON_STATUSES),
  statusDate: z.string().nullable(),
  isInsured: z.boolean(),
  hasPremiumSubsidy: z.boolean(),
  hasDisabilityCert: z.boolean(),
  needsVerification: z.boolean(),
  verificationReason: z.string().nullable(),
  /** Categories valid on the query date (today unless `date` is given). */
  categories: z.array(z.enum(REGISTRY_CATEGORIES)),
});
export type TPersonDto = z.infer<typeof ZPersonDto>;

export const ZHouseholdDetailDto = ZHouseholdDto.extend({
  members: z.array(ZPersonDto),
  incomes: z.array(z.object({ year: z.number().int(), perCapitaNetIncomeFen: z.number().int() })),
  history: z.array(ZChangeDto),
});

export const ZPersonDetailDto = z.object({
  person: ZPersonDto.extend({ phone: z.string().nullable(), disabilityCertMasked: z.string().nullable() }),
  household: ZHouseholdDto.nullable(),
  categories: z.array(ZCategoryDto),
  history: z.array(ZChangeDto),
  openVerificationTaskId: z.number().int().nullable(),
});

export const ZPersonListQuery = ZPageQuery.extend({
  regionCode: ZRegionPrefix.optional(),
  category: z.enum(REGISTRY_CATEGORIES, '人员类别不正确').optional(),
  date: ZIsoDate.optional(),
  status: z.enum(PERSON_STATUSES, '人员状态不正确').optional(),
  mainCause: z.enum(POVERTY_CAUSES, '致贫原因不正确').optional(),
  needsVerification: z.enum(['true', 'false']).optional(),
  householdId: z.coerce.number().int().positive().optional(),
  q: ZKeyword,
});
export type TPersonListQuery = z.infer<typeof ZPersonListQuery>;

const ZPhone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '联系电话应为11位手机号或带区号的固话');
const ZName = z.string().trim().min(1, '姓名不能为空').max(50, '姓名最多50个字');

export const ZPersonCreateBody = z.strictObject({
  idNumber: z.string().trim().min(1, '身份证号不能为空').max(40, '身份证号过长'),
  name: ZName,
  villageCode: ZVillageCode.optional(),
  householdId: z.number().int().positive().nullish(),
  relation: z.enum(HOUSEHOLD_RELATIONS, '与户主关系不正确').nullish(),
  phone: ZPhone.nullish(),
  isInsured: z.boolean().optional(),
  hasPremiumSubsidy: z.boolean().optional(),
  disabilityCert: z.string().trim().max(22).nullish(),
  /** Set after the user saw the "same name and birth date" warning and confirmed. */
  confirmDuplicate: z.boolean().optional(),
});
export type TPersonCreateBody = z.infer<typeof ZPersonCreateBody>;

export const ZPersonPatchBody = z.strictObject({
  name: ZName.optional(),
  relation: z.enum(HOUSEHOLD_RELATIONS, '与户主关系不正确').nullish(),
  phone: ZPhone.nullish(),
  householdId: z.number().int().positive().nullish(),
  villageCode: ZVillageCode.optional(),
  isInsured: z.boolean().optional(),
  hasPremiumSubsidy: z.boolean().optional(),
  disabilityCert: z.string().trim().max(22).nullish(),
  reason: ZReason,
});
export type TPersonPatchBody = z.infer<typeof ZPersonPatchBody>;

export const ZPersonStatusBody = z.strictObject({
  status: z.enum(PERSON_STATUSES, '人员状态应为正常、死亡或迁出'),
  date: ZIsoDate.nullish(),
  reason: ZReason,
});

export const ZCategoryCreateBody = z.strictObject({
  category: z.enum(REGISTRY_CATEGORIES, '人员类别不正确'),
  validFrom: ZIsoDate,
  validTo: ZIsoDate.nullish(),
  reason: ZReason,
});
export const ZCategoryPatchBody = z.strictObject({
  validFrom: ZIsoDate.optional(),
  validTo: ZIsoDate.nullish(),
  reason: ZReason,
});

export const ZRevealDto = z.object({ idNumber: z.string(), disabilityCert: z.string().nullable() });

export const ZVerificationListQuery = ZPageQuery.extend({
  status: z.enum(['open', 'completed', 'cancelled'], '任务状态不正确').optional(),
  regionCode: ZRegionPrefix.optional(),
  q: ZKeyword,
});

export const ZVerificationTaskDto = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  assignedRegionCode: z.string(),
  assignedRegionName: z.string(),
  assignedUserId: z.number().int().nullable(),
  source: z.enum(['flag', 'manual', 'comparison']),
  reason: z.string(),
  status: z.enum(['open', 'completed', 'cancelled']),
  outcome: z.enum(VERIFICATION_OUTCOMES).nullable(),
  note: z.string().nullable(),
  corrections: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type TVerificationTaskDto = z.infer<typeof ZVerificationTaskDto>;

export const ZVerificationCreateBody = z.strictObject({
  personId: z.number().int().positive(),
  reason: z.string().trim().min(2, '请填写核实原因（至少2个字）').max(200),
  assignedRegionCode: z
    .string()
    .trim()
    .regex(/^\d{12}$/, '指派区划应为12位代码')
    .optional(),
  assignedUserId: z.number().int().positive().nullish(),
});

export const ZVerificationResultBody = z.strictObject({
  outcome: z.enum(VERIFICATION_OUTCOMES, '核实结果不正确'),
  corrections: z
    .strictObject({
      name: ZName.optional(),
      phone: ZPhone.nullish(),
      relation: z.enum(HOUSEHOLD_RELATIONS, '与户主关系不正确').nullish(),
      villageCode: ZVillageCode.optional(),
      isInsured: z.boolean().optional(),
    })
    .optional(),
  statusDate: ZIsoDate.optional(),
  note: z.string().trim().max(500, '备注最多500个字').optional(),
});
export type TVerificationResultBody = z.infer<typeof ZVerificationResultBody>;
