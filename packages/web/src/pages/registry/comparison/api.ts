import type {
  ComparisonField,
  ComparisonKind,
  ComparisonSource,
} from '@healthaid/domain/registry-comparison';
import { toApiError, toNetworkError } from '../../../app/api/api-error.ts';
import { API_BASE, api, CSRF_HEADER, getCsrfToken, requestFile } from '../../../app/api/client.ts';
import type { TPage, TPageParams } from '../../../app/api/types.ts';

export type TComparisonStatus = 'processing' | 'completed' | 'failed';
export type TCoverage = 'villages' | 'scope';
export type TRowError = { rowNumber: number; column: string; message: string };

export type TComparison = {
  id: number;
  fileName: string;
  checksum: string;
  sourceDepartment: string;
  sourceLabel: string;
  coverage: TCoverage;
  regionCode: string;
  regionName: string | null;
  status: TComparisonStatus;
  processedRows: number;
  totalRows: number | null;
  /** total, invalid, compared, outOfScope, villages, onlyInList, onlyInRegistry, different, same. */
  counts: Record<string, number>;
  columns: string[];
  errors: TRowError[];
  errorMessage: string | null;
  asOf: string;
  userName: string | null;
  createdAt: string;
  completedAt: string | null;
  /** The run this one repeats (重新对比 of the same list), or null for an uploaded file. */
  rerunOf: number | null;
};

export type TDifference = { field: ComparisonField; listValue: string | null; registryValue: string | null };

export type TComparisonRow = {
  id: number;
  kind: ComparisonKind;
  rowNumber: number | null;
  idNumberMasked: string;
  name: string;
  villageCode: string;
  villageName: string | null;
  personId: number | null;
  fields: ComparisonField[];
  differences: TDifference[];
  detail: { householdNo?: string; relation?: string; categories?: string[]; status?: string } | null;
  note: string | null;
  verificationTaskId: number | null;
  taskStatus: 'open' | 'completed' | 'cancelled' | null;
};

export type TRowFilters = {
  runId: number | null;
  kind: ComparisonKind;
  regionCode?: string | undefined;
  field?: ComparisonField | undefined;
  q?: string | undefined;
};

export type TCreateTasksResult = {
  created: number;
  alreadyOpen: number;
  alreadyLinked: number;
  notApplicable: number;
};

/** Uploads a list (multipart) and starts its comparison in the background; poll getComparison for progress. */
export async function uploadComparison(options: {
  file: File;
  sourceDepartment: ComparisonSource;
  coverage: TCoverage;
}): Promise<{ run: TComparison; isExisting: boolean }> {
  const form = new FormData();
  form.append('sourceDepartment', options.sourceDepartment);
  form.append('coverage', options.coverage);
  form.append('file', options.file, options.file.name);
  const token = getCsrfToken();
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/comparisons`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}) },
      body: form,
    });
  } catch {
    throw toNetworkError();
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw toApiError(response.status, body);
  }
  return body as { run: TComparison; isExisting: boolean };
}

/** 重新对比: the stored list of a completed run compared again with the registry as it is now. */
export const rerunComparison = (id: number) =>
  api.post<{ run: TComparison; isExisting: boolean }>(`/comparisons/${id}/rerun`, {});

export const getComparison = (id: number) => api.get<TComparison>(`/comparisons/${id}`);

export const listComparisons = (params: TPageParams) =>
  api.get<TPage<TComparison>>('/comparisons', { query: params });

const rowQuery = ({ runId: _runId, ...filters }: Omit<TRowFilters, 'kind'> & { kind?: ComparisonKind }) =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string | number
  >;

/** One page of result rows of a kind (an empty page while no comparison is open). */
export const listComparisonRows = (params: TRowFilters & TPageParams): Promise<TPage<TComparisonRow>> =>
  params.runId === null
    ? Promise.resolve({ items: [], total: 0, page: 1, pageSize: params.pageSize })
    : api.get<TPage<TComparisonRow>>(`/comparisons/${params.runId}/rows`, { query: rowQuery(params) });

export const downloadComparisonRows = (runId: number, filters: Omit<TRowFilters, 'runId'>) =>
  requestFile(`/comparisons/${runId}/rows.xlsx`, { query: rowQuery({ ...filters, runId }) });

/** 仅名单有 filled into the person-import template (full ID numbers; the download is audited). */
export const downloadOnlyInListTemplate = (runId: number, regionCode: string | undefined) =>
  requestFile(`/comparisons/${runId}/only-in-list.xlsx`, { query: regionCode ? { regionCode } : {} });

export const downloadComparisonErrors = (runId: number) => requestFile(`/comparisons/${runId}/errors.xlsx`);

export const createComparisonTasks = (
  runId: number,
  body: {
    rowIds?: number[];
    kind?: 'only_in_registry' | 'different';
    regionCode?: string;
    field?: ComparisonField;
    q?: string;
    assignTo: 'township' | 'village';
  },
) => api.post<TCreateTasksResult>(`/comparisons/${runId}/tasks`, body);
