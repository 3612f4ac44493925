import { api, requestFile } from '../../app/api/client.ts';
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
};

export type TSettlementDetail = TSettlement & {
  layers: TLayer[];
  bearer: { kind: string; code: string; label: string } | null;
  explanation: string[];
};

export type TSettlementFilters = { from?: string; to?: string; q?: string };

export const checkIdentity = (idNumber: string, date: string) =>
  api.get<TIdentity>(`/identity-check${buildQuery({ idNumber, date })}`);

export const createSettlement = (idNumber: string, claim: TClaim) =>
  api.post<TSettlementDetail>('/settlements', { idNumber, claim });

export const listSettlements = (params: TSettlementFilters & TPageParams) =>
  api.get<TPage<TSettlement>>(`/settlements${buildQuery(params)}`);

export const reverseSettlement = (id: number, reason: string) =>
  api.post<TSettlementDetail>(`/settlements/${id}/reverse`, { reason });

export const exportSettlements = (filters: TSettlementFilters) =>
  requestFile(`/settlements/export.xlsx${buildQuery(filters)}`);

export const statementUrl = (id: number) => `/api/v1/settlements/${id}/statement.html`;
