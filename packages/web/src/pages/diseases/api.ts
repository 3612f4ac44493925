import { formatBp } from '@healthaid/domain/money';
import { toApiError, toNetworkError } from '../../app/api/api-error.ts';
import { API_BASE, api, CSRF_HEADER, getCsrfToken, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/** Client of the disease module: ICD-10 search, diagnoses and verification, classification, treatment ledger. */

export type TVerificationStatus = 'pending' | 'verified' | 'rejected';
export type TDiagnosisSource =
  | 'health_check'
  | 'clinic_visit'
  | 'home_visit'
  | 'import'
  | 'insurance_settlement';
export type TDiseaseLine = 'major_treatment' | 'severe_safety_net' | 'chronic_contract' | 'none';
export type TTreatmentStatus =
  | 'waiting'
  | 'treating'
  | 'treated'
  | 'not_ready'
  | 'abandoned'
  | 'dead'
  | 'moved_out';
export type TTreatmentOutcome = 'cured' | 'improved' | 'not_improved';

export const VERIFICATION_LABELS: Record<TVerificationStatus, string> = {
  pending: '待核准',
  verified: '已核准',
  rejected: '核准不患病',
};
export const SOURCE_LABELS: Record<TDiagnosisSource, string> = {
  health_check: '体检',
  clinic_visit: '就诊',
  home_visit: '入户核实',
  import: '导入',
  insurance_settlement: '医保结算',
};
export const LINE_LABELS: Record<TDiseaseLine, string> = {
  major_treatment: '大病集中救治一批',
  severe_safety_net: '重病兜底保障一批',
  chronic_contract: '慢病签约服务管理一批',
  none: '未纳入三个一批',
};
export const TREATMENT_LABELS: Record<TTreatmentStatus, string> = {
  waiting: '待救治',
  treating: '救治中',
  treated: '已救治',
  not_ready: '暂不具备救治条件',
  abandoned: '放弃治疗',
  dead: '死亡',
  moved_out: '迁出',
};
/** Allowed next statuses (mirrors the domain state machine; the server decides). */
export const TREATMENT_NEXT: Record<TTreatmentStatus, TTreatmentStatus[]> = {
  waiting: ['treating', 'treated', 'not_ready', 'abandoned', 'dead', 'moved_out'],
  treating: ['treated', 'not_ready', 'abandoned', 'dead', 'moved_out'],
  treated: ['treating', 'dead', 'moved_out'],
  not_ready: ['waiting', 'treating', 'abandoned', 'dead', 'moved_out'],
  abandoned: ['waiting', 'treating', 'dead', 'moved_out'],
  dead: [],
  moved_out: [],
};
export const OUTCOME_LABELS: Record<TTreatmentOutcome, string> = {
  cured: '治愈',
  improved: '好转',
  not_improved: '未愈',
};

export type TIcdHit = { code: string; name: string; initials: string; matchKind: string };

export type TDiagnosis = {
  id: number;
  personId: number;
  personName: string;
  idNumberMasked: string;
  villageCode: string;
  villageName: string;
  townshipName: string;
  icdCode: string | null;
  name: string;
  isUncoded: boolean;
  institution: string | null;
  diagnosedOn: string;
  source: TDiagnosisSource;
  registeredOn: string;
  verificationStatus: TVerificationStatus;
  statusDate: string;
  statusBy: string;
  reason: string | null;
  diseaseLine: TDiseaseLine | null;
  personDiseaseKey: string | null;
  itemCode: string | null;
  itemName: string | null;
  classificationReason: string | null;
};

export type TDiagnosisFilters = {
  region?: string;
  status?: TVerificationStatus;
  line?: TDiseaseLine;
  uncoded?: 'true' | 'false';
  q?: string;
};

export type TDiagnosisInput = {
  icdCode?: string;
  name?: string;
  institution?: string;
  diagnosedOn: string;
  source: TDiagnosisSource;
};

export type TPersonOption = {
  id: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  villageName: string;
  idNumberMasked: string;
};

export type TTreatmentCase = {
  id: number;
  personId: number;
  personName: string;
  idNumberMasked: string;
  villageName: string;
  townshipName: string;
  personDiseaseKey: string;
  itemCode: string | null;
  itemName: string | null;
  openedOn: string;
  status: TTreatmentStatus;
  statusDate: string;
  reason: string | null;
  outcome: TTreatmentOutcome | null;
  details: {
    designatedHospitalCode?: string;
    expertGroup?: string;
    clinicalPathway?: string;
    costQuotaFen?: number;
  };
  /** The 定点医院 with its institution's name (name null: no registered institution has the stored code). */
  designatedHospital: { code: string; name: string | null } | null;
  daysWaited: number;
};

/** 定点医院 as people read it: 名称（编码）, or the stored text when no institution has it. */
export const hospitalLabel = (c: Pick<TTreatmentCase, 'designatedHospital'>) =>
  c.designatedHospital
    ? c.designatedHospital.name
      ? `${c.designatedHospital.name}（${c.designatedHospital.code}）`
      : c.designatedHospital.code
    : '—';
export type TCaseEvent = {
  status: TTreatmentStatus;
  date: string;
  reason: string | null;
  outcome: TTreatmentOutcome | null;
  by: string | null;
};
export type TTreatmentCaseDetail = TTreatmentCase & { history: TCaseEvent[] };

export type TCaseFilters = { region?: string; status?: TTreatmentStatus; itemCode?: string; q?: string };

export type TCaseStatusInput = {
  to: TTreatmentStatus;
  date: string;
  reason?: string;
  outcome?: TTreatmentOutcome;
  details?: TTreatmentCase['details'];
};

export type TPersonDisease = {
  personDiseaseKey: string;
  line: TDiseaseLine;
  lineLabel: string;
  itemName: string | null;
  reason: string;
  treatmentCaseId: number | null;
};

export type TRateRow = { code: string; name: string; rateBp: number | null };

export const searchIcd = (q: string) => api.get<TIcdHit[]>('/icd10', { query: { q, limit: 20 } });
export const searchPersons = (q: string, region?: string) =>
  api.get<TPage<TPersonOption>>('/persons', { query: { q, regionCode: region, page: 1, pageSize: 20 } });

export const listDiagnoses = (params: TDiagnosisFilters & TPageParams) =>
  api.get<TPage<TDiagnosis>>('/diagnoses', { query: params });
export const exportDiagnoses = (params: TDiagnosisFilters) =>
  requestFile('/diagnoses/export', { query: params });
export const createDiagnosis = (personId: number, body: TDiagnosisInput) =>
  api.post<TDiagnosis>(`/persons/${personId}/diagnoses`, body);
export const verifyDiagnosis = (id: number, body: { to: TVerificationStatus; reason?: string }) =>
  api.post<TDiagnosis>(`/diagnoses/${id}/verify`, body);
export const getClassification = (personId: number) =>
  api.get<{ personDiseases: TPersonDisease[] }>(`/persons/${personId}/classification`);
export const verificationRates = (region: string) =>
  api.get<{ total: { decided: number; total: number; rateBp: number | null }; children: TRateRow[] }>(
    '/diagnoses/verification-rates',
    { query: { region } },
  );

export const listCases = (params: TCaseFilters & TPageParams) =>
  api.get<TPage<TTreatmentCase>>('/treatment-cases', { query: params });
export const exportCases = (params: TCaseFilters) =>
  requestFile('/treatment-cases/export', { query: params });
export const getCase = (id: number) => api.get<TTreatmentCaseDetail>(`/treatment-cases/${id}`);
export const openCase = (personId: number, personDiseaseKey: string) =>
  api.post<TTreatmentCaseDetail>('/treatment-cases', { personId, personDiseaseKey });
export const changeCaseStatus = (id: number, body: TCaseStatusInput) =>
  api.patch<TTreatmentCaseDetail>(`/treatment-cases/${id}/status`, body);
export const treatmentRates = (region: string) =>
  api.get<{
    total: { treated: number; base: number; waiting: number; rateBp: number | null };
    children: (TRateRow & { treated: number; base: number; waiting: number })[];
    byDisease: (TRateRow & { treated: number; base: number; waiting: number })[];
  }>('/treatment-cases/treatment-rates', { query: { region } });

/** '75.00%' from basis points; '—' when there is nothing to count. */
export function formatRateBp(bp: number | null): string {
  if (bp === null) {
    return '—';
  }
  return formatBp(bp);
}

// ------------------------------------------------------------------ catalogues

export type TCatalogKind = 'major' | 'chronic4' | 'chronic6' | 'outpatient_special' | 'severe';
export type TCatalogItem = {
  code: string;
  name: string;
  icdPatterns: string[];
  minAge: number | null;
  maxAge: number | null;
};
export type TCatalog = {
  code: string;
  name: string;
  kind: TCatalogKind;
  kindLabel: string;
  version: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  extends: string | null;
  regionCode: string | null;
  regionName: string | null;
  status: 'draft' | 'published';
  statusLabel: string;
  publishedOn: string | null;
  publishedBy: string | null;
  items: TCatalogItem[];
  source: 'builtin' | 'local';
  basedOn: string | null;
  canEdit: boolean;
};
export type TCatalogRun = {
  id: number;
  countyCode: string;
  persons: number;
  diagnoses: number;
  moves: number;
  changes: number;
  appliedBy: string | null;
  appliedAt: string;
};
export type TCatalogDetail = TCatalog & {
  resolvedItems: (TCatalogItem & { isInherited: boolean })[];
  problems: string[];
  runs: TCatalogRun[];
};
export type TDraftInput = {
  mode: 'copy' | 'extend';
  sourceCode: string;
  code: string;
  name: string;
  version: string;
  effectiveFrom: string;
  effectiveTo?: string;
};
export type TItemInput = {
  code: string;
  name: string;
  icdPatterns: string[];
  ageRule?: { minAge?: number; maxAge?: number };
};
export type TReclassification = {
  catalogCode: string;
  asIfPublished: boolean;
  persons: number;
  diagnoses: number;
  moves: number;
  itemChanges: number;
  unchanged: number;
  counts: {
    from: TDiseaseLine | null;
    to: TDiseaseLine | null;
    fromLabel: string;
    toLabel: string;
    count: number;
  }[];
  items: {
    personId: number;
    personName: string;
    villageCode: string;
    diagnosisId: number;
    diagnosisName: string;
    icdCode: string | null;
    diagnosedOn: string;
    fromLabel: string;
    toLabel: string;
    fromItemName: string | null;
    toItemName: string | null;
    reason: string | null;
    isMove: boolean;
    hasTreatmentCase: boolean;
  }[];
  total: number;
  page: number;
  pageSize: number;
};
export type TRunChange = {
  personId: number;
  personName: string;
  diagnosisId: number;
  diagnosisName: string;
  icdCode: string | null;
  fromLabel: string;
  toLabel: string;
  fromItemName: string | null;
  toItemName: string | null;
  reason: string | null;
};

export const listCatalogs = () => api.get<TCatalog[]>('/disease-catalogs');
export const getCatalog = (code: string) => api.get<TCatalogDetail>(`/disease-catalogs/${code}`);
export const createDraft = (body: TDraftInput) => api.post<TCatalogDetail>('/disease-catalogs', body);
export const reviseDraft = (
  code: string,
  body: { name?: string; version?: string; effectiveFrom?: string; effectiveTo?: string | null },
) => api.patch<TCatalogDetail>(`/disease-catalogs/${code}`, body);
export const deleteDraft = (code: string) => api.delete<void>(`/disease-catalogs/${code}`);
export const saveCatalogItem = (code: string, item: TItemInput) =>
  api.put<TCatalogDetail>(`/disease-catalogs/${code}/items`, item);
export const removeCatalogItem = (code: string, itemCode: string) =>
  api.delete<TCatalogDetail>(`/disease-catalogs/${code}/items/${itemCode}`);
export const previewReclassification = (
  code: string,
  params: TPageParams & { onlyMoves?: 'true' | 'false' },
) => api.get<TReclassification>(`/disease-catalogs/${code}/reclassification`, { query: params });
export const publishCatalog = (code: string, expectedMoves: number) =>
  api.post<TCatalogDetail & { applied: { moves: number; itemChanges: number } }>(
    `/disease-catalogs/${code}/publish`,
    { expectedMoves },
  );
export const listRunChanges = (code: string, runId: number, params: TPageParams) =>
  api.get<TPage<TRunChange>>(`/disease-catalogs/${code}/runs/${runId}/changes`, { query: params });

// ------------------------------------------------------------------ diagnosis import

export type TRowError = { rowNumber: number; column: string; message: string };
export type TDiagnosisImportBatch = {
  id: number;
  fileName: string;
  status: 'previewed' | 'committed';
  totalRows: number;
  validRows: number;
  duplicateRows: number;
  errorCount: number;
  errors: TRowError[];
  insertedRows: number | null;
  createdAt: string;
  committedAt: string | null;
  isRepeat: boolean;
};

/** Uploads a file as multipart (field `file`) with the CSRF token; errors mapped like JSON requests. */
export async function uploadDiagnosisFile(file: File): Promise<TDiagnosisImportBatch> {
  const form = new FormData();
  form.append('file', file, file.name);
  const token = getCsrfToken();
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/diagnosis-imports`, {
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
  return body as TDiagnosisImportBatch;
}
export const listDiagnosisImports = (params: TPageParams) =>
  api.get<TPage<TDiagnosisImportBatch>>('/diagnosis-imports', { query: params });
export const commitDiagnosisImport = (id: number) =>
  api.post<TDiagnosisImportBatch>(`/diagnosis-imports/${id}/commit`, {});
export const downloadDiagnosisTemplate = () => requestFile('/diagnosis-imports/template');
export const downloadDiagnosisErrors = (id: number) => requestFile(`/diagnosis-imports/${id}/errors.xlsx`);

// ------------------------------------------------------------------ who is ill with what

export type TIllPerson = {
  personId: number;
  name: string;
  sex: string;
  birthDate: string;
  villageCode: string;
  villageName: string;
  townshipName: string;
  householdId: number | null;
  householdNo: string | null;
  diseases: {
    diagnosisId: number;
    icdCode: string | null;
    name: string;
    diagnosedOn: string;
    verificationStatus: TVerificationStatus;
    line: TDiseaseLine | null;
    itemName: string | null;
    caseId: number | null;
    caseStatus: TTreatmentStatus | null;
  }[];
};
export type TIllPersonFilters = { region?: string; householdId?: number; line?: TDiseaseLine; q?: string };
export const listIllPersons = (params: TIllPersonFilters & TPageParams) =>
  api.get<TPage<TIllPerson>>('/ill-persons', { query: params });
export const listCasesOfPerson = (personId: number) =>
  api.get<TPage<TTreatmentCase>>('/treatment-cases', { query: { personId, page: 1, pageSize: 100 } });
export const listDiagnosesOfPerson = (personId: number) =>
  api.get<TDiagnosis[]>(`/persons/${personId}/diagnoses`);
