import { parseTenths } from '@healthaid/domain/follow-up';
import type { Dayjs } from 'dayjs';

/** Pure conversion of the follow-up form's values into the request body checked by the shared zod schemas. */

export type TDisease = 'hypertension' | 'diabetes' | 'mental' | 'tuberculosis' | 'chronic';
export type TValues = Record<string, unknown>;

/** Fields typed as one-decimal text in the form and sent as integer tenths. */
export const TENTHS_FIELDS: Record<string, string> = {
  fastingGlucoseTenths: '空腹血糖',
  weightTenths: '体重',
};
export const DATE_FIELDS = ['visitDate', 'diagnosisDate', 'lastDischargeDate', 'nextVisitDate'];

/** Form values → request body: dates as text, one-decimal text as tenths, empty values dropped. */
export function toVisitBody(
  disease: TDisease,
  values: TValues,
): { body: TValues; errors: { name: string; message: string }[] } {
  const body: TValues = { disease };
  const errors: { name: string; message: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (DATE_FIELDS.includes(key)) {
      body[key] = (value as Dayjs).format('YYYY-MM-DD');
    } else if (key in TENTHS_FIELDS) {
      const tenths = parseTenths(String(value));
      if (tenths === null) {
        errors.push({ name: key, message: `${TENTHS_FIELDS[key]}须为数字，最多一位小数` });
      } else {
        body[key] = tenths;
      }
    } else {
      body[key] = value;
    }
  }
  return { body, errors };
}
