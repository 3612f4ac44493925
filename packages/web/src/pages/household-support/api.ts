import type { KitKind, SupportNeed, VisitContact, VisitorRole } from '@healthaid/domain/household-support';
import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/** Client of the 入户帮扶 module: 大走访 campaigns and visits, 保健箱, 政策知晓率. */

export type TCoverage = {
  inScope: number;
  visited: number;
  notHome: number;
  unvisited: number;
  rateBp: number | null;
  display: string;
};

export type TCampaign = {
  id: number;
  name: string;
  regionCode: string;
  regionName: string;
  startOn: string;
  endOn: string;
  description: string | null;
  phase: 'not_started' | 'ongoing' | 'ended';
  phaseLabel: string;
  scopeDate: string;
  coverage: TCoverage;
  canManage: boolean;
};

export type TCampaignDetail = TCampaign & {
  children: { code: string; name: string; coverage: TCoverage }[];
  needs: { code: SupportNeed; label: string; households: number }[];
  kits: { records: number; kits: number; valueFen: number };
  surveys: { surveyed: number; aware: number; rateBp: number | null; display: string };
};

export type TChecklistStatus = 'visited' | 'not_home' | 'unvisited';
export type TChecklistRow = {
  householdId: number;
  householdNo: string;
  headName: string | null;
  villageCode: string;
  villageName: string;
  townshipName: string;
  address: string | null;
  status: TChecklistStatus;
  visits: number;
  lastVisitedOn: string | null;
  lastVisitorName: string | null;
};
export type TChecklistFilters = { region?: string; status?: TChecklistStatus; q?: string };

export type TVisit = {
  id: number;
  campaignId: number;
  campaignName: string;
  householdId: number;
  householdNo: string;
  headName: string | null;
  villageName: string;
  townshipName: string;
  visitedOn: string;
  visitorName: string;
  visitorRole: VisitorRole;
  visitorRoleLabel: string;
  contact: VisitContact;
  respondentName: string | null;
  findings: string | null;
  needs: SupportNeed[];
  needLabels: string[];
  actions: string | null;
  survey: { asked: number; correct: number; isAware: boolean } | null;
  isVoided: boolean;
  voidReason: string | null;
  createdByName: string | null;
};
export type TVisitFilters = {
  region?: string;
  campaignId?: number;
  from?: string;
  to?: string;
  contact?: VisitContact;
  need?: SupportNeed;
  q?: string;
};

export type TKitInput = {
  kind: KitKind;
  kitCount: number;
  value: string;
  contents: string[];
  recipientName: string;
  distributedBy?: string | null;
  note?: string | null;
};

export type TVisitInput = {
  campaignId: number;
  householdId: number;
  visitedOn: string;
  visitorName: string;
  visitorRole: VisitorRole;
  contact: VisitContact;
  respondentPersonId?: number | null;
  findings?: string | null;
  needs: SupportNeed[];
  actions?: string | null;
  survey?: {
    respondentPersonId?: number | null;
    respondentName: string;
    answers: Record<string, string>;
  } | null;
  kit?: TKitInput | null;
};

export type TKit = {
  id: number;
  householdId: number;
  householdNo: string;
  headName: string | null;
  villageName: string;
  townshipName: string;
  visitId: number | null;
  kind: KitKind;
  kindLabel: string;
  kitCount: number;
  valueFen: number;
  contents: string[];
  distributedOn: string;
  recipientName: string;
  distributedBy: string | null;
  note: string | null;
  isVoided: boolean;
  voidReason: string | null;
};
export type TKitFilters = { region?: string; from?: string; to?: string; kind?: KitKind; q?: string };

export type TSurveySummary = {
  region: { code: string; name: string };
  from: string;
  to: string;
  questionnaire: {
    code: string;
    version: string;
    name: string;
    awareThresholdBp: number;
    minAsked: number;
    questions: {
      code: string;
      policy: string;
      text: string;
      options: { code: string; label: string }[];
      correct: string;
    }[];
  };
  surveyed: number;
  aware: number;
  rateBp: number | null;
  display: string;
  perQuestion: { code: string; policy: string; asked: number; correct: number; rateBp: number | null }[];
  children: { code: string; name: string; surveyed: number; aware: number; rateBp: number | null }[];
};

export type TQuestionnaire = TSurveySummary['questionnaire'] & { effectiveFrom: string };

export type TVocabulary = {
  needs: Record<SupportNeed, string>;
  visitorRoles: Record<VisitorRole, string>;
  kitItems: string[];
  questionnaires: TQuestionnaire[];
};

export type THouseholdOption = {
  id: number;
  householdNo: string;
  headName: string | null;
  villageName: string;
};
export type THouseholdMember = { id: number; name: string; relation: string | null; status: string };

export const getVocabulary = () => api.get<TVocabulary>('/support/vocabulary');
export const listCampaigns = () => api.get<TCampaign[]>('/support/campaigns');
export const getCampaign = (id: number | string) => api.get<TCampaignDetail>(`/support/campaigns/${id}`);
export const createCampaign = (body: {
  name: string;
  regionCode: string;
  startOn: string;
  endOn: string;
  description?: string | null;
}) => api.post<TCampaignDetail>('/support/campaigns', body);
export const patchCampaign = (
  id: number,
  body: { name?: string; endOn?: string; description?: string | null },
) => api.patch<TCampaignDetail>(`/support/campaigns/${id}`, body);
export const listChecklist = (id: number, params: TChecklistFilters & TPageParams) =>
  api.get<TPage<TChecklistRow>>(`/support/campaigns/${id}/households`, { query: params });
export const exportChecklist = (id: number, params: TChecklistFilters) =>
  requestFile(`/support/campaigns/${id}/households/export`, { query: params });

export const listVisits = (params: TVisitFilters & TPageParams) =>
  api.get<TPage<TVisit>>('/support/visits', { query: params });
export const exportVisits = (params: TVisitFilters) =>
  requestFile('/support/visits/export', { query: params });
export const createVisit = (body: TVisitInput) => api.post<TVisit>('/support/visits', body);
export const voidVisit = (id: number, reason: string) =>
  api.post<TVisit>(`/support/visits/${id}/void`, { reason });

export const listKits = (params: TKitFilters & TPageParams) =>
  api.get<TPage<TKit> & { kits: number }>('/support/kits', { query: params });
export const exportKits = (params: TKitFilters) => requestFile('/support/kits/export', { query: params });
export const createKit = (body: TKitInput & { householdId: number; distributedOn: string }) =>
  api.post<TKit>('/support/kits', body);
export const voidKit = (id: number, reason: string) => api.post<TKit>(`/support/kits/${id}/void`, { reason });

export const getSurveySummary = (query: { region?: string; from: string; to: string }) =>
  api.get<TSurveySummary>('/support/surveys/summary', { query });
export const getHouseholdSupport = (householdId: number | string) =>
  api.get<{ visits: TVisit[]; kits: TKit[] }>(`/households/${householdId}/support`);

export const searchHouseholds = (q: string, regionCode?: string) =>
  api.get<TPage<THouseholdOption>>('/households', { query: { q, regionCode, page: 1, pageSize: 20 } });
export const getHouseholdMembers = (householdId: number) =>
  api.get<{ members: THouseholdMember[] }>(`/households/${householdId}`);
