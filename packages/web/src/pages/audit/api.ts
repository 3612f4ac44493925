import type { Role } from '@healthaid/domain/access';
import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';
import type { TAuditResult } from '../../locales/zh-CN/labels.ts';

export type TAuditEvent = {
  id: string;
  /** ISO timestamp. */
  occurredAt: string;
  userId: string | null;
  username: string | null;
  role: Role | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  regionCode: string | null;
  regionName: string | null;
  clientIp: string | null;
  result: TAuditResult;
  /** The user viewed a full (unmasked) ID card number. */
  idUnmasked: boolean;
  requestId: string | null;
  detail: Record<string, unknown> | null;
};

export type TAuditFilters = {
  /** 'YYYY-MM-DD', inclusive. */
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  entityType?: string;
  result?: TAuditResult;
};

export function listAuditEvents(params: TAuditFilters & TPageParams): Promise<TPage<TAuditEvent>> {
  return api.get<TPage<TAuditEvent>>('/audit-events', { query: params });
}

/** The .xlsx export of every event matching the filters. */
export function exportAuditEvents(filters: TAuditFilters): Promise<{ blob: Blob; filename: string | null }> {
  return requestFile('/audit-events/export', { query: filters });
}

/** Fallback file name when the server sends no Content-Disposition. */
export function buildExportFilename(filters: TAuditFilters): string {
  const range = [filters.from, filters.to].filter(Boolean).join('至');
  return range ? `审计日志_${range}.xlsx` : '审计日志.xlsx';
}
