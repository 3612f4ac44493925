import type {
  ScreeningProgramme,
  ScreeningReferralStatus,
  ScreeningResult,
  TargetBasis,
} from '@healthaid/domain/screening';
import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/** Client of the 两筛两癌 module: records, referrals, targets and completion. */

export type TProgrammeInfo = {
  code: ScreeningProgramme;
  label: string;
  shortLabel: string;
  group: 'prenatal' | 'newborn' | 'two_cancers';
  methods: { code: string; label: string; window: string | null }[];
  sex: 'M' | 'F' | null;
  minAge: number | null;
  maxAge: number | null;
  afterBirth: { minHours: number; maxDays: number } | null;
  targetBasis: TargetBasis;
  indicatorCode: string;
};

export type TScreening = {
  id: number;
  programme: ScreeningProgramme;
  programmeLabel: string;
  method: string;
  methodLabel: string;
  personId: number | null;
  name: string;
  idNumberMasked: string | null;
  sex: 'M' | 'F';
  birthDate: string;
  ageYears: number | null;
  motherName: string | null;
  motherIdNumberMasked: string | null;
  villageCode: string;
  villageName: string;
  townshipName: string;
  priorityGroup: 'low_income' | 'rural' | null;
  screenedOn: string;
  screenedTime: string | null;
  birthTime: string | null;
  gestationalAge: string | null;
  hoursOfLife: number | null;
  result: ScreeningResult;
  resultDetail: string | null;
  institution: string | null;
  isCounted: boolean;
  isVoided: boolean;
  voidReason: string | null;
  referralStatus: ScreeningReferralStatus;
  referralInstitution: string | null;
  referredOn: string | null;
  referralDiagnosis: string | null;
  referralClosedOn: string | null;
  referralNote: string | null;
  createdByName: string | null;
};

export type TScreeningFilters = {
  region?: string;
  programme?: ScreeningProgramme;
  from?: string;
  to?: string;
  result?: ScreeningResult;
  referral?: ScreeningReferralStatus | 'open';
  priority?: 'low_income' | 'rural';
  inRegistry?: 'true' | 'false';
  includeVoided?: 'true' | 'false';
  q?: string;
};

export type TScreeningInput = {
  programme: ScreeningProgramme;
  method: string;
  name: string;
  idNumber?: string | null;
  sex?: 'M' | 'F' | null;
  birthDate?: string | null;
  birthTime?: string | null;
  motherName?: string | null;
  motherIdNumber?: string | null;
  villageCode?: string | null;
  screenedOn: string;
  screenedTime?: string | null;
  gestationalAge?: string | null;
  result: ScreeningResult;
  resultDetail?: string | null;
  institution?: string | null;
};

export type TLookup = {
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  person: {
    id: number;
    name: string;
    villageCode: string;
    villageName: string;
    categories: string[];
    status: string;
  } | null;
  previous: { programme: ScreeningProgramme; screenedOn: string; result: ScreeningResult }[];
};

export type TCompletionCell = {
  screened: number;
  target: number;
  rateBp: number | null;
  display: string;
  abnormal: number;
  openReferrals: number;
};
export type TCompletion = {
  region: { code: string; name: string };
  from: string;
  to: string;
  programmes: { code: ScreeningProgramme; label: string; indicatorCode: string }[];
  rowsHaveTargets: boolean;
  rows: { code: string; name: string; cells: Record<string, TCompletionCell> }[];
  total: { code: string; name: string; cells: Record<string, TCompletionCell> };
};

export type TTargets = {
  year: number;
  programmes: { code: ScreeningProgramme; label: string; basis: TargetBasis }[];
  rows: { townshipCode: string; townshipName: string; targets: Record<string, number | null> }[];
};

export const listProgrammes = () => api.get<TProgrammeInfo[]>('/screenings/programmes');
export const lookupSubject = (idNumber: string) =>
  api.get<TLookup>('/screenings/lookup', { query: { idNumber } });
export const listScreenings = (params: TScreeningFilters & TPageParams) =>
  api.get<TPage<TScreening>>('/screenings', { query: params });
export const exportScreenings = (params: TScreeningFilters) =>
  requestFile('/screenings/export', { query: params });
export const createScreening = (body: TScreeningInput) => api.post<TScreening>('/screenings', body);
export const changeReferral = (
  id: number,
  body: {
    to: ScreeningReferralStatus;
    date: string;
    institution?: string | null;
    diagnosis?: string | null;
    note?: string | null;
  },
) => api.post<TScreening>(`/screenings/${id}/referral`, body);
export const voidScreening = (id: number, reason: string) =>
  api.post<TScreening>(`/screenings/${id}/void`, { reason });
export const revealScreeningId = (id: number) =>
  api.post<{ idNumber: string | null; motherIdNumber: string | null }>(`/screenings/${id}/reveal-id`, {});
export const listPersonScreenings = (personId: number | string) =>
  api.get<TScreening[]>(`/persons/${personId}/screenings`);

export const getCompletion = (query: { region?: string; from: string; to: string }) =>
  api.get<TCompletion>('/screenings/completion', { query });
export const exportCompletion = (query: { region?: string; from: string; to: string }) =>
  requestFile('/screenings/completion.xlsx', { query });
export const getTargets = (query: { region?: string; year: number }) =>
  api.get<TTargets>('/screening-targets', { query });
export const saveTargets = (body: {
  year: number;
  items: { townshipCode: string; programme: ScreeningProgramme; count: number }[];
}) => api.put<{ saved: number }>('/screening-targets', body);
