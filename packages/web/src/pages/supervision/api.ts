import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/**
 * Client of the supervision module: rounds (督导检查), the problem ledger (问题清单), rectification (整改销号)
 * and 问题整改率 / 清零. Labels mirror the domain's vocabulary (the server decides; the UI only shows).
 */

export type TProblemStatus = 'pending' | 'rectifying' | 'awaiting_acceptance' | 'closed';
export type TProblemCategory = 'policy' | 'contract' | 'follow_up' | 'settlement' | 'records' | 'other';
export type TProblemSeverity = 'general' | 'major' | 'serious';
export type TProblemSource = 'round' | 'superior' | 'daily' | 'complaint';
export type TClearance = 'cleared' | 'not_cleared' | 'no_problems';

export const STATUS_LABELS: Record<TProblemStatus, string> = {
  pending: '待整改',
  rectifying: '整改中',
  awaiting_acceptance: '待验收',
  closed: '已销号',
};
export const STATUS_COLORS: Record<TProblemStatus, string> = {
  pending: 'red',
  rectifying: 'orange',
  awaiting_acceptance: 'blue',
  closed: 'green',
};
export const CATEGORY_LABELS: Record<TProblemCategory, string> = {
  policy: '政策落实',
  contract: '签约履约',
  follow_up: '随访记录',
  settlement: '结算报销',
  records: '档案资料',
  other: '其他',
};
export const SEVERITY_LABELS: Record<TProblemSeverity, string> = {
  general: '一般',
  major: '较重',
  serious: '严重',
};
export const SEVERITY_COLORS: Record<TProblemSeverity, string> = {
  general: 'default',
  major: 'orange',
  serious: 'red',
};
/** Suggested rectification days by severity (domain DEFAULT_RECTIFICATION_DAYS). */
export const DEFAULT_DAYS: Record<TProblemSeverity, number> = { general: 60, major: 30, serious: 15 };
export const SOURCE_LABELS: Record<TProblemSource, string> = {
  round: '督导检查',
  superior: '上级反馈',
  daily: '日常监管',
  complaint: '群众反映',
};
export const CLEARANCE_LABELS: Record<TClearance, string> = {
  cleared: '已清零',
  not_cleared: '未清零',
  no_problems: '未发现问题',
};

export type TRound = {
  id: number;
  countyCode: string;
  kind: 'quarterly' | 'special';
  year: number;
  quarter: number | null;
  name: string;
  startDate: string;
  endDate: string;
  regions: { code: string; name: string }[];
  inspectors: string[];
  leader: string | null;
  summary: string | null;
  phase: 'planned' | 'ongoing' | 'finished';
  problems: { total: number; closed: number; open: number; overdue: number };
};
export type TRoundList = {
  items: TRound[];
  coverage: {
    year: number;
    planned: number;
    done: number;
    quarters: { quarter: number; hasRound: boolean }[];
  };
};
export type TRoundInput = {
  kind: 'quarterly' | 'special';
  quarter: number | null;
  name: string;
  startDate: string;
  endDate: string;
  regionCodes: string[];
  inspectors: string[];
  leader?: string | null;
  summary?: string | null;
};

export type TProblem = {
  id: number;
  problemNo: string;
  roundId: number | null;
  roundName: string | null;
  source: TProblemSource;
  regionCode: string;
  regionName: string;
  townshipName: string;
  householdId: number | null;
  householdNo: string | null;
  personId: number | null;
  personName: string | null;
  category: TProblemCategory;
  description: string;
  severity: TProblemSeverity;
  responsibleUnit: string;
  responsiblePerson: string | null;
  foundOn: string;
  deadline: string;
  status: TProblemStatus;
  statusDate: string;
  closedOn: string | null;
  rectification: string | null;
  isOverdue: boolean;
  daysOverdue: number;
  daysLeft: number | null;
  isClosedLate: boolean;
};
export type TProblemDetail = TProblem & {
  history: {
    kind: 'created' | 'status' | 'evidence' | 'edited';
    fromStatus: string | null;
    toStatus: string | null;
    date: string;
    note: string | null;
    by: string;
    at: string;
  }[];
};
export type TProblemFilters = {
  region?: string;
  roundId?: number;
  status?: TProblemStatus;
  open?: 'true' | 'false';
  overdue?: 'true' | 'false';
  category?: TProblemCategory;
  severity?: TProblemSeverity;
  personId?: number;
  q?: string;
};
export type TProblemInput = {
  roundId: number | null;
  source: TProblemSource;
  regionCode: string;
  householdId?: number | null;
  personId?: number | null;
  category: TProblemCategory;
  description: string;
  severity: TProblemSeverity;
  responsibleUnit: string;
  responsiblePerson?: string | null;
  foundOn: string;
  deadline: string;
};

export type TSummary = {
  found: number;
  closed: number;
  rateBp: number | null;
  open: number;
  overdue: number;
  clearance: TClearance;
};
export type TRectification = {
  region: { code: string; name: string };
  from: string;
  to: string;
  total: TSummary;
  children: (TSummary & { code: string; name: string })[];
  byCategory: (TSummary & { category: TProblemCategory })[];
};

export const listRounds = (query: { year?: number; region?: string }) =>
  api.get<TRoundList>('/supervision/rounds', { query });
export const createRound = (body: TRoundInput) => api.post<TRound>('/supervision/rounds', body);
export const updateRound = (id: number, body: TRoundInput) =>
  api.put<TRound>(`/supervision/rounds/${id}`, body);

export const listProblems = (params: TProblemFilters & TPageParams) =>
  api.get<TPage<TProblem>>('/supervision/problems', { query: params });
export const exportProblems = (params: TProblemFilters) =>
  requestFile('/supervision/problems/export', { query: params });
export const getProblem = (id: number) => api.get<TProblemDetail>(`/supervision/problems/${id}`);
export const createProblem = (body: TProblemInput) => api.post<TProblemDetail>('/supervision/problems', body);
export const updateProblem = (
  id: number,
  body: { deadline?: string; reason: string; responsiblePerson?: string | null },
) => api.patch<TProblemDetail>(`/supervision/problems/${id}`, body);
export const changeProblemStatus = (id: number, body: { to: TProblemStatus; date: string; note?: string }) =>
  api.post<TProblemDetail>(`/supervision/problems/${id}/status`, body);
export const addEvidence = (id: number, body: { note: string; date?: string }) =>
  api.post<TProblemDetail>(`/supervision/problems/${id}/evidence`, body);
export const rectification = (query: { region?: string; from?: string; to?: string }) =>
  api.get<TRectification>('/supervision/rectification', { query });
