import {
  CLEARANCE_STATUSES,
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_SEVERITIES,
  PROBLEM_SEVERITY_LABELS,
  PROBLEM_SOURCES,
  PROBLEM_STATUS_LABELS,
  PROBLEM_STATUSES,
  ROUND_KINDS,
  ZIsoDate,
} from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

/** Accepts a code ('closed') or its Chinese label ('已销号'). */
export function codeOrLabel<S extends string>(
  codes: readonly [S, ...S[]],
  labels: Readonly<Record<S, string>>,
) {
  const byLabel = new Map(Object.entries(labels).map(([code, label]) => [label as string, code]));
  return z.preprocess(
    (value) => (typeof value === 'string' ? (byLabel.get(value.trim()) ?? value.trim()) : value),
    z.enum(codes),
  );
}

export { ZIdParams } from '../diseases/diseases.schema.ts';

const ZRegionParam = z
  .string()
  .regex(/^\d{6,12}$/, { error: '区域代码应为6到12位数字' })
  .optional();
const ZText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${what}不能超过${max}个字` });

export const ZRoundBody = z.object({
  kind: z.enum(ROUND_KINDS),
  quarter: z.number().int().min(1).max(4).nullable().default(null),
  name: ZText(60, '督导名称').default(''),
  startDate: ZIsoDate,
  endDate: ZIsoDate,
  regionCodes: z
    .array(z.string().regex(/^\d{9}(\d{3})?$/, { error: '督导范围应为9位乡镇或12位村级区划代码' }))
    .max(200),
  inspectors: z.array(ZText(20, '督导人员姓名')).max(20),
  leader: ZText(20, '带队领导').nullable().optional(),
  summary: ZText(2000, '督导总结').nullable().optional(),
});
export type TRoundBody = z.infer<typeof ZRoundBody>;

export const ZRoundListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  region: ZRegionParam,
});

export const ZRoundDto = z.object({
  id: z.number(),
  countyCode: z.string(),
  kind: z.enum(ROUND_KINDS),
  year: z.number(),
  quarter: z.number().nullable(),
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  regions: z.array(z.object({ code: z.string(), name: z.string() })),
  inspectors: z.array(z.string()),
  leader: z.string().nullable(),
  summary: z.string().nullable(),
  /** 未开始 / 进行中 / 已结束 on today's date. */
  phase: z.enum(['planned', 'ongoing', 'finished']),
  problems: z.object({ total: z.number(), closed: z.number(), open: z.number(), overdue: z.number() }),
});
export type TRoundDto = z.infer<typeof ZRoundDto>;

export const ZRoundList = z.object({
  items: z.array(ZRoundDto),
  coverage: z.object({
    year: z.number(),
    planned: z.number(),
    done: z.number(),
    quarters: z.array(z.object({ quarter: z.number(), hasRound: z.boolean() })),
  }),
});

export const ZProblemBody = z.object({
  roundId: z.number().int().positive().nullable().default(null),
  source: z.enum(PROBLEM_SOURCES).default('round'),
  regionCode: z.string().regex(/^\d{9}(\d{3})?$/, { error: '所在区域应为9位乡镇或12位村级区划代码' }),
  householdId: z.number().int().positive().nullable().optional(),
  personId: z.number().int().positive().nullable().optional(),
  category: codeOrLabel(PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS),
  description: ZText(1000, '问题描述'),
  severity: codeOrLabel(PROBLEM_SEVERITIES, PROBLEM_SEVERITY_LABELS).default('general'),
  responsibleUnit: ZText(60, '责任单位'),
  responsiblePerson: ZText(20, '责任人').nullable().optional(),
  foundOn: ZIsoDate,
  deadline: ZIsoDate,
});
export type TProblemBody = z.infer<typeof ZProblemBody>;

/** Edits of an open problem; every edit needs a reason (e.g. 延期整改 with the approval). */
export const ZProblemPatch = z.object({
  category: codeOrLabel(PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS).optional(),
  description: ZText(1000, '问题描述').optional(),
  severity: codeOrLabel(PROBLEM_SEVERITIES, PROBLEM_SEVERITY_LABELS).optional(),
  responsibleUnit: ZText(60, '责任单位').optional(),
  responsiblePerson: ZText(20, '责任人').nullable().optional(),
  deadline: ZIsoDate.optional(),
  reason: ZText(200, '修改原因').min(2, { error: '请填写修改原因（至少2个字）' }),
});
export type TProblemPatch = z.infer<typeof ZProblemPatch>;

export const ZProblemStatusBody = z.object({
  to: codeOrLabel(PROBLEM_STATUSES, PROBLEM_STATUS_LABELS),
  date: ZIsoDate,
  note: ZText(1000, '说明').optional(),
});

export const ZEvidenceBody = z.object({
  note: ZText(1000, '佐证说明').min(5, { error: '佐证说明至少5个字' }),
  date: ZIsoDate.optional(),
});

const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZProblemFilter = z.object({
  region: ZRegionParam,
  roundId: z.coerce.number().int().positive().optional(),
  status: codeOrLabel(PROBLEM_STATUSES, PROBLEM_STATUS_LABELS).optional(),
  /** Open (not 已销号), whatever the status. */
  open: ZBool.optional(),
  overdue: ZBool.optional(),
  category: codeOrLabel(PROBLEM_CATEGORIES, PROBLEM_CATEGORY_LABELS).optional(),
  severity: codeOrLabel(PROBLEM_SEVERITIES, PROBLEM_SEVERITY_LABELS).optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  personId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
});
export type TProblemFilter = z.infer<typeof ZProblemFilter>;
export const ZProblemListQuery = ZProblemFilter.extend(ZPageQuery.shape);

export const ZProblemDto = z.object({
  id: z.number(),
  problemNo: z.string(),
  roundId: z.number().nullable(),
  roundName: z.string().nullable(),
  source: z.enum(PROBLEM_SOURCES),
  regionCode: z.string(),
  regionName: z.string(),
  townshipName: z.string(),
  householdId: z.number().nullable(),
  householdNo: z.string().nullable(),
  personId: z.number().nullable(),
  /** Masked (张*) for callers without access to personal rows. */
  personName: z.string().nullable(),
  category: z.enum(PROBLEM_CATEGORIES),
  description: z.string(),
  severity: z.enum(PROBLEM_SEVERITIES),
  responsibleUnit: z.string(),
  responsiblePerson: z.string().nullable(),
  foundOn: z.string(),
  deadline: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  statusDate: z.string(),
  closedOn: z.string().nullable(),
  rectification: z.string().nullable(),
  isOverdue: z.boolean(),
  daysOverdue: z.number(),
  daysLeft: z.number().nullable(),
  isClosedLate: z.boolean(),
});
export type TProblemDto = z.infer<typeof ZProblemDto>;

export const ZProblemDetailDto = ZProblemDto.extend({
  history: z.array(
    z.object({
      kind: z.enum(['created', 'status', 'evidence', 'edited']),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      date: z.string(),
      note: z.string().nullable(),
      by: z.string(),
      at: z.string(),
    }),
  ),
});

export const ZRectificationQuery = z.object({
  region: ZRegionParam,
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});

const ZSummary = z.object({
  found: z.number(),
  closed: z.number(),
  rateBp: z.number().nullable(),
  open: z.number(),
  overdue: z.number(),
  clearance: z.enum(CLEARANCE_STATUSES),
});
export const ZRectificationDto = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  total: ZSummary,
  children: z.array(ZSummary.extend({ code: z.string(), name: z.string() })),
  byCategory: z.array(ZSummary.extend({ category: z.enum(PROBLEM_CATEGORIES) })),
});
