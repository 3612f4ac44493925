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
