import { DISEASE_LINES, ZCatalogItem, ZIsoDate, ZStableCode } from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';
import { ZCatalogDto } from './diseases.schema.ts';

export const ZCatalogParams = z.object({ code: ZStableCode });
export const ZCatalogItemParams = z.object({ code: ZStableCode, itemCode: ZStableCode });

const ZItemDto = z.object({
  code: z.string(),
  name: z.string(),
  icdPatterns: z.array(z.string()),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
});

export const ZCatalogSummaryDto = ZCatalogDto.extend({
  statusLabel: z.string(),
  source: z.enum(['builtin', 'local']),
  basedOn: z.string().nullable(),
  regionName: z.string().nullable(),
  publishedBy: z.string().nullable(),
  canEdit: z.boolean(),
});
export type TCatalogSummaryDto = z.infer<typeof ZCatalogSummaryDto>;

export const ZCatalogDetailDto = ZCatalogSummaryDto.extend({
  /** Own items plus inherited ones (extends flattened): what classification uses. */
  resolvedItems: z.array(ZItemDto.extend({ isInherited: z.boolean() })),
  problems: z.array(z.string()),
  runs: z.array(
    z.object({
      id: z.number(),
      countyCode: z.string(),
      persons: z.number(),
      diagnoses: z.number(),
      moves: z.number(),
      changes: z.number(),
      appliedBy: z.string().nullable(),
      appliedAt: z.string(),
    }),
  ),
});

export const ZDraftCreateBody = z.object({
  /** copy: a new version copying the source's own items; extend: a local list adding items to the source. */
  mode: z.enum(['copy', 'extend']),
  sourceCode: ZStableCode,
  code: ZStableCode,
  name: z.string().trim().min(1, { error: '目录名称不能为空' }).max(80, { error: '目录名称不能超过80个字' }),
  version: z
    .string()
    .trim()
    .min(1, { error: '目录版本不能为空' })
    .max(20, { error: '目录版本不能超过20个字' }),
  effectiveFrom: ZIsoDate,
  effectiveTo: ZIsoDate.optional(),
});

export const ZDraftPatchBody = z.object({
  name: z.string().trim().min(1, { error: '目录名称不能为空' }).max(80).optional(),
  version: z.string().trim().min(1, { error: '目录版本不能为空' }).max(20).optional(),
  effectiveFrom: ZIsoDate.optional(),
  effectiveTo: ZIsoDate.nullable().optional(),
});

export const ZItemBody = ZCatalogItem;

export const ZPublishBody = z.object({
  /** The number of moves the user saw in the preview; refused (409) when the data changed since. */
  expectedMoves: z.number().int().min(0).optional(),
});

export const ZPreviewQuery = ZPageQuery.extend({
  onlyMoves: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(true),
});

const ZLine = z.enum(DISEASE_LINES).nullable();
export const ZReclassificationDto = z.object({
  catalogCode: z.string(),
  asIfPublished: z.boolean(),
  persons: z.number(),
  diagnoses: z.number(),
  moves: z.number(),
  itemChanges: z.number(),
  unchanged: z.number(),
  counts: z.array(
    z.object({ from: ZLine, to: ZLine, fromLabel: z.string(), toLabel: z.string(), count: z.number() }),
  ),
  items: z.array(
    z.object({
      personId: z.number(),
      personName: z.string(),
      villageCode: z.string(),
      diagnosisId: z.number(),
      diagnosisName: z.string(),
      icdCode: z.string().nullable(),
      diagnosedOn: z.string(),
      from: ZLine,
      to: ZLine,
      fromLabel: z.string(),
      toLabel: z.string(),
      fromItemName: z.string().nullable(),
      toItemName: z.string().nullable(),
      reason: z.string().nullable(),
      isMove: z.boolean(),
      hasTreatmentCase: z.boolean(),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type TReclassificationDto = z.infer<typeof ZReclassificationDto>;

export const ZRunChangesQuery = ZPageQuery;
export const ZRunParams = z.object({ code: ZStableCode, runId: z.coerce.number().int().positive() });
