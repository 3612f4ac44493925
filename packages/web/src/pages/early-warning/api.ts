import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/**
 * Client of the early-warning module (防止因病致贫返贫监测预警): rule sets, runs with progress, warnings and
 * their handling, assistance measures, 预警数 and 处置率. Labels mirror the domain's vocabulary.
 */

export type TRuleCode = 'high_expense' | 'low_income' | 'monitored_no_measure' | 'major_waiting';
export type TWarningStatus = 'pending' | 'handling' | 'handled' | 'excluded';
export type TMeasure =
  | 'include_monitoring'
  | 'medical_assistance'
  | 'temporary_assistance'
  | 'critical_illness_tilt'
  | 'major_disease_treatment'
  | 'family_doctor'
  | 'other';

export const RULE_LABELS: Record<TRuleCode, string> = {
  high_expense: '高额医疗费用',
  low_income: '家庭收入低于监测标准',
  monitored_no_measure: '监测对象未落实帮扶措施',
  major_waiting: '大病患者久未救治',
};
export const RULE_COLORS: Record<TRuleCode, string> = {
  high_expense: 'volcano',
  low_income: 'gold',
  monitored_no_measure: 'purple',
  major_waiting: 'magenta',
};
export const STATUS_LABELS: Record<TWarningStatus, string> = {
  pending: '待处置',
  handling: '处置中',
  handled: '已处置',
  excluded: '已排除',
};
export const STATUS_COLORS: Record<TWarningStatus, string> = {
  pending: 'red',
  handling: 'orange',
  handled: 'green',
  excluded: 'default',
};
/** Allowed next statuses (mirrors the domain machine; the server decides). */
export const NEXT_STATUSES: Record<TWarningStatus, TWarningStatus[]> = {
  pending: ['handling', 'handled', 'excluded'],
  handling: ['handled', 'excluded'],
  handled: [],
  excluded: [],
};
export const MEASURE_LABELS: Record<TMeasure, string> = {
  include_monitoring: '纳入监测对象',
  medical_assistance: '医疗救助',
  temporary_assistance: '临时救助',
  critical_illness_tilt: '大病保险倾斜',
  major_disease_treatment: '大病专项救治',
  family_doctor: '家庭医生签约服务',
  other: '其他帮扶措施',
};
/** Measures whose amount is required (domain PAID_ASSISTANCE_MEASURES). */
export const PAID_MEASURES: TMeasure[] = ['medical_assistance', 'temporary_assistance'];

export type TYearAmount = { year: number; amountFen: number };
export type TRules = {
  highExpense: { enabled: boolean; shareBp: number; incomeBase: TYearAmount[] };
  lowIncome: { enabled: boolean; lines: TYearAmount[]; skipMonitoredAtRisk: boolean };
  monitoredNoMeasure: { enabled: boolean; graceMonths: number };
  majorWaiting: { enabled: boolean; maxWaitingDays: number };
};
export type TRuleSet = {
  id: number;
  regionCode: string;
  regionName: string;
  version: number;
  name: string;
  effectiveFrom: string;
  rules: TRules;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  isCurrent: boolean;
};

export type TRun = {
  id: number;
  regionCode: string;
  regionName: string;
  asOf: string;
  trigger: 'manual' | 'schedule';
  status: 'running' | 'succeeded' | 'failed';
  totalSteps: number;
  doneSteps: number;
  raised: number;
  refreshed: number;
  byRule: Record<string, { evaluated: number; matched: number; disabled: number }>;
  skipped: { ruleCode: string; reason: string; subjects: number }[];
  error: string | null;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
};

export type TWarning = {
  id: number;
  ruleCode: TRuleCode;
  ruleLabel: string;
  subjectType: 'person' | 'household';
  personId: number | null;
  personName: string | null;
  idNumberMasked: string | null;
  householdId: number | null;
  householdNo: string | null;
  headName: string | null;
  villageCode: string;
  villageName: string;
  townshipName: string;
  periodKey: string;
  raisedOn: string;
  lastSeenOn: string;
  facts: Record<string, string | number | null>;
  message: string;
  status: TWarningStatus;
  statusDate: string;
  disposedOn: string | null;
  reason: string | null;
  daysOpen: number;
};
export type TMeasureRecord = {
  id: number;
  warningId: number | null;
  householdId: number | null;
  personId: number | null;
  measure: TMeasure;
  measureLabel: string;
  date: string;
  amountFen: number | null;
  note: string | null;
  by: string;
};
export type TWarningDetail = TWarning & {
  history: {
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    date: string;
    note: string | null;
    by: string;
  }[];
  measures: TMeasureRecord[];
};
export type TWarningFilters = {
  region?: string;
  rule?: TRuleCode;
  status?: TWarningStatus;
  open?: 'true' | 'false';
  personId?: number;
  q?: string;
};
export type TMeasureInput = {
  measure: TMeasure;
  date: string;
  amountFen?: number | null;
  note?: string | null;
};

type THandlingRow = { raised: number; disposed: number; open: number; rateBp: number | null };
export type THandling = {
  region: { code: string; name: string };
  from: string;
  to: string;
  total: THandlingRow;
  children: (THandlingRow & { code: string; name: string })[];
  byRule: (THandlingRow & { ruleCode: TRuleCode; ruleLabel: string })[];
};

export const listRuleSets = () => api.get<TRuleSet[]>('/early-warning/rule-sets');
export const createRuleSet = (body: {
  region?: string;
  name: string;
  effectiveFrom: string;
  rules: TRules;
  note?: string | null;
}) => api.post<TRuleSet>('/early-warning/rule-sets', body);

export const startRun = (body: { region?: string; asOf?: string }) =>
  api.post<TRun>('/early-warning/runs', body);
export const getRun = (id: number) => api.get<TRun>(`/early-warning/runs/${id}`);
export const listRuns = () => api.get<TRun[]>('/early-warning/runs');

export const listWarnings = (params: TWarningFilters & TPageParams) =>
  api.get<TPage<TWarning>>('/early-warning/warnings', { query: params });
export const exportWarnings = (params: TWarningFilters) =>
  requestFile('/early-warning/warnings/export', { query: params });
export const getWarning = (id: number) => api.get<TWarningDetail>(`/early-warning/warnings/${id}`);
export const handleWarning = (
  id: number,
  body: { to: TWarningStatus; date: string; reason?: string; measures: TMeasureInput[] },
) => api.post<TWarningDetail>(`/early-warning/warnings/${id}/handle`, body);
export const handling = (query: { region?: string; from?: string; to?: string }) =>
  api.get<THandling>('/early-warning/handling', { query });
export const listMeasures = (query: { personId?: number; householdId?: number }) =>
  api.get<TMeasureRecord[]>('/early-warning/measures', { query });
