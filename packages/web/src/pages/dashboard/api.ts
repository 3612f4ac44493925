import { api } from '../../app/api/client.ts';

export type TIndicatorValue = {
  numerator: number;
  denominator: number | null;
  value: number | null;
  display: string;
  missingReason: string | null;
};

export type TDashboard = {
  region: { code: string; name: string; level: string };
  from: string;
  to: string;
  keyFigures: {
    code: string;
    name: string;
    unit: string;
    kind: string;
    isAvailable: boolean;
    value: TIndicatorValue | null;
  }[];
  childColumns: { code: string }[];
  children: { code: string; name: string; figures: Record<string, TIndicatorValue | null> }[];
  trend: { month: string; poorPersons: number; monitoredPersons: number }[];
  categories: { key: string; label: string; count: number }[];
  causes: { key: string; label: string; count: number }[];
};

export function getDashboard(params: { region: string; from: string; to: string }): Promise<TDashboard> {
  return api.get<TDashboard>('/dashboard', { query: params });
}

/** 签约人数, 重点人群人数 and 签约率 of a region or child region (family-doctor signing of the key persons). */
export type TSigningFigures = {
  contractedPersons: TIndicatorValue;
  keyPersons: number;
  contractRate: TIndicatorValue;
};

export type TFamilyDoctorDashboard = TSigningFigures & {
  region: { code: string; name: string; level: string };
  from: string;
  to: string;
  children: (TSigningFigures & { code: string; name: string })[];
};

export function getFamilyDoctorDashboard(params: {
  region: string;
  from: string;
  to: string;
}): Promise<TFamilyDoctorDashboard> {
  return api.get<TFamilyDoctorDashboard>('/dashboard/family-doctor', { query: params });
}
