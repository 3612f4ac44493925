import { COMPARISON_FIELDS, COMPARISON_KINDS } from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZComparisonIdParams = z.object({ id: z.coerce.number().int().positive() });

export const ZRowErrorDto = z.object({
  rowNumber: z.number().int(),
  column: z.string(),
  message: z.string(),
});

export const ZComparisonDto = z.object({
  id: z.number().int(),
  fileName: z.string(),
  checksum: z.string(),
  sourceDepartment: z.string(),
  sourceLabel: z.string(),
  coverage: z.enum(['villages', 'scope']),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  status: z.enum(['processing', 'completed', 'failed']),
  processedRows: z.number().int(),
  totalRows: z.number().int().nullable(),
  /** total, invalid, compared, outOfScope, villages, onlyInList, onlyInRegistry, different, same. */
  counts: z.record(z.string(), z.number()),
  columns: z.array(z.string()),
  /** The first row errors of a refused file (counts.invalid says how many rows had errors). */
  errors: z.array(ZRowErrorDto),
  errorMessage: z.string().nullable(),
  asOf: z.string(),
  userName: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  /** The run this one repeats (重新对比 of the same stored list), or null for an uploaded file. */
  rerunOf: z.number().int().nullable(),
});
export type TComparisonDto = z.infer<typeof ZComparisonDto>;

export const ZUploadResponse = z.object({
  run: ZComparisonDto,
  /** The same file was compared in the same scope before: its run is returned, nothing new is stored. */
  isExisting: z.boolean(),
});

const ZRegionPrefix = z
  .string()
  .trim()
  .regex(/^\d{6,12}$/, '区划代码应为6至12位数字');

export const ZRowsQuery = ZPageQuery.extend({
  kind: z.enum(COMPARISON_KINDS, '对比结果类型不正确'),
  regionCode: ZRegionPrefix.optional(),
  field: z.enum(COMPARISON_FIELDS, '字段不正确').optional(),
  q: z.string().trim().max(50).optional(),
});
export type TRowsQuery = z.infer<typeof ZRowsQuery>;

export const ZExportQuery = ZRowsQuery.omit({ page: true, pageSize: true }).extend({
  kind: z.enum(COMPARISON_KINDS, '对比结果类型不正确').optional(),
});
export type TExportQuery = z.infer<typeof ZExportQuery>;

export const ZRerunBody = z
  .strictObject({
    /** Answer when the re-run has ended (tests, scripts); otherwise 202 at once and poll the run. */
    wait: z.boolean().default(false),
  })
  .default({ wait: false });

export const ZOnlyInListTemplateQuery = z.strictObject({ regionCode: ZRegionPrefix.optional() });
export type TOnlyInListTemplateQuery = z.infer<typeof ZOnlyInListTemplateQuery>;

export const ZDifferenceDto = z.object({
  field: z.string(),
  listValue: z.string().nullable(),
  registryValue: z.string().nullable(),
});

export const ZComparisonRowDto = z.object({
  id: z.number().int(),
  kind: z.enum(COMPARISON_KINDS),
  rowNumber: z.number().int().nullable(),
  idNumberMasked: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string().nullable(),
  personId: z.number().int().nullable(),
  fields: z.array(z.string()),
  differences: z.array(ZDifferenceDto),
  detail: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
  verificationTaskId: z.number().int().nullable(),
  taskStatus: z.enum(['open', 'completed', 'cancelled']).nullable(),
});
export type TComparisonRowDto = z.infer<typeof ZComparisonRowDto>;

export const ZCreateTasksBody = z
  .strictObject({
    /** Rows chosen in the table; or every row of `kind` (with the filters) when absent. */
    rowIds: z.array(z.number().int().positive()).min(1, '请至少选择一行').max(5000).optional(),
    kind: z
      .enum(['only_in_registry', 'different'], '只有“仅系统有”和“信息不一致”的人员可以生成核实任务')
      .optional(),
    regionCode: ZRegionPrefix.optional(),
    field: z.enum(COMPARISON_FIELDS, '字段不正确').optional(),
    q: z.string().trim().max(50).optional(),
    assignTo: z.enum(['township', 'village'], '指派层级应为乡镇或村').default('township'),
  })
  .refine((body) => body.rowIds !== undefined || body.kind !== undefined, {
    message: '请选择要核实的行，或指定结果类型',
  });
export type TCreateTasksBody = z.infer<typeof ZCreateTasksBody>;

export const ZCreateTasksResult = z.object({
  /** New 入户核实 tasks. */
  created: z.number().int(),
  /** Rows whose person already had an open task (linked to it, no second task). */
  alreadyOpen: z.number().int(),
  /** Rows that already had a task from this comparison. */
  alreadyLinked: z.number().int(),
  /** Rows without a registered person in scope (仅名单有): register them by import instead. */
  notApplicable: z.number().int(),
});
