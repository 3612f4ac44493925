import {
  CALL_OUTCOME_LABELS,
  codesOf,
  FOLLOW_UP_DISEASE_LABELS,
  isIsoDate,
  MANAGEMENT_END_REASON_LABELS,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';
import {
  CANCEL_REASON_LABELS,
  CONTRACT_STATUS_LABELS,
  PACKAGE_KIND_LABELS,
  PAYER_LABELS,
  SERVICE_CODE_LABELS,
} from './chronic-rules.ts';

const enumOf = <T extends Readonly<Record<string, string>>>(label: string, labels: T) =>
  z.enum(codesOf(labels), { error: `${label}只能是${Object.values(labels).join('/')}` });

export const zDate = (label: string) =>
  z
    .string({ error: `${label}不能为空` })
    .refine(isIsoDate, { error: `${label}必须是有效日期（YYYY-MM-DD）` });
const zName = (label: string, max = 50) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}最多${max}个字`);
const zId = (label: string) =>
  z.coerce
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .positive(`${label}不正确`);
export const zRegionQuery = z
  .string()
  .trim()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, '区域代码应为6、9或12位数字')
  .optional();

export const ZIdParams = z.object({ id: zId('编号') });
export const ZPersonParams = z.object({ personId: zId('人员编号') });

export const ZTeamMember = z.object({
  role: enumOf('成员角色', { doctor: '医生', nurse: '护士', public_health: '公卫人员' }),
  name: zName('成员姓名'),
  userId: z.number().int().positive().nullish(),
  phone: z.string().trim().max(20, '联系电话最多20个字符').nullish(),
});
export const ZTeamBody = z.strictObject({
  name: zName('团队名称', 60),
  institutionName: z.string().trim().max(100, '所属机构最多100个字').nullish(),
  members: z
    .array(ZTeamMember, { error: '团队成员必须是列表' })
    .min(1, '团队至少要有一名成员')
    .max(30, '团队成员最多30人')
    .refine((m) => m.some((x) => x.role === 'doctor'), '团队至少要有一名医生'),
  villageCodes: z
    .array(z.string().regex(/^\d{12}$/, '服务村庄代码应为12位数字'), { error: '服务村庄必须是列表' })
    .min(1, '至少选择一个服务村庄')
    .max(200, '服务村庄最多200个'),
  status: enumOf('团队状态', { active: '启用', inactive: '停用' }).optional(),
});
export const ZTeamDto = z.object({
  id: z.number(),
  countyCode: z.string(),
  name: z.string(),
  institutionName: z.string().nullable(),
  members: z.array(ZTeamMember),
  villageCodes: z.array(z.string()),
  villageNames: z.array(z.string()),
  status: z.enum(['active', 'inactive']),
});
export const ZTeamAccountQuery = z.object({ q: z.string().trim().max(50).optional() });
export const ZTeamAccount = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
});
export const ZListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  region: zRegionQuery,
});

export const ZPackageItem = z.object({
  name: zName('服务项目名称', 60),
  serviceCode: enumOf('服务类型', SERVICE_CODE_LABELS),
  countPerYear: z
    .number({ error: '每年次数必须是数字' })
    .int('每年次数必须是整数')
    .min(0, '每年次数应在0–366之间')
    .max(366, '每年次数应在0–366之间'),
  priceFen: z
    .number({ error: '价格必须是以分为单位的整数' })
    .int('价格必须是以分为单位的整数')
    .min(0, '价格不能为负'),
  subsidyFen: z
    .number({ error: '补助金额必须是以分为单位的整数' })
    .int('补助金额必须是以分为单位的整数')
    .min(0, '补助金额不能为负'),
  payer: enumOf('支付方', PAYER_LABELS),
});
export const ZPackageBody = z.strictObject({
  name: zName('服务包名称', 60),
  kind: enumOf('服务包类型', PACKAGE_KIND_LABELS),
  description: z.string().trim().max(500).nullish(),
  items: z
    .array(
      ZPackageItem.refine((i) => i.subsidyFen <= i.priceFen, {
        error: '补助金额不能高于价格',
        path: ['subsidyFen'],
      }),
    )
    .min(1, '服务包至少包含一个服务项目')
    .max(50, '服务包最多50个服务项目'),
});
export const ZPackageItemDto = ZPackageItem.extend({ id: z.number(), packageId: z.number() });
export const ZPackageDto = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['basic', 'personalised']),
  description: z.string().nullable(),
  totalPriceFen: z.number(),
  totalSubsidyFen: z.number(),
  items: z.array(ZPackageItemDto),
});

export const ZContractCreateBody = z
  .strictObject({
    personId: z.number().int().positive().optional(),
    householdId: z.number().int().positive().optional(),
    teamId: zId('签约团队'),
    packageIds: z
      .array(z.number().int().positive(), { error: '服务包必须是列表' })
      .min(1, '至少选择一个服务包'),
    startDate: zDate('签约开始日期'),
    endDate: zDate('签约结束日期'),
    doctorName: zName('签约医生').optional(),
    isPendingReview: z.boolean().default(false),
  })
  .refine((b) => (b.personId === undefined) !== (b.householdId === undefined), {
    error: '请指定签约居民或签约家庭（二选一）',
    path: ['personId'],
  });
export const ZContractRenewBody = z.strictObject({
  startDate: zDate('续约开始日期').optional(),
  endDate: zDate('续约结束日期').optional(),
  teamId: zId('签约团队').optional(),
  packageIds: z.array(z.number().int().positive()).min(1, '至少选择一个服务包').optional(),
  doctorName: zName('签约医生').optional(),
});
export const ZContractCancelBody = z.strictObject({
  reason: enumOf('解约原因', CANCEL_REASON_LABELS),
  cancelDate: zDate('解约日期'),
  note: z.string().trim().max(200, '解约说明最多200个字').nullish(),
});
export const ZContractListQuery = ZListQuery.extend({
  status: enumOf('签约状态', CONTRACT_STATUS_LABELS).optional(),
  personId: zId('人员编号').optional(),
  /** In force on this date: signed or renewed, started and not yet ended. */
  inForceOn: zDate('生效日期').optional(),
  /** Ending on or before this date and not yet renewed (no successor that is not cancelled): 待续约. */
  renewalDueBy: zDate('到期日期').optional(),
});
export const ZFulfilmentDto = z.object({
  id: z.number(),
  contractId: z.number(),
  itemId: z.number(),
  itemName: z.string(),
  serviceDate: z.string(),
  performedBy: z.string(),
  visitId: z.number().nullable(),
  checkupId: z.number().nullable(),
  note: z.string().nullable(),
});
export const ZContractDto = z.object({
  id: z.number(),
  contractNo: z.string(),
  personId: z.number(),
  personName: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  householdId: z.number().nullable(),
  teamId: z.number(),
  teamName: z.string(),
  packageIds: z.array(z.number()),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(['pending', 'signed', 'renewed', 'cancelled']),
  statusLabel: z.string(),
  cancelReason: z.string().nullable(),
  cancelReasonLabel: z.string().nullable(),
  cancelDate: z.string().nullable(),
  renewedFromId: z.number().nullable(),
  renewedToId: z.number().nullable(),
  doctorName: z.string().nullable(),
});
export const ZContractDetailDto = ZContractDto.extend({
  packages: z.array(ZPackageDto),
  fulfilments: z.array(ZFulfilmentDto),
});
export const ZFulfilmentBody = z.strictObject({
  itemId: zId('服务项目'),
  serviceDate: zDate('服务日期'),
  performedBy: zName('服务人员'),
  note: z.string().trim().max(200, '备注最多200个字').nullish(),
});

export const ZEnrolmentBody = z.strictObject({
  personId: zId('人员编号'),
  disease: enumOf('管理病种', FOLLOW_UP_DISEASE_LABELS),
  managedFrom: zDate('纳入管理日期'),
  hasStrokeOrHeartAttack: z.boolean().default(false),
  notifiedOn: zDate('肺结核患者通知日期').optional(),
});
export const ZEnrolmentDto = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  villageCode: z.string(),
  disease: z.string(),
  diseaseLabel: z.string(),
  managedFrom: z.string(),
  managedUntil: z.string().nullable(),
  endReason: z.string().nullable(),
  nextDueDate: z.string(),
  hiddenUntil: z.string().nullable(),
  lastCallOutcome: z.string().nullable(),
});
export const ZEnrolmentListQuery = ZListQuery.extend({
  disease: enumOf('管理病种', FOLLOW_UP_DISEASE_LABELS).optional(),
});

export const ZVisitResult = z.object({
  id: z.number(),
  enrolmentId: z.number(),
  personId: z.number(),
  disease: z.string(),
  visitDate: z.string(),
  method: z.string(),
  classification: z.string(),
  classificationLabel: z.string(),
  isRedAlert: z.boolean(),
  referralTriggers: z.array(z.object({ code: z.string(), label: z.string() })),
  shouldRefer: z.boolean(),
  nextDueDate: z.string().nullable(),
  nextReason: z.string().nullable(),
  nextReasonLabel: z.string().nullable(),
  isFirstVisitLate: z.boolean().nullable(),
  fulfilmentId: z.number().nullable(),
  doctorName: z.string(),
  personName: z.string(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  fastingGlucoseTenths: z.number().nullable(),
  dangerGrade: z.number().nullable(),
});
export const ZVisitListQuery = ZListQuery.extend({
  personId: zId('人员编号').optional(),
  disease: enumOf('随访病种', FOLLOW_UP_DISEASE_LABELS).optional(),
});

export const ZOverdueQuery = z.object({
  region: zRegionQuery,
  asOf: zDate('统计日期').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const ZOverdueItem = z.object({
  enrolmentId: z.number(),
  personId: z.number(),
  name: z.string(),
  sex: z.string(),
  age: z.number(),
  phone: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  disease: z.string(),
  diseaseLabel: z.string(),
  dueDate: z.string(),
  daysOverdue: z.number(),
  isDueToday: z.boolean(),
  isHighRisk: z.boolean(),
  isHighRiskOverdue: z.boolean(),
  riskReasons: z.array(z.string()),
  lastVisitDate: z.string().nullable(),
  lastBp: z.string().nullable(),
  lastGlucose: z.string().nullable(),
  unreachableAttempts: z.number(),
  lastCallOutcome: z.string().nullable(),
  lastCalledOn: z.string().nullable(),
});
export const ZCallBody = z.strictObject({
  outcome: enumOf('联系结果', CALL_OUTCOME_LABELS),
  calledOn: zDate('联系日期'),
  note: z.string().trim().max(200, '备注最多200个字').nullish(),
});
export const ZCallResult = z.object({
  enrolmentId: z.number(),
  hiddenUntil: z.string().nullable(),
  isManagementEnded: z.boolean(),
  endReason: enumOf('终止原因', MANAGEMENT_END_REASON_LABELS).nullable(),
  unreachableAttempts: z.number(),
});

const tenths = (label: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `${label}必须是数字` })
    .int(`${label}须以0.1 ${unit}为单位录入整数`)
    .min(min, `${label}应在${min / 10}–${max / 10} ${unit}之间`)
    .max(max, `${label}应在${min / 10}–${max / 10} ${unit}之间`)
    .optional();
export const ZCheckupBody = z.strictObject({
  personId: zId('人员编号'),
  checkDate: zDate('体检日期'),
  results: z.strictObject({
    systolic: z
      .number({ error: '收缩压必须是数字' })
      .int('收缩压必须是整数')
      .min(60, '收缩压应在60–300 mmHg之间')
      .max(300, '收缩压应在60–300 mmHg之间')
      .optional(),
    diastolic: z
      .number({ error: '舒张压必须是数字' })
      .int('舒张压必须是整数')
      .min(30, '舒张压应在30–200 mmHg之间')
      .max(200, '舒张压应在30–200 mmHg之间')
      .optional(),
    fastingGlucoseTenths: tenths('空腹血糖', 10, 333, 'mmol/L'),
    bmiTenths: tenths('体质指数', 100, 800, 'kg/m²'),
    totalCholesterolTenths: tenths('总胆固醇', 10, 300, 'mmol/L'),
    ecgAbnormal: z.boolean().optional(),
  }),
  extraFlags: z.array(zName('其他异常', 100)).max(20).default([]),
  conclusion: z.string().trim().max(500, '体检结论最多500个字').nullish(),
  doctorName: zName('体检医生'),
});
export const ZCheckupDto = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  checkDate: z.string(),
  results: z.record(z.string(), z.unknown()),
  abnormalFlags: z.array(
    z.object({ code: z.string(), label: z.string(), suspectedDisease: z.string().nullable() }),
  ),
  conclusion: z.string().nullable(),
  doctorName: z.string(),
  fulfilmentId: z.number().nullable(),
});
export const ZCheckupListQuery = ZListQuery.extend({
  personId: zId('人员编号').optional(),
  isAbnormalOnly: z.enum(['true', 'false']).optional(),
});
export const ZDiagnosisTaskBody = z.strictObject({
  suspectedDisease: zName('疑似疾病', 50),
  icdCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z]\d{2}(\.\d{1,4})?$/, 'ICD-10编码格式不正确，例如 I10 或 E11.9')
    .optional(),
  reason: zName('核实原因', 200),
});
export const ZDiagnosisTaskDto = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  checkupId: z.number().nullable(),
  checkDate: z.string().nullable(),
  suspectedDisease: z.string(),
  icdCode: z.string().nullable(),
  reason: z.string(),
  diagnosisId: z.number().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  createdAt: z.string(),
});
export const ZDiagnosisTaskListQuery = ZListQuery.extend({ personId: zId('人员编号').optional() });

export const INDICATOR_CODES = [
  'managed',
  'standard_management',
  'bp_control',
  'glucose_control',
  'mental_standard',
  'followup_timely',
  'signing',
  'signing_poor',
  'signing_chronic',
  'renewal',
  'fulfilment',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];
export const ZIndicatorQuery = z.object({
  region: zRegionQuery,
  from: zDate('统计开始日期'),
  to: zDate('统计结束日期'),
  /** Only the villages of one family-doctor team. */
  teamId: zId('家庭医生团队').optional(),
  /** Only the villages of one village doctor (his teams' and his own). */
  doctorUserId: zId('村医账号').optional(),
});
export const ZIndicatorDto = z.object({
  code: z.enum(INDICATOR_CODES),
  label: z.string(),
  numerator: z.number(),
  denominator: z.number().nullable(),
  rateBp: z.number().nullable(),
  definition: z.string(),
});
export const ZIndicatorsResult = z.object({
  regionCode: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(ZIndicatorDto),
});
export const ZIndicatorMembersQuery = ZIndicatorQuery.extend({
  part: z.enum(['numerator', 'denominator'], { error: '口径只能是numerator或denominator' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZIndicatorMember = z.object({
  personId: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  detail: z.string(),
});
export const ZIndicatorCodeParams = z.object({
  code: z.enum(INDICATOR_CODES, { error: '指标代码不正确' }),
});

export const ZPersonSearchQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  region: zRegionQuery,
});
export const ZPersonBrief = z.object({
  id: z.number(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  idNumberMasked: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  householdId: z.number().nullable(),
});

export const ZPersonFileQuery = z.object({
  year: z.coerce
    .number({ error: '年度必须是数字' })
    .int('年度必须是整数')
    .min(2000, '年度应在2000–2100之间')
    .max(2100, '年度应在2000–2100之间')
    .optional(),
});
const ZCalendar = z.object({
  quarters: z.array(
    z.object({
      quarter: z.number(),
      start: z.string(),
      end: z.string(),
      isDue: z.boolean(),
      faceToFaceCount: z.number(),
      phoneCount: z.number(),
      isDone: z.boolean(),
    }),
  ),
  faceToFaceCount: z.number(),
  requiredFaceToFaceCount: z.number(),
  hasHealthCheck: z.boolean(),
  isHealthCheckRequired: z.boolean(),
  shortfalls: z.array(z.string()),
  isCompliant: z.boolean(),
});
export const ZPersonFile = z.object({
  person: z.object({
    id: z.number(),
    name: z.string(),
    sex: z.string(),
    birthDate: z.string(),
    age: z.number(),
    idNumberMasked: z.string(),
    phone: z.string().nullable(),
    villageCode: z.string(),
    villageName: z.string(),
    status: z.string(),
  }),
  year: z.number(),
  enrolments: z.array(
    z.object({
      id: z.number(),
      disease: z.string(),
      diseaseLabel: z.string(),
      managedFrom: z.string(),
      managedUntil: z.string().nullable(),
      endReason: z.string().nullable(),
      nextDueDate: z.string().nullable(),
      hiddenUntil: z.string().nullable(),
      hasStrokeOrHeartAttack: z.boolean(),
      isHighRisk: z.boolean(),
      riskReasons: z.array(z.string()),
      lastVisitDate: z.string().nullable(),
      lastBp: z.string().nullable(),
      lastGlucose: z.string().nullable(),
      tuberculosis: z
        .object({
          notifiedOn: z.string().nullable(),
          firstVisitDueDate: z.string().nullable(),
          firstHomeVisitDate: z.string().nullable(),
          isFirstVisitLate: z.boolean().nullable(),
        })
        .nullable(),
      calendar: ZCalendar.nullable(),
    }),
  ),
  contracts: z.array(ZContractDto),
  visits: z.array(ZVisitResult),
  checkups: z.array(ZCheckupDto),
});
