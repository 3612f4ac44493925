import { formatBp } from '@healthaid/domain/money';
import { api, requestFile } from '../../app/api/client.ts';
import type { TPage, TPageParams } from '../../app/api/types.ts';

/** Client of the institutions module: institutions, standardisation, referrals. */

export type TInstitutionLevel =
  | 'village_clinic'
  | 'township_health_centre'
  | 'community_health_centre'
  | 'county'
  | 'city'
  | 'province';

export const LEVEL_LABELS: Record<TInstitutionLevel, string> = {
  village_clinic: '村卫生室',
  township_health_centre: '乡镇卫生院',
  community_health_centre: '社区卫生服务中心',
  county: '县级医疗机构',
  city: '市级医疗机构',
  province: '省级医疗机构',
};
export const INSTITUTION_TYPES = [
  '综合医院',
  '中医医院',
  '专科医院',
  '妇幼保健院',
  '乡镇卫生院',
  '社区卫生服务中心',
  '村卫生室',
];

export type TStandardisation = {
  areaM2: number | null;
  hasFourRoomsSeparated: boolean | null;
  doctorsInPost: number | null;
  equipment: string[];
  checkedOn: string | null;
  checkedBy: string | null;
  isStandard: boolean | null;
  failures: string[];
  requiredEquipment: string[];
  isApplicable: boolean;
};

export type TInstitution = {
  code: string;
  name: string;
  level: TInstitutionLevel;
  levelLabel: string;
  type: string | null;
  regionCode: string;
  regionName: string;
  townshipName: string;
  countyCode: string;
  address: string | null;
  phone: string | null;
  designatedDiseases: string[];
  isActive: boolean;
  standardisation: TStandardisation | null;
};

export type TInstitutionInput = {
  code: string;
  name: string;
  level: TInstitutionLevel;
  type?: string | null;
  regionCode: string;
  address?: string | null;
  phone?: string | null;
  designatedDiseases: string[];
  isActive: boolean;
};

export type TInstitutionFilters = {
  region?: string;
  q?: string;
  level?: TInstitutionLevel;
  standard?: 'yes' | 'no' | 'unchecked';
  active?: 'true' | 'false';
};

export type TInstitutionOption = {
  code: string;
  name: string;
  level: string;
  levelLabel: string;
  regionCode: string;
};

export type TStandardisationRates = {
  total: {
    villageClinics: number;
    villageClinicsChecked: number;
    villageClinicsStandard: number;
    villageRateBp: number | null;
    townshipCentres: number;
    townshipCentresStandard: number;
    townshipRateBp: number | null;
  };
  children: (TStandardisationRates['total'] & { code: string; name: string })[];
};

export const listInstitutions = (params: TInstitutionFilters & TPageParams) =>
  api.get<TPage<TInstitution>>('/institutions', { query: params });
export const exportInstitutions = (params: TInstitutionFilters) =>
  requestFile('/institutions/export', { query: params });
export const searchInstitutions = (q: string, level?: TInstitutionLevel, designatedFor?: string) =>
  api.get<TInstitutionOption[]>('/institutions/options', { query: { q, level, designatedFor, limit: 20 } });
export const createInstitution = (body: TInstitutionInput) => api.post<TInstitution>('/institutions', body);
export const updateInstitution = (code: string, body: Omit<TInstitutionInput, 'code'>) =>
  api.put<TInstitution>(`/institutions/${code}`, body);
export const recordStandardisation = (
  code: string,
  body: {
    areaM2: number;
    hasFourRoomsSeparated: boolean;
    doctorsInPost: number;
    equipment: string[];
    checkedOn: string;
  },
) => api.put<TInstitution>(`/institutions/${code}/standardisation`, body);
export const standardisationRates = (region: string) =>
  api.get<TStandardisationRates>('/institutions/standardisation-rates', { query: { region } });

// ------------------------------------------------------------------ referrals

export type TReferralStatus = 'pending' | 'accepted' | 'completed' | 'rejected' | 'cancelled';
export const REFERRAL_STATUS_LABELS: Record<TReferralStatus, string> = {
  pending: '待接收',
  accepted: '已接收',
  completed: '已完成',
  rejected: '已拒绝',
  cancelled: '已取消',
};
export const REFERRAL_NEXT: Record<TReferralStatus, TReferralStatus[]> = {
  pending: ['accepted', 'rejected', 'cancelled'],
  accepted: ['completed', 'cancelled'],
  completed: [],
  rejected: [],
  cancelled: [],
};
export const REFERRAL_REASONS = [
  '超出本机构诊疗能力',
  '需进一步检查明确诊断',
  '大病集中救治（定点医院）',
  '慢病病情控制不满意（随访转诊）',
  '急危重症',
  '病情稳定转回基层康复管理',
];

export type TReferral = {
  id: number;
  personId: number;
  personName: string;
  idNumberMasked: string;
  villageName: string;
  townshipName: string;
  fromInstitution: string;
  fromName: string;
  toInstitution: string;
  toName: string;
  direction: 'up' | 'down' | 'lateral';
  directionLabel: string;
  reason: string;
  diagnosisId: number | null;
  referredOn: string;
  status: TReferralStatus;
  statusLabel: string;
  statusDate: string;
  note: string | null;
};
export type TReferralDetail = TReferral & {
  history: { status: string; statusLabel: string; date: string; note: string | null; by: string | null }[];
};
export type TReferralFilters = { region?: string; status?: TReferralStatus; direction?: string; q?: string };

export const listReferrals = (params: TReferralFilters & TPageParams) =>
  api.get<TPage<TReferral>>('/referrals', { query: params });
export const exportReferrals = (params: TReferralFilters) =>
  requestFile('/referrals/export', { query: params });
export const listReferralsOfPerson = (personId: number) =>
  api.get<TReferral[]>(`/persons/${personId}/referrals`);
export const getReferral = (id: number) => api.get<TReferralDetail>(`/referrals/${id}`);
export const createReferral = (body: {
  personId: number;
  fromInstitution: string;
  toInstitution: string;
  reason: string;
  referredOn: string;
  diagnosisId?: number;
}) => api.post<TReferralDetail>('/referrals', body);
export const changeReferralStatus = (
  id: number,
  body: { to: TReferralStatus; date: string; note?: string },
) => api.patch<TReferralDetail>(`/referrals/${id}/status`, body);

export function formatRate(bp: number | null): string {
  return bp === null ? '—' : formatBp(bp);
}
