import { toApiError, toNetworkError } from '../../app/api/api-error.ts';
import { API_BASE, api, CSRF_HEADER, getCsrfToken, requestFile } from '../../app/api/client.ts';
import { buildQuery } from '../../app/api/query-string.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/** Client of the one-stop settlement window (一站式结算). Money is integer fen throughout. */

export type THospitalLevel = 'township' | 'county' | 'city' | 'province';
export type TVisitType = 'inpatient' | 'outpatient_chronic' | 'outpatient';

export const LEVEL_LABELS: Record<THospitalLevel, string> = {
  township: '乡镇',
  county: '县级',
  city: '市级',
  province: '省级及以上',
};
export const VISIT_LABELS: Record<TVisitType, string> = {
  inpatient: '住院',
  outpatient_chronic: '门诊慢特病',
  outpatient: '普通门诊',
};

export type TIdentity = {
  idNumberMasked: string;
  date: string;
  found: boolean;
  nameMasked: string | null;
  age: number | null;
  villageName: string | null;
  categories: { code: string; label: string }[];
  isPriorityGroup: boolean;
  message: string;
};

export type TClaim = {
  claimId: string;
  institutionLevel: THospitalLevel;
  visitType: TVisitType;
  admissionDate: string;
  dischargeDate: string;
  diagnosisCodes: string[];
  totalFen: number;
  policyScopeFen: number;
  outOfCatalogueFen: number;
  hasOutOfCatalogueConsent: boolean;
  categoryBFirstSelfPayFen: number;
  treatFirstPayLater: boolean;
  depositFen: number;
  dialysisSessions?: number;
};

export type TLayer = {
  code: string;
  label: string;
  ruleCode: string;
  baseFen: number;
  deductibleFen: number;
  rateBp: number;
  capFen: number | null;
  isCapHit: boolean;
  paidFen: number;
};

export type TSettlement = {
  id: number;
  personNameMasked: string;
  idNumberMasked: string;
  institutionCode: string;
  claimNo: string;
  policySet: { id: number; code: string; name: string; version: number };
  visitType: TVisitType;
  institutionLevel: THospitalLevel;
  admissionDate: string;
  dischargeDate: string;
  totalFen: number;
  basicFen: number;
  criticalFen: number;
  assistanceFen: number;
  otherFen: number;
  selfPayFen: number;
  borneFen: number;
  depositWaivedFen: number;
  status: 'settled' | 'reversed';
  reversedReason: string | null;
  isInRegistry: boolean;
  insuredLabel: string;
  institutionName: string;
  revision: number;
  replacedById: number | null;
};

export type TSettlementDetail = TSettlement & {
  layers: TLayer[];
  bearer: { kind: string; code: string; label: string } | null;
  explanation: string[];
};

export type TSettlementFilters = { from?: string; to?: string; q?: string; personId?: number };

export const checkIdentity = (idNumber: string, date: string) =>
  api.get<TIdentity>(`/identity-check${buildQuery({ idNumber, date })}`);

/** One Idempotency-Key per claim form: a retry (double click, lost answer) returns the same settlement. */
export const createSettlement = (
  idNumber: string,
  claim: Omit<TClaim, 'institutionLevel'>,
  idempotencyKey: string,
) =>
  sendOwn<TSettlementDetail>('/settlements', JSON.stringify({ idNumber, claim }), {
    'Content-Type': 'application/json',
    'Idempotency-Key': idempotencyKey,
  });

/** POST with headers the shared client does not set (Idempotency-Key, multipart); errors mapped like it. */
async function sendOwn<T>(path: string, body: BodyInit, headers: Record<string, string>): Promise<T> {
  const token = getCsrfToken();
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}), ...headers },
      body,
    });
  } catch {
    throw toNetworkError();
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    throw toApiError(response.status, parsed);
  }
  return parsed as T;
}

export const listSettlements = (params: TSettlementFilters & TPageParams) =>
  api.get<TPage<TSettlement>>(`/settlements${buildQuery(params)}`);

export const reverseSettlement = (id: number, reason: string) =>
  api.post<TSettlementDetail>(`/settlements/${id}/reverse`, { reason });

export const exportSettlements = (filters: TSettlementFilters) =>
  requestFile(`/settlements/export.xlsx${buildQuery(filters)}`);

export const statementUrl = (id: number, size: 'A4' | 'A5' = 'A4') =>
  `/api/v1/settlements/${id}/statement.html?size=${size}`;
export const statementPdfUrl = (id: number, size: 'A4' | 'A5' = 'A4') =>
  `/api/v1/settlements/${id}/statement.pdf?size=${size}`;

// ------------------------------------------------------------------ ledgers

export type TLedgerGroup = 'region' | 'institution' | 'month' | 'category';
export type TLedgerRow = {
  key: string;
  label: string;
  settlements: number;
  totalFen: number;
  basicFen: number;
  criticalFen: number;
  assistanceFen: number;
  otherFen: number;
  selfPayFen: number;
  borneFen: number;
  hospitalBorneFen: number;
  capHits: number;
  treatFirstPayLater: number;
  depositWaivedFen: number;
  inpatientInScopeFen: number;
  inpatientInScopeSelfPayFen: number;
};
export type TLedgerQuery = { groupBy: TLedgerGroup; from: string; to: string };

export const getLedger = (query: TLedgerQuery) =>
  api.get<TLedgerRow[]>(`/settlements/ledger${buildQuery(query)}`);
export const exportLedger = (query: TLedgerQuery) =>
  requestFile(`/settlements/ledger.xlsx${buildQuery(query)}`);

// ------------------------------------------------------------------ policies and what-if

export type TPolicySet = {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'draft' | 'published';
  body: Record<string, unknown>;
};
export type TTotals = {
  claimCount: number;
  totalFen: number;
  layers: Record<string, number>;
  patientPaysFen: number;
  borneByFen: number;
  depositWaivedFen: number;
};
export type TWhatIfReport = {
  policySet: { id: number; name: string; version: number; status: string };
  claims: number;
  personYears: number;
  baseline: TTotals;
  alternative: TTotals;
  delta: TTotals;
  byCategory: { key: string; label: string; baseline: TTotals; alternative: TTotals; delta: TTotals }[];
};

export const listPolicySets = () => api.get<TPolicySet[]>('/policy-sets');
export const createPolicyDraft = (body: unknown) => api.post<TPolicySet>('/policy-sets', body);
export const updatePolicyDraft = (id: number, body: unknown) =>
  api.put<TPolicySet>(`/policy-sets/${id}`, body);
export const publishPolicy = (id: number) => api.post<TPolicySet>(`/policy-sets/${id}/publish`);
export const whatIfPolicy = (id: number, period: { from: string; to: string }) =>
  api.post<TWhatIfReport>(`/policy-sets/${id}/what-if`, period);

/** A background re-settlement after a policy correction, with its progress. */
export type TResettleRun = {
  id: number;
  status: 'running' | 'finished' | 'failed';
  reason: string;
  policySetId: number | null;
  personYearsTotal: number;
  personYears: number;
  claims: number;
  reversals: number;
  newSettlements: number;
  batches: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
};
/** Starts the run (202), resumes an interrupted one, or answers with the one already running (200). */
export const startResettle = (policySetId: number, reason: string) =>
  api.post<TResettleRun>(`/policy-sets/${policySetId}/resettle`, { reason });
export const getResettleRun = (runId: number) => api.get<TResettleRun>(`/settlement-runs/${runId}`);

// ------------------------------------------------------------------ claim import

export type TImportOutcome = {
  status: 'preview' | 'committed' | 'already_committed' | 'invalid';
  importId: number | null;
  fileName: string;
  rowCount: number;
  settledCount: number;
  unchangedCount: number;
  totalFen: number;
  patientPaysFen: number;
  errors: { rowNumber: number; column: string; message: string }[];
  rows: {
    rowNumber: number;
    claimNo: string;
    settlementId: number | null;
    isNew: boolean;
    isInRegistry: boolean;
    totalFen: number;
    patientPaysFen: number;
  }[];
};

export const downloadClaimTemplate = () => requestFile('/settlements/imports/template');

/** Uploads a claim file (multipart); dryRun = preview only. */
export function uploadClaims(file: File, dryRun: boolean): Promise<TImportOutcome> {
  const form = new FormData();
  form.append('dryRun', String(dryRun));
  form.append('file', file, file.name);
  return sendOwn<TImportOutcome>('/settlements/imports', form, {});
}
