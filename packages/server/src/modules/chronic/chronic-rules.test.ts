import { addDays } from '@healthaid/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkContractAction,
  checkContractPeriod,
  escapeHtml,
  flagCheckupResults,
  formatContractNo,
  isContractFulfilled,
  isContractInForce,
  minimumContractEnd,
  overlapDays,
  renewalPeriod,
  requiredDeliveries,
} from './chronic-rules.ts';

describe('contract period', () => {
  it.each([
    ['2026-01-01', '2026-12-31', null],
    ['2026-01-01', '2027-06-30', null],
    ['2026-01-01', '2026-12-30', '签约服务期限至少一年：开始日期为2026-01-01时，结束日期不能早于2026-12-31'],
    ['2026-03-01', '2026-03-01', '签约结束日期必须晚于开始日期'],
    ['2024-02-29', '2025-02-26', '签约服务期限至少一年：开始日期为2024-02-29时，结束日期不能早于2025-02-27'],
  ])('%s → %s', (start, end, message) => {
    expect(checkContractPeriod(start, end)).toBe(message);
  });

  it('a renewal starts the day after and lasts a year', () => {
    expect(renewalPeriod('2026-12-31')).toEqual({ startDate: '2027-01-01', endDate: '2027-12-31' });
  });

  it('the minimum end is always valid and the day before it never is', () => {
    const dates = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('1990-01-01', n));
    fc.assert(
      fc.property(dates, (start) => {
        const end = minimumContractEnd(start);
        return (
          checkContractPeriod(start, end) === null && checkContractPeriod(start, addDays(end, -1)) !== null
        );
      }),
    );
  });
});

describe('contract actions', () => {
  it.each([
    ['approve', 'pending', null],
    ['approve', 'signed', '状态为“签约”的签约不能审核'],
    ['renew', 'signed', null],
    ['renew', 'renewed', null],
    ['renew', 'pending', '状态为“待审核”的签约不能续约'],
    ['cancel', 'cancelled', '状态为“解约”的签约不能解约'],
    ['cancel', 'signed', null],
  ] as const)('%s on %s', (action, status, message) => {
    expect(checkContractAction(action, status)).toBe(message);
  });

  it('in force only when signed/renewed inside the period and not yet cancelled', () => {
    const base = { startDate: '2026-01-01', endDate: '2026-12-31', cancelDate: null };
    expect(isContractInForce({ ...base, status: 'signed' }, '2026-06-01')).toBe(true);
    expect(isContractInForce({ ...base, status: 'pending' }, '2026-06-01')).toBe(false);
    expect(isContractInForce({ ...base, status: 'signed' }, '2027-01-01')).toBe(false);
    const cancelled = { ...base, status: 'cancelled' as const, cancelDate: '2026-07-01' };
    expect(isContractInForce(cancelled, '2026-06-30')).toBe(true);
    expect(isContractInForce(cancelled, '2026-07-01')).toBe(false);
  });
});

describe('fulfilment', () => {
  it.each([
    [4, 365, 4],
    [4, 91, 1],
    [1, 91, 0],
    [1, 183, 1],
    [4, 400, 4],
    [0, 365, 0],
  ])('%i a year over %i days → %i', (count, days, expected) => {
    expect(requiredDeliveries(count, days)).toBe(expected);
  });

  it('overlap counts both ends', () => {
    const year = { from: '2026-01-01', to: '2026-12-31' };
    expect(overlapDays(year, { from: '2026-12-31', to: '2027-03-01' })).toBe(1);
    expect(overlapDays(year, { from: '2027-01-01', to: '2027-03-01' })).toBe(0);
    expect(overlapDays(year, year)).toBe(365);
  });

  it('every item must reach its pro-rated count', () => {
    const items = [
      { itemId: 1, countPerYear: 4 },
      { itemId: 2, countPerYear: 1 },
    ];
    const fourVisits = [1, 1, 1, 1].map((itemId) => ({ itemId }));
    expect(isContractFulfilled({ items, deliveries: fourVisits, coveredDays: 365 })).toBe(false);
    expect(isContractFulfilled({ items, deliveries: [...fourVisits, { itemId: 2 }], coveredDays: 365 })).toBe(
      true,
    );
    expect(isContractFulfilled({ items, deliveries: [{ itemId: 1 }], coveredDays: 91 })).toBe(true);
    expect(isContractFulfilled({ items, deliveries: [], coveredDays: 0 })).toBe(false);
  });
});

describe('checkup flags', () => {
  it.each([
    [{ systolic: 139, diastolic: 89 }, []],
    [{ systolic: 140, diastolic: 80 }, ['bp_high']],
    [{ systolic: 120, diastolic: 90 }, ['bp_high']],
    [{ fastingGlucoseTenths: 69 }, []],
    [{ fastingGlucoseTenths: 70 }, ['glucose_high']],
    [{ fastingGlucoseTenths: 38 }, ['glucose_low']],
    [
      { bmiTenths: 280, totalCholesterolTenths: 62, ecgAbnormal: true },
      ['obesity', 'cholesterol_high', 'ecg_abnormal'],
    ],
  ])('%j → %j', (results, codes) => {
    expect(flagCheckupResults(results).map((f) => f.code)).toEqual(codes);
  });

  it('names the suspected disease and the value', () => {
    expect(flagCheckupResults({ fastingGlucoseTenths: 75 })).toEqual([
      { code: 'glucose_high', label: '空腹血糖偏高（7.5 mmol/L）', suspectedDisease: 'diabetes' },
    ]);
  });
});

describe('formatting', () => {
  it('contract numbers and HTML escaping', () => {
    expect(formatContractNo('130321', 2026, 12)).toBe('HT-130321-2026-000012');
    expect(escapeHtml('<b>"张三"&\'</b>')).toBe('&lt;b&gt;&quot;张三&quot;&amp;&#39;&lt;/b&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});
