import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZBatchIdParams = z.object({ id: z.coerce.number().int().positive() });

export const ZBatchDto = z.object({
  id: z.number().int(),
  fileName: z.string(),
  checksum: z.string(),
  sourceDepartment: z.string().nullable(),
  isFullList: z.boolean(),
  status: z.enum(['processing', 'previewed', 'committed', 'failed']),
  processedRows: z.number().int(),
  totalRows: z.number().int().nullable(),
  counts: z.record(z.string(), z.number()),
  columns: z.array(z.string()),
  errorMessage: z.string().nullable(),
  userName: z.string().nullable(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});

export const ZBatchDetail = ZBatchDto.extend({ sameFileBatchId: z.number().int().nullable() });

export const ZRowErrorDto = z.object({
  rowNumber: z.number().int(),
  column: z.string(),
  message: z.string(),
});

export const ZErrorsQuery = ZPageQuery;

export const ZPreviewResponse = z.object({
  batch: ZBatchDetail,
  errors: z.object({ items: z.array(ZRowErrorDto), total: z.number().int() }),
});

export const ZCommitResult = z.object({
  batchId: z.number().int(),
  alreadyCommitted: z.boolean(),
  new: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  flagged: z.number().int(),
  householdsNew: z.number().int(),
  householdsChanged: z.number().int(),
});
