import { toApiError, toNetworkError } from '../../../app/api/api-error.ts';
import { API_BASE, api, CSRF_HEADER, getCsrfToken, requestFile } from '../../../app/api/client.ts';
import type { TPage, TPageParams } from '../../../app/api/types.ts';

export const SOURCE_DEPARTMENTS = ['扶贫办', '民政', '医保局'] as const;
export type TSourceDepartment = (typeof SOURCE_DEPARTMENTS)[number];

export type TBatchStatus = 'processing' | 'previewed' | 'committed' | 'failed';

export type TImportBatch = {
  id: number;
  fileName: string;
  checksum: string;
  sourceDepartment: string | null;
  isFullList: boolean;
  status: TBatchStatus;
  processedRows: number;
  totalRows: number | null;
  /** total, new, changed, unchanged, invalid, householdsNew, householdsChanged, missing; committed* after commit. */
  counts: Record<string, number>;
  columns: string[];
  errorMessage: string | null;
  userName: string | null;
  createdAt: string;
  committedAt: string | null;
  sameFileBatchId?: number | null;
};

export type TRowError = { rowNumber: number; column: string; message: string };

export type TPreviewResponse = { batch: TImportBatch; errors: { items: TRowError[]; total: number } };

export type TCommitResult = {
  batchId: number;
  alreadyCommitted: boolean;
  new: number;
  changed: number;
  unchanged: number;
  flagged: number;
  householdsNew: number;
  householdsChanged: number;
};

/** Uploads a list (multipart) and starts its validation in the background; poll getBatch for progress. */
export async function uploadPersonList(options: {
  file: File;
  sourceDepartment: TSourceDepartment;
  isFullList: boolean;
}): Promise<TPreviewResponse> {
  const form = new FormData();
  form.append('sourceDepartment', options.sourceDepartment);
  form.append('isFullList', String(options.isFullList));
  form.append('file', options.file, options.file.name);
  const token = getCsrfToken();
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/imports/persons/preview`, {
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
  return body as TPreviewResponse;
}

export const getBatch = (id: number) => api.get<TImportBatch>(`/imports/batches/${id}`);

export const listBatches = (params: TPageParams) =>
  api.get<TPage<TImportBatch>>('/imports/batches', { query: params });

export const listBatchErrors = (id: number, params: TPageParams) =>
  api.get<TPage<TRowError>>(`/imports/batches/${id}/errors`, { query: params });

export const commitBatch = (id: number) => api.post<TCommitResult>(`/imports/batches/${id}/commit`);

export const downloadTemplate = () => requestFile('/imports/persons/template');

export const downloadErrors = (id: number) => requestFile(`/imports/batches/${id}/errors.xlsx`);
