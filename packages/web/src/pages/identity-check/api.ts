import { api } from '../../app/api/client.ts';

export type THospitalLevel = 'township' | 'county' | 'city' | 'province';
export type TVisitType = 'inpatient' | 'outpatient_chronic' | 'outpatient';

/** Answer of GET /identity/{idNumber}: only masked identity, everything as of the date asked. */
export type TIdentity = {
  idNumberMasked: string;
  date: string;
  found: boolean;
  nameMasked: string | null;
  sex: 'M' | 'F' | null;
  age: number | null;
  villageName: string | null;
  status: 'normal' | 'dead' | 'moved_out' | null;
  isInsured: boolean | null;
  categories: { code: string; label: string }[];
  isPriorityGroup: boolean;
  treatFirstPayLater: {
    applies: boolean;
    levels: THospitalLevel[];
    visitTypes: TVisitType[];
    description: string;
  };
  selfPayCap: {
    applies: boolean;
    levels: { level: THospitalLevel; capRateBp: number }[];
    visitTypes: TVisitType[];
    base: 'total' | 'policy_scope' | null;
    description: string;
  };
  policySet: { code: string; name: string; version: number } | null;
  familyDoctor: {
    teamName: string;
    doctorName: string | null;
    doctorPhone: string | null;
    institutionName: string | null;
    contractNo: string;
    startDate: string;
    endDate: string;
  } | null;
  openTreatmentCases: {
    itemCode: string | null;
    itemName: string | null;
    status: string;
    statusLabel: string;
    openedOn: string;
  }[];
  message: string;
};

export type TBatchItemResult =
  | { index: number; ok: true; result: TIdentity }
  | { index: number; ok: false; error: { code: string; message: string } };

export type TBatchAnswer = {
  date: string;
  total: number;
  found: number;
  notFound: number;
  invalid: number;
  results: TBatchItemResult[];
};

/** Most ID numbers one batch request may carry (the server refuses more). */
export const BATCH_LIMIT = 500;

export function checkIdentity(idNumber: string, date: string): Promise<TIdentity> {
  return api.get<TIdentity>(`/identity/${encodeURIComponent(idNumber)}`, { query: { date } });
}

export function checkIdentityBatch(items: string[], date: string): Promise<TBatchAnswer> {
  return api.post<TBatchAnswer>('/identity/batch', { date, items });
}
