import { api } from '../../app/api/client.ts';

export type TTodoItem = {
  key: string;
  label: string;
  count: number;
  /** Of `count`, those past their due date (only for items that have one). */
  overdueCount?: number;
  /** The page (with its filter) that lists these items. */
  path: string;
};

export type TTodoList = { asOf: string; items: TTodoItem[] };

/** The caller's to-dos in the region being viewed (the caller's own when `region` is undefined). */
export const getTodos = (region: string | undefined) =>
  api.get<TTodoList>('/workbench/todos', { query: region ? { region } : {} });
