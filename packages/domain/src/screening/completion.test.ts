import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay, yearOf } from '../calendar/iso-date.ts';
import {
  type CountableRecord,
  completionRateBp,
  countedRecordIds,
  targetForPeriod,
  taskFromShare,
  validateTarget,
  yearsOfPeriod,
} from './completion.ts';
import {
  checkScreeningReferralChange,
  initialScreeningReferralStatus,
  isScreeningReferralOpen,
} from './referral.ts';

describe('countedRecordIds: one subject, one programme', () => {
  it('counts the earliest valid record of each year', () => {
    const records: CountableRecord[] = [
      { id: 3, screenedOn: '2026-05-01', isVoided: false },
      { id: 1, screenedOn: '2026-03-01', isVoided: true },
      { id: 2, screenedOn: '2026-04-01', isVoided: false },
      { id: 4, screenedOn: '2025-09-01', isVoided: false },
      { id: 5, screenedOn: '2026-04-01', isVoided: false },
    ];
    expect([...countedRecordIds(records)].sort()).toEqual([2, 4]);
  });

  const arbRecords = fc.uniqueArray(
    fc.record({
      id: fc.integer({ min: 1, max: 10_000 }),
      screenedOn: fc
        .integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2026-12-31') })
        .map(fromEpochDay),
      isVoided: fc.boolean(),
    }),
    { selector: (r) => r.id, maxLength: 30 },
  );

  it('counts exactly one valid record per year with any, never a voided one, whatever the order', () => {
    fc.assert(
      fc.property(arbRecords, (records) => {
        const counted = countedRecordIds(records);
        const valid = records.filter((r) => !r.isVoided);
        const years = new Set(valid.map((r) => yearOf(r.screenedOn)));
        expect(counted.size).toBe(years.size);
        for (const id of counted) {
          expect(valid.some((r) => r.id === id)).toBe(true);
        }
        expect(countedRecordIds([...records].reverse())).toEqual(counted);
        const kept = records.filter((r) => counted.has(r.id));
        expect(countedRecordIds(kept)).toEqual(counted);
      }),
    );
  });
});

describe('targets and completion', () => {
  const targets = [
    { year: 2025, count: 120 },
    { year: 2026, count: 150 },
  ];

  it.each([
    ['2026-01-01', '2026-10-31', 150],
    ['2026-06-01', '2026-06-30', 150],
    ['2025-07-01', '2026-06-30', 270],
    ['2024-01-01', '2024-12-31', 0],
  ])('period %s – %s → target %i', (from, to, target) => {
    expect(targetForPeriod(targets, from, to)).toBe(target);
  });

  it('lists the years of a period', () => {
    expect(yearsOfPeriod('2024-12-31', '2026-01-01')).toEqual([2024, 2025, 2026]);
  });

  it('computes completion in basis points and refuses a zero target', () => {
    expect(completionRateBp(118, 150)).toBe(7867);
    expect(completionRateBp(0, 0)).toBeNull();
  });

  it('sets a task as a share of a population, half-up', () => {
    expect(taskFromShare(1_000, 3_300)).toBe(330);
    expect(taskFromShare(47, 3_300)).toBe(16);
  });

  it.each([
    [{ programme: 'cervical', year: 2026, basis: 'task', count: 300 }, []],
    [{ programme: 'newborn_hearing', year: 2026, basis: 'live_births', count: 640 }, []],
    [
      { programme: 'newborn_metabolic', year: 2026, basis: 'task', count: 640 },
      ['新生儿遗传代谢病筛查（两病）的目标应按活产数下达，不能按任务数'],
    ],
    [
      { programme: 'breast', year: 2014, basis: 'task', count: -1 },
      ['乳腺癌筛查：年度“2014”无效（2015–2100）', '乳腺癌筛查：目标数“-1”应为0到1000000之间的整数'],
    ],
  ] as const)('validates %j', (input, problems) => {
    expect(validateTarget(input)).toEqual(problems);
  });
});

describe('referral of abnormal results', () => {
  const state = { status: 'pending', screenedOn: '2026-03-01', referredOn: null } as const;

  it('opens a referral for abnormal and follow-up results only', () => {
    expect(initialScreeningReferralStatus('normal')).toBe('none');
    expect(initialScreeningReferralStatus('abnormal')).toBe('pending');
    expect(initialScreeningReferralStatus('follow_up')).toBe('pending');
    expect(isScreeningReferralOpen('referred')).toBe(true);
    expect(isScreeningReferralOpen('confirmed')).toBe(false);
  });

  it.each([
    [state, { to: 'referred', date: '2026-03-05', institution: '县妇幼保健院' }, []],
    [state, { to: 'referred', date: '2026-03-05' }, ['转诊须填写转诊机构']],
    [
      state,
      { to: 'confirmed', date: '2026-03-05', diagnosis: 'CIN2' },
      ['转诊状态不能从“待转诊”变为“已确诊”（可变为：已转诊、已排除、失访）'],
    ],
    [
      { status: 'referred', screenedOn: '2026-03-01', referredOn: '2026-03-05' },
      { to: 'confirmed', date: '2026-03-04', diagnosis: 'CIN2' },
      ['已确诊日期2026-03-04早于转诊日期2026-03-05'],
    ],
    [
      { status: 'referred', screenedOn: '2026-03-01', referredOn: '2026-03-05' },
      { to: 'confirmed', date: '2026-03-20' },
      ['确诊须填写确诊结果（诊断）'],
    ],
    [
      { ...state, status: 'confirmed' },
      { to: 'lost', date: '2026-03-05' },
      ['转诊状态已是“已确诊”，不能再变更'],
    ],
    [{ ...state, status: 'none' }, { to: 'referred', date: '2026-03-05' }, ['筛查结果未见异常，无需转诊']],
    [state, { to: 'excluded', date: '2026-12-01' }, ['已排除日期2026-12-01晚于今天2026-11-01']],
    [{ ...state, status: 'lost' }, { to: 'referred', date: '2026-04-01', institution: '市医院' }, []],
  ] as const)('%j + %j → %j', (from, change, problems) => {
    expect(checkScreeningReferralChange(from, change, '2026-11-01')).toEqual(problems);
  });
});
