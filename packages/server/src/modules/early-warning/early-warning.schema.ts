import {
  ASSISTANCE_MEASURES,
  WARNING_RULE_CODES,
  WARNING_RULE_LABELS,
  WARNING_STATUS_LABELS,
  WARNING_STATUSES,
  WARNING_SUBJECT_TYPES,
  ZIsoDate,
  ZWarningRules,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';
import { codeOrLabel } from '../supervision/supervision.schema.ts';

export { ZIdParams } from '../diseases/diseases.schema.ts';

const ZRegionParam = z
  .string()
  .regex(/^\d{6,12}$/, { error: '区域代码应为6到12位数字' })
  .optional();
const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true');

// ------------------------------------------------------------------ rule sets

export const ZRuleSetBody = z.object({
  /** Region the set applies to (default: the caller's region). */
  region: ZRegionParam,
  name: z.string().trim().min(2, { error: '规则名称至少2个字' }).max(60, { error: '规则名称不超过60个字' }),
  effectiveFrom: ZIsoDate,
  rules: ZWarningRules,
  note: z.string().trim().max(500, { error: '说明不超过500个字' }).nullable().optional(),
});
export type TRuleSetBody = z.infer<typeof ZRuleSetBody>;

export const ZRuleSetDto = z.object({
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  version: z.number(),
  name: z.string(),
  effectiveFrom: z.string(),
  rules: ZWarningRules,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** The set that applies today to the caller's own region. */
  isCurrent: z.boolean(),
});

// ------------------------------------------------------------------ runs

export const ZRunBody = z.object({
  region: ZRegionParam,
  /** Evaluation date (default today); never in the future. */
  asOf: ZIsoDate.optional(),
});

const ZRuleCounts = z.object({ evaluated: z.number(), matched: z.number(), disabled: z.number() });
export const ZRunDto = z.object({
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  asOf: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  status: z.enum(['running', 'succeeded', 'failed']),
  totalSteps: z.number(),
  doneSteps: z.number(),
  raised: z.number(),
  refreshed: z.number(),
  byRule: z.record(z.string(), ZRuleCounts),
  skipped: z.array(z.object({ ruleCode: z.string(), reason: z.string(), subjects: z.number() })),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TRunDto = z.infer<typeof ZRunDto>;

// ------------------------------------------------------------------ warnings

export const ZWarningFilter = z.object({
  region: ZRegionParam,
  rule: codeOrLabel(WARNING_RULE_CODES, WARNING_RULE_LABELS).optional(),
  status: codeOrLabel(WARNING_STATUSES, WARNING_STATUS_LABELS).optional(),
  /** 待处置 or 处置中. */
  open: ZBool.optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  runId: z.coerce.number().int().positive().optional(),
  /** The person's own warnings and those of the person's household. */
  personId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
});
export type TWarningFilter = z.infer<typeof ZWarningFilter>;
export const ZWarningListQuery = ZWarningFilter.extend(ZPageQuery.shape);

export const ZWarningDto = z.object({
  id: z.number(),
  ruleCode: z.enum(WARNING_RULE_CODES),
  ruleLabel: z.string(),
  subjectType: z.enum(WARNING_SUBJECT_TYPES),
  personId: z.number().nullable(),
  /** Masked (张*) for callers without access to personal rows. */
  personName: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  householdId: z.number().nullable(),
  householdNo: z.string().nullable(),
  headName: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  townshipName: z.string(),
  periodKey: z.string(),
  raisedOn: z.string(),
  lastSeenOn: z.string(),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  message: z.string(),
  status: z.enum(WARNING_STATUSES),
  statusDate: z.string(),
  disposedOn: z.string().nullable(),
  reason: z.string().nullable(),
  /** Days from raising to disposal, or to today while open. */
  daysOpen: z.number(),
});
export type TWarningDto = z.infer<typeof ZWarningDto>;

export const ZMeasureDto = z.object({
  id: z.number(),
  warningId: z.number().nullable(),
  householdId: z.number().nullable(),
  personId: z.number().nullable(),
  measure: z.enum(ASSISTANCE_MEASURES),
  measureLabel: z.string(),
  date: z.string(),
  amountFen: z.number().nullable(),
  note: z.string().nullable(),
  by: z.string(),
});

export const ZWarningDetailDto = ZWarningDto.extend({
  history: z.array(
    z.object({
      kind: z.enum(['raised', 'status', 'refreshed']),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      date: z.string(),
      note: z.string().nullable(),
      by: z.string(),
    }),
  ),
  measures: z.array(ZMeasureDto),
});

const ZMeasureInput = z.object({
  measure: z.enum(ASSISTANCE_MEASURES, { error: '帮扶措施类型无效' }),
  date: ZIsoDate,
  amountFen: z.number().int().min(0).nullable().optional(),
  note: z.string().trim().max(200, { error: '说明不能超过200个字' }).nullable().optional(),
});

export const ZHandleBody = z.object({
  to: codeOrLabel(WARNING_STATUSES, WARNING_STATUS_LABELS),
  date: ZIsoDate,
  reason: z.string().trim().max(500, { error: '说明不能超过500个字' }).optional(),
  measures: z.array(ZMeasureInput).max(20).default([]),
});
export type THandleBody = z.infer<typeof ZHandleBody>;

export const ZMeasureBody = ZMeasureInput.extend({
  householdId: z.number().int().positive().nullable().optional(),
  personId: z.number().int().positive().nullable().optional(),
});
export const ZMeasureQuery = z.object({
  personId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
});

export const ZHandlingQuery = z.object({
  region: ZRegionParam,
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});
const ZHandlingRow = z.object({
  raised: z.number(),
  disposed: z.number(),
  open: z.number(),
  rateBp: z.number().nullable(),
});
export const ZHandlingDto = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  total: ZHandlingRow,
  children: z.array(ZHandlingRow.extend({ code: z.string(), name: z.string() })),
  byRule: z.array(ZHandlingRow.extend({ ruleCode: z.enum(WARNING_RULE_CODES), ruleLabel: z.string() })),
});
