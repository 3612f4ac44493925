import { z } from 'zod';

export const WORK_ITEM_KEYS = [
  'verification',
  'diagnoses',
  'followups',
  'contracts',
  'warnings',
  'problems',
  'imports',
] as const;
export type WorkItemKey = (typeof WORK_ITEM_KEYS)[number];

export const ZTodoQuery = z.object({
  /** The region the caller is viewing (inside the caller's own); the caller's own region when absent. */
  region: z.string().trim().min(1).optional(),
});

export const ZTodoItem = z.object({
  key: z.enum(WORK_ITEM_KEYS),
  label: z.string(),
  count: z.number().int(),
  /** Of `count`, those past their due date (only for items that have one). */
  overdueCount: z.number().int().optional(),
  /** The web page with the filter that lists exactly these `count` rows. */
  path: z.string(),
});
export type TTodoItem = z.infer<typeof ZTodoItem>;

export const ZTodoList = z.object({
  /** The server's today (China), the date the counts are for. */
  asOf: z.string(),
  items: z.array(ZTodoItem),
});
