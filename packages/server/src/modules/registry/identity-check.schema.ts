import { HOSPITAL_LEVELS, PERSON_STATUSES, REGISTRY_CATEGORIES, VISIT_TYPES } from '@healthaid/domain';
import { z } from 'zod';
import { ZIsoDate } from './registry.schema.ts';

const ZIdText = z.string().trim().min(1, '身份证号不能为空').max(40, '身份证号过长');

export const ZIdentityCheckQuery = z.object({ idNumber: ZIdText, date: ZIsoDate.optional() });
export const ZIdentityParams = z.object({ idNumber: ZIdText });
export const ZIdentityDateQuery = z.object({ date: ZIsoDate.optional() });

export const ZIdentityBatchBody = z.strictObject({
  /** Date of every item without its own (default: today in China). */
  date: ZIsoDate.optional(),
  items: z
    .array(
      z.union([
        ZIdText,
        // Dates of items are checked per item, so one bad date fails only its own item.
        z.strictObject({ idNumber: ZIdText, date: z.string().max(20).optional() }),
      ]),
      { error: 'items 应为身份证号列表' },
    )
    .min(1, '至少提供一个身份证号')
    .max(500, '一次最多查询 500 个身份证号'),
});
export type TIdentityBatchBody = z.infer<typeof ZIdentityBatchBody>;

const ZLevels = z.array(z.enum(HOSPITAL_LEVELS));
const ZVisitTypes = z.array(z.enum(VISIT_TYPES));

export const ZIdentityCheckDto = z.object({
  idNumberMasked: z.string(),
  date: z.string(),
  found: z.boolean(),
  nameMasked: z.string().nullable(),
  sex: z.enum(['M', 'F']).nullable(),
  age: z.number().int().nullable(),
  villageName: z.string().nullable(),
  status: z.enum(PERSON_STATUSES).nullable(),
  /** Enrolled in basic medical insurance (参保). */
  isInsured: z.boolean().nullable(),
  categories: z.array(z.object({ code: z.enum(REGISTRY_CATEGORIES), label: z.string() })),
  /** 四类人员 (低保, 特困, 重残, 建档立卡/脱贫) on that date. */
  isPriorityGroup: z.boolean(),
  /** 先诊疗后付费 under the published policy set in force for the person's region on the date. */
  treatFirstPayLater: z.object({
    applies: z.boolean(),
    levels: ZLevels,
    visitTypes: ZVisitTypes,
    description: z.string(),
  }),
  /** 个人自付上限 (one-stop settlement cap) under the same policy set. */
  selfPayCap: z.object({
    applies: z.boolean(),
    levels: z.array(z.object({ level: z.enum(HOSPITAL_LEVELS), capRateBp: z.number().int() })),
    visitTypes: ZVisitTypes,
    base: z.enum(['total', 'policy_scope']).nullable(),
    description: z.string(),
  }),
  policySet: z.object({ code: z.string(), name: z.string(), version: z.number().int() }).nullable(),
  /** The family-doctor contract in force on the date. */
  familyDoctor: z
    .object({
      teamName: z.string(),
      doctorName: z.string().nullable(),
      doctorPhone: z.string().nullable(),
      institutionName: z.string().nullable(),
      contractNo: z.string(),
      startDate: z.string(),
      endDate: z.string(),
    })
    .nullable(),
  /** Major-disease treatment cases (救治台账) still open on the date. */
  openTreatmentCases: z.array(
    z.object({
      itemCode: z.string().nullable(),
      itemName: z.string().nullable(),
      status: z.string(),
      statusLabel: z.string(),
      openedOn: z.string(),
    }),
  ),
  message: z.string(),
});
export type TIdentityCheckDto = z.infer<typeof ZIdentityCheckDto>;

export const ZIdentityBatchDto = z.object({
  date: z.string(),
  total: z.number().int(),
  found: z.number().int(),
  notFound: z.number().int(),
  invalid: z.number().int(),
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ index: z.number().int(), ok: z.literal(true), result: ZIdentityCheckDto }),
      z.object({
        index: z.number().int(),
        ok: z.literal(false),
        error: z.object({ code: z.string(), message: z.string() }),
      }),
    ]),
  ),
});
