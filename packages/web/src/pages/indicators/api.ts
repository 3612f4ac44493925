import { api, requestFile } from '../../app/api/client.ts';
import type { TPage } from '../../app/api/types.ts';
import type { TIndicatorValue } from '../dashboard/api.ts';

export type TIndicatorDefinition = {
  code: string;
  name: string;
  kind: 'count' | 'ratio' | 'amount';
  unit: string;
  module: string;
  periodSemantics: 'point' | 'period';
  numerator: string;
  denominator: string | null;
  definition: string;
  formula: string;
  levels: string[];
  isAvailable: boolean;
};

export type TIndicatorResult = {
  code: string;
  name: string;
  unit: string;
  kind: string;
  region: { code: string; name: string; level: string };
  from: string;
  to: string;
  isAvailable: boolean;
  value: TIndicatorValue | null;
  children: { code: string; name: string; value: TIndicatorValue }[] | null;
};

export type TMember = {
  entityType: 'person' | 'household' | 'problem' | 'institution';
  id: number;
  countyCode: string;
  name: string;
  idNumber: string | null;
  householdNo: string | null;
  villageCode: string;
  villageName: string;
};

export type TPeriodQuery = { region: string; from: string; to: string };

export const listIndicators = () => api.get<{ items: TIndicatorDefinition[] }>('/indicators');

export const getIndicator = (code: string, query: TPeriodQuery) =>
  api.get<TIndicatorResult>(`/indicators/${encodeURIComponent(code)}`, {
    query: { ...query, children: 'true' },
  });

export const listMembers = (
  code: string,
  query: TPeriodQuery & { part: 'numerator' | 'denominator'; page: number; pageSize: number },
) => api.get<TPage<TMember>>(`/indicators/${encodeURIComponent(code)}/members`, { query });

export const exportMembers = (code: string, query: TPeriodQuery & { part: 'numerator' | 'denominator' }) =>
  requestFile(`/indicators/${encodeURIComponent(code)}/members.xlsx`, { query });
