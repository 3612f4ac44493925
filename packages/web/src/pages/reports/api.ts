import { api, requestFile } from '../../app/api/client.ts';

export type TReportBody = { title: string; sections: { heading: string; paragraphs: string[] }[] };

export type TReportTemplate = {
  id: number;
  name: string;
  regionCode: string | null;
  isBuiltIn: boolean;
  body: TReportBody;
  updatedAt: string | null;
};

export type TSegment =
  | { type: 'text'; text: string }
  | {
      type: 'figure';
      text: string;
      code: string;
      indicatorName: string;
      part: 'value' | 'numerator' | 'denominator';
      regionCode: string;
      from: string;
      to: string;
      isMissing: boolean;
      missingReason: string | null;
    };

export type TRendered = {
  region: { code: string; name: string };
  from: string;
  to: string;
  report: { title: string; sections: { heading: string; paragraphs: TSegment[][] }[]; missingCount: number };
};

export type TReportQuery = { templateId: number; region: string; from: string; to: string };

export const listTemplates = () => api.get<{ items: TReportTemplate[] }>('/reports/templates');
export const createTemplate = (input: { name: string; body: TReportBody }) =>
  api.post<TReportTemplate>('/reports/templates', input);
export const updateTemplate = (id: number, input: { name: string; body: TReportBody }) =>
  api.put<TReportTemplate>(`/reports/templates/${id}`, input);
export const deleteTemplate = (id: number) => api.delete<void>(`/reports/templates/${id}`);
export const generateReport = (query: TReportQuery) => api.get<TRendered>('/reports/generate', { query });
export const downloadDocx = (query: TReportQuery) => requestFile('/reports/generate.docx', { query });
export const printUrl = (query: TReportQuery) =>
  `/api/v1/reports/generate.html?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;
