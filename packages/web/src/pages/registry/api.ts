import type {
  ExitStatus,
  MonitoringType,
  PersonStatus,
  PovertyAttribute,
  RegistryCategory,
  RiskStatus,
  VerificationOutcome,
} from '@healthaid/domain/registry';
import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

export type TPerson = {
  id: number;
  countyCode: string;
  idNumberMasked: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  householdId: number | null;
  householdNo: string | null;
  relation: string | null;
  phoneMasked: string | null;
  villageCode: string;
  villageName: string;
  status: PersonStatus;
  statusDate: string | null;
  isInsured: boolean;
  hasPremiumSubsidy: boolean;
  hasDisabilityCert: boolean;
  needsVerification: boolean;
  verificationReason: string | null;
  categories: RegistryCategory[];
};

export type THousehold = {
  id: number;
  householdNo: string;
  villageCode: string;
  villageName: string;
  address: string | null;
  headName: string | null;
  povertyAttribute: PovertyAttribute | null;
  mainCause: string | null;
  otherCauses: string[];
  registeredYear: number | null;
  exitStatus: ExitStatus;
  exitYear: number | null;
  monitoringType: MonitoringType | null;
  riskStatus: RiskStatus | null;
  memberCount: number;
};

export type TChange = {
  id: number;
  entityType: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reasonType: 'import' | 'verification' | 'manual' | 'system';
  reasonRef: string | null;
  changedBy: string | null;
  changedAt: string;
};

export type TCategoryPeriod = {
  id: number;
  category: RegistryCategory;
  validFrom: string;
  validTo: string | null;
  source: string | null;
  isActiveToday: boolean;
};

export type TPersonDetail = {
  person: TPerson & { phone: string | null; disabilityCertMasked: string | null };
  household: THousehold | null;
  categories: TCategoryPeriod[];
  history: TChange[];
  openVerificationTaskId: number | null;
};

export type THouseholdDetail = THousehold & {
  members: TPerson[];
  incomes: { year: number; perCapitaNetIncomeFen: number }[];
  history: TChange[];
};

export type TPersonFilters = {
  regionCode?: string;
  category?: RegistryCategory;
  date?: string;
  status?: PersonStatus;
  mainCause?: string;
  needsVerification?: 'true' | 'false';
  q?: string;
};

export type THouseholdFilters = {
  regionCode?: string;
  povertyAttribute?: PovertyAttribute;
  monitoringType?: MonitoringType;
  exitStatus?: ExitStatus;
  mainCause?: string;
  q?: string;
};

export type TVerificationTask = {
  id: number;
  personId: number;
  personName: string;
  idNumberMasked: string;
  villageCode: string;
  villageName: string;
  assignedRegionCode: string;
  assignedRegionName: string;
  source: 'flag' | 'manual' | 'comparison';
  reason: string;
  status: 'open' | 'completed' | 'cancelled';
  outcome: VerificationOutcome | null;
  note: string | null;
  createdAt: string;
  completedAt: string | null;
};

export type TVerificationFilters = { status?: 'open' | 'completed' | 'cancelled'; q?: string };

export type TVerificationResult = {
  outcome: VerificationOutcome;
  corrections?: { name?: string; phone?: string | null; relation?: string | null };
  statusDate?: string;
  note?: string;
};

/** A 6/9/12-digit prefix for the server (the cascader hands out 12-digit codes). */
export function regionPrefix(code: string | undefined): string | undefined {
  if (!code) {
    return undefined;
  }
  const trimmed = code.replace(/0+$/, '');
  if (trimmed.length <= 6) {
    return code.slice(0, 6);
  }
  return trimmed.length <= 9 ? code.slice(0, 9) : code;
}

export const listPersons = (params: TPersonFilters & TPageParams) =>
  api.get<TPage<TPerson>>('/persons', { query: params });
export const exportPersons = (params: TPersonFilters) => requestFile('/persons/export', { query: params });
export const getPerson = (id: string) => api.get<TPersonDetail>(`/persons/${encodeURIComponent(id)}`);
export const revealPersonId = (id: number) =>
  api.post<{ idNumber: string; disabilityCert: string | null }>(`/persons/${id}/reveal-id`);
export const patchPerson = (id: number, body: Record<string, unknown>) =>
  api.patch<TPersonDetail>(`/persons/${id}`, body);
export const changePersonStatus = (
  id: number,
  body: { status: PersonStatus; date?: string; reason: string },
) => api.post<TPersonDetail>(`/persons/${id}/status`, body);
export const addPersonCategory = (
  id: number,
  body: { category: RegistryCategory; validFrom: string; validTo?: string | null; reason: string },
) => api.post<TPersonDetail>(`/persons/${id}/categories`, body);
export const patchPersonCategory = (
  id: number,
  categoryId: number,
  body: { validFrom?: string; validTo?: string | null; reason: string },
) => api.patch<TPersonDetail>(`/persons/${id}/categories/${categoryId}`, body);

export const listHouseholds = (params: THouseholdFilters & TPageParams) =>
  api.get<TPage<THousehold>>('/households', { query: params });
export const exportHouseholds = (params: THouseholdFilters) =>
  requestFile('/households/export', { query: params });
export const getHousehold = (id: string) =>
  api.get<THouseholdDetail>(`/households/${encodeURIComponent(id)}`);

export const listVerificationTasks = (params: TVerificationFilters & TPageParams) =>
  api.get<TPage<TVerificationTask>>('/verification-tasks', { query: params });
export const generateVerificationTasks = () =>
  api.post<{ created: number }>('/verification-tasks/generate', {});
export const createVerificationTask = (body: { personId: number; reason: string }) =>
  api.post<TVerificationTask>('/verification-tasks', body);
export const submitVerificationResult = (id: number, body: TVerificationResult) =>
  api.post<TVerificationTask>(`/verification-tasks/${id}/result`, body);
