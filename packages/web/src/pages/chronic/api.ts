import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/** Client of /api/v1/chronic: family-doctor contracts, follow-ups, overdue lists, indicators. */

export type TPersonBrief = {
  id: number;
  name: string;
  sex: string;
  birthDate: string;
  idNumberMasked: string;
  villageCode: string;
  villageName: string;
  householdId: number | null;
};

export type TTeamMember = {
  role: 'doctor' | 'nurse' | 'public_health';
  name: string;
  phone?: string | null;
  /** The member's login (a village-doctor account): his chronic scope then covers the team's villages. */
  userId?: number | null;
};
export type TTeamAccount = {
  id: number;
  username: string;
  displayName: string;
  regionCode: string;
  regionName: string;
};
export type TTeam = {
  id: number;
  countyCode: string;
  name: string;
  institutionName: string | null;
  members: TTeamMember[];
  villageCodes: string[];
  villageNames: string[];
  status: 'active' | 'inactive';
};
export type TTeamInput = {
  name: string;
  institutionName?: string | null;
  members: TTeamMember[];
  villageCodes: string[];
  status?: 'active' | 'inactive';
};

export type TPackageItem = {
  id: number;
  packageId: number;
  name: string;
  serviceCode: string;
  countPerYear: number;
  priceFen: number;
  subsidyFen: number;
  payer: string;
};
export type TPackage = {
  id: number;
  name: string;
  kind: 'basic' | 'personalised';
  description: string | null;
  totalPriceFen: number;
  totalSubsidyFen: number;
  items: TPackageItem[];
};

export type TContractStatus = 'pending' | 'signed' | 'renewed' | 'cancelled';
export type TContract = {
  id: number;
  contractNo: string;
  personId: number;
  personName: string;
  idNumberMasked: string;
  villageName: string;
  teamId: number;
  teamName: string;
  packageIds: number[];
  startDate: string;
  endDate: string;
  status: TContractStatus;
  statusLabel: string;
  cancelReasonLabel: string | null;
  cancelDate: string | null;
  renewedFromId: number | null;
  renewedToId: number | null;
  doctorName: string | null;
};
export type TContractDetail = TContract & {
  packages: TPackage[];
  fulfilments: {
    id: number;
    itemName: string;
    serviceDate: string;
    performedBy: string;
    visitId: number | null;
    checkupId: number | null;
  }[];
};
export type TContractFilters = {
  q?: string;
  status?: TContractStatus;
  region?: string;
  /** In force on this date (signed or renewed, started, not ended). */
  inForceOn?: string;
  /** Ending by this date and not renewed yet (待续约). */
  renewalDueBy?: string;
};

export type TVisitResult = {
  id: number;
  personId: number;
  personName: string;
  disease: string;
  visitDate: string;
  method: string;
  classificationLabel: string;
  isRedAlert: boolean;
  referralTriggers: { code: string; label: string }[];
  shouldRefer: boolean;
  nextDueDate: string | null;
  nextReasonLabel: string | null;
  isFirstVisitLate: boolean | null;
  fulfilmentId: number | null;
  systolic: number | null;
  diastolic: number | null;
  fastingGlucoseTenths: number | null;
  dangerGrade: number | null;
  doctorName: string;
};

export type TOverdueItem = {
  enrolmentId: number;
  personId: number;
  name: string;
  sex: string;
  age: number;
  phone: string | null;
  villageCode: string;
  villageName: string;
  disease: string;
  diseaseLabel: string;
  dueDate: string;
  daysOverdue: number;
  isDueToday: boolean;
  isHighRisk: boolean;
  isHighRiskOverdue: boolean;
  riskReasons: string[];
  lastVisitDate: string | null;
  lastBp: string | null;
  lastGlucose: string | null;
  unreachableAttempts: number;
  lastCallOutcome: string | null;
};

export type TOverduePage = TPage<TOverdueItem> & {
  asOf: string;
  highRiskCount: number;
  dueTodayCount: number;
};

export type TCheckup = {
  id: number;
  personId: number;
  personName: string;
  checkDate: string;
  results: Record<string, unknown>;
  abnormalFlags: { code: string; label: string; suspectedDisease: string | null }[];
  conclusion: string | null;
  doctorName: string;
  fulfilmentId: number | null;
};

export type TDiagnosisTask = {
  id: number;
  personId: number;
  personName: string;
  checkupId: number | null;
  checkDate: string | null;
  suspectedDisease: string;
  icdCode: string | null;
  reason: string;
  diagnosisId: number | null;
  status: string;
  statusLabel: string;
  createdAt: string;
};

export type TCalendar = {
  quarters: {
    quarter: number;
    start: string;
    end: string;
    isDue: boolean;
    faceToFaceCount: number;
    phoneCount: number;
    isDone: boolean;
  }[];
  faceToFaceCount: number;
  requiredFaceToFaceCount: number;
  hasHealthCheck: boolean;
  isHealthCheckRequired: boolean;
  shortfalls: string[];
  isCompliant: boolean;
};

export type TPersonFile = {
  person: {
    id: number;
    name: string;
    sex: string;
    birthDate: string;
    age: number;
    idNumberMasked: string;
    phone: string | null;
    villageCode: string;
    villageName: string;
    status: string;
  };
  year: number;
  enrolments: {
    id: number;
    disease: string;
    diseaseLabel: string;
    managedFrom: string;
    managedUntil: string | null;
    endReason: string | null;
    nextDueDate: string | null;
    hiddenUntil: string | null;
    hasStrokeOrHeartAttack: boolean;
    isHighRisk: boolean;
    riskReasons: string[];
    lastVisitDate: string | null;
    lastBp: string | null;
    lastGlucose: string | null;
    tuberculosis: {
      notifiedOn: string | null;
      firstVisitDueDate: string | null;
      firstHomeVisitDate: string | null;
      isFirstVisitLate: boolean | null;
    } | null;
    calendar: TCalendar | null;
  }[];
  contracts: TContract[];
  visits: TVisitResult[];
  checkups: TCheckup[];
};

export type TIndicator = {
  code: string;
  label: string;
  numerator: number;
  denominator: number | null;
  rateBp: number | null;
  definition: string;
};
export type TIndicatorMember = {
  personId: number;
  name: string;
  idNumberMasked: string;
  villageName: string;
  detail: string;
};

const BASE = '/chronic';

export const searchPersons = (q: string, region?: string) =>
  api.get<TPage<TPersonBrief>>(`${BASE}/persons`, { query: { q, region, pageSize: 20 } });

export const listTeamAccounts = (q?: string) =>
  api.get<TTeamAccount[]>(`${BASE}/team-accounts`, { query: { q } });
export const listTeams = (params: { q?: string; region?: string } & TPageParams) =>
  api.get<TPage<TTeam>>(`${BASE}/teams`, { query: params });
export const createTeam = (input: TTeamInput) => api.post<TTeam>(`${BASE}/teams`, input);
export const updateTeam = (id: number, input: TTeamInput) => api.put<TTeam>(`${BASE}/teams/${id}`, input);
export const listPackages = () => api.get<TPackage[]>(`${BASE}/packages`);
export type TPackageInput = {
  name: string;
  kind: 'basic' | 'personalised';
  description?: string | null;
  items: Omit<TPackageItem, 'id' | 'packageId'>[];
};
export const createPackage = (input: TPackageInput) => api.post<TPackage>(`${BASE}/packages`, input);

export const listContracts = (params: TContractFilters & TPageParams) =>
  api.get<TPage<TContract>>(`${BASE}/contracts`, { query: params });
export const getContract = (id: number) => api.get<TContractDetail>(`${BASE}/contracts/${id}`);
export const createContract = (input: {
  personId?: number;
  householdId?: number;
  teamId: number;
  packageIds: number[];
  startDate: string;
  endDate: string;
  isPendingReview: boolean;
}) => api.post<TContract[]>(`${BASE}/contracts`, input);
export const approveContract = (id: number) => api.post<TContractDetail>(`${BASE}/contracts/${id}/approve`);
export const renewContract = (id: number) => api.post<TContractDetail>(`${BASE}/contracts/${id}/renew`, {});
export const cancelContract = (id: number, input: { reason: string; cancelDate: string; note?: string }) =>
  api.post<TContractDetail>(`${BASE}/contracts/${id}/cancel`, input);
export const exportContracts = (filters: TContractFilters) =>
  requestFile(`${BASE}/contracts/export.xlsx`, { query: filters });
export const agreementUrl = (id: number) => `/api/v1${BASE}/contracts/${id}/agreement.html`;

export const postVisit = (personId: number, disease: string, body: Record<string, unknown>) =>
  api.post<TVisitResult>(`${BASE}/persons/${personId}/visits/${disease}`, body);
export const listVisits = (params: { q?: string; disease?: string; region?: string } & TPageParams) =>
  api.get<TPage<TVisitResult>>(`${BASE}/visits`, { query: params });

export const listOverdue = (params: { region?: string; asOf: string } & TPageParams) =>
  api.get<TOverduePage>(`${BASE}/overdue`, { query: params });
export const recordOutcome = (enrolmentId: number, input: { outcome: string; calledOn: string }) =>
  api.post<{ hiddenUntil: string | null; isManagementEnded: boolean }>(
    `${BASE}/overdue/${enrolmentId}/outcomes`,
    input,
  );
export const exportOverdue = (query: { region?: string; asOf: string }) =>
  requestFile(`${BASE}/overdue/export.xlsx`, { query });
export const overduePrintUrl = (query: { region?: string; asOf: string }) =>
  `/api/v1${BASE}/overdue/print.html?${new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString()}`;

export const getPersonFile = (personId: number, year: number) =>
  api.get<TPersonFile>(`${BASE}/persons/${personId}/file`, { query: { year } });
export const enrol = (input: {
  personId: number;
  disease: string;
  managedFrom: string;
  hasStrokeOrHeartAttack: boolean;
  notifiedOn?: string;
}) => api.post<{ id: number; nextDueDate: string }>(`${BASE}/enrolments`, input);
export const createCheckup = (input: {
  personId: number;
  checkDate: string;
  results: Record<string, number | boolean>;
  extraFlags: string[];
  conclusion?: string;
  doctorName: string;
}) => api.post<TCheckup>(`${BASE}/checkups`, input);
export const createDiagnosisTask = (
  checkupId: number,
  input: { suspectedDisease: string; icdCode?: string; reason: string },
) => api.post<TDiagnosisTask>(`${BASE}/checkups/${checkupId}/diagnosis-tasks`, input);
export const listDiagnosisTasks = (params: { personId?: number; region?: string } & TPageParams) =>
  api.get<TPage<TDiagnosisTask>>(`${BASE}/diagnosis-tasks`, { query: params });

export type TIndicatorFilter = {
  region?: string;
  from: string;
  to: string;
  teamId?: number;
  doctorUserId?: number;
};
export const getIndicators = (query: TIndicatorFilter) =>
  api.get<{ items: TIndicator[] }>(`${BASE}/indicators`, { query });
export const listIndicatorMembers = (
  code: string,
  query: TIndicatorFilter & { part: 'numerator' | 'denominator' } & TPageParams,
) => api.get<TPage<TIndicatorMember>>(`${BASE}/indicators/${code}/members`, { query });
