import { ZDiabetesVisit, ZHypertensionVisit } from '@healthaid/domain/follow-up';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toVisitBody } from './visit-form.ts';

const base = {
  visitDate: dayjs('2026-03-01'),
  method: 'clinic',
  doctorName: '李医生',
  outcome: 'continue',
  symptoms: ['none'],
  hasAdverseReaction: false,
  adherence: 'regular',
};

describe('toVisitBody', () => {
  it('formats dates, converts one-decimal text to tenths and drops empty values', () => {
    const { body, errors } = toVisitBody('diabetes', {
      ...base,
      fastingGlucoseTenths: '6.9',
      heartRate: null,
      weightTenths: '',
    });
    expect(errors).toEqual([]);
    expect(body).toEqual({ disease: 'diabetes', ...base, visitDate: '2026-03-01', fastingGlucoseTenths: 69 });
    expect(ZDiabetesVisit.safeParse(body).success).toBe(true);
  });

  it.each([
    ['7', 70],
    ['16.7', 167],
    ['３.９', 39],
  ])('glucose text %s → %i tenths', (text, tenths) => {
    expect(toVisitBody('diabetes', { fastingGlucoseTenths: text }).body.fastingGlucoseTenths).toBe(tenths);
  });

  it('reports text that is not a one-decimal number in Chinese', () => {
    expect(toVisitBody('diabetes', { fastingGlucoseTenths: '6.95' }).errors).toEqual([
      { name: 'fastingGlucoseTenths', message: '空腹血糖须为数字，最多一位小数' },
    ]);
  });

  it('leaves range checks to the shared schema, with the server’s messages', () => {
    const { body } = toVisitBody('hypertension', { ...base, systolic: 301, diastolic: 80 });
    const result = ZHypertensionVisit.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('收缩压应在60–300 mmHg之间');
  });
});
