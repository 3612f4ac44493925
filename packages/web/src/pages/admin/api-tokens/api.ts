import { api } from '../../../app/api/client.ts';
import type { TPage, TPageParams } from '../../../app/api/types.ts';

export type TApiTokenStatus = 'active' | 'revoked' | 'expired';

/** An institution's API token as listed (the secret itself is never sent again). */
export type TApiToken = {
  id: number;
  name: string;
  institutionCode: string;
  institutionName: string | null;
  regionCode: string;
  regionName: string;
  permissions: string[];
  tokenPrefix: string;
  status: TApiTokenStatus;
  expiresAt: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
};

export type TApiTokenFilters = { status?: TApiTokenStatus; q?: string };

export type TInstitutionOption = {
  code: string;
  name: string;
  level: string;
  regionCode: string;
  countyCode: string;
};

export type TIssueTokenInput = {
  name: string;
  institutionCode: string;
  regionCode?: string;
  /** Last valid day, YYYY-MM-DD. */
  expiresOn: string;
  permissions: string[];
};

export const STATUS_LABELS: Record<TApiTokenStatus, { label: string; color: string }> = {
  active: { label: '有效', color: 'green' },
  revoked: { label: '已吊销', color: 'red' },
  expired: { label: '已过期', color: 'default' },
};

/** Permissions a token may hold, with their Chinese names (the server checks the same list). */
export const TOKEN_PERMISSION_LABELS: Record<string, string> = {
  'identity.check': '就医身份识别（单个与批量）',
};

export function listApiTokens(params: TApiTokenFilters & TPageParams): Promise<TPage<TApiToken>> {
  return api.get<TPage<TApiToken>>('/api-tokens', { query: params });
}

export function listInstitutionOptions(q?: string): Promise<TInstitutionOption[]> {
  return api.get<TInstitutionOption[]>('/api-tokens/institutions', { query: { q } });
}

export function issueApiToken(input: TIssueTokenInput): Promise<{ token: TApiToken; secret: string }> {
  return api.post<{ token: TApiToken; secret: string }>('/api-tokens', input);
}

export function revokeApiToken(id: number, reason: string): Promise<TApiToken> {
  return api.post<TApiToken>(`/api-tokens/${id}/revoke`, reason ? { reason } : undefined);
}
