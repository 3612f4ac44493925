import { api, requestFile } from '../../app/api/client.ts';

export type TStatCell = { value: number | null; display: string };
export type TStatRow = { code: string; name: string; cells: Record<string, TStatCell> };
export type TStatTable = {
  code: string;
  title: string;
  note: string;
  groups: { title: string; columns: { key: string; title: string }[] }[];
  region: { code: string; name: string };
  to: string;
  rows: TStatRow[];
  total: TStatRow;
};

export const listTables = () =>
  api.get<{ items: { code: string; title: string; note: string }[] }>('/statistics/tables');
export const getTable = (code: string, query: { region: string; to: string }) =>
  api.get<TStatTable>(`/statistics/tables/${encodeURIComponent(code)}`, { query });
export const exportTable = (code: string, query: { region: string; to: string }) =>
  requestFile(`/statistics/tables/${encodeURIComponent(code)}.xlsx`, { query });
export const printTableUrl = (code: string, query: { region: string; to: string }) =>
  `/api/v1/statistics/tables/${encodeURIComponent(code)}.html?${new URLSearchParams(query)}`;
