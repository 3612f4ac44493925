import { describe, expect, it } from 'vitest';
import {
  checkProblem,
  checkRound,
  defaultRoundName,
  formatProblemNo,
  quarterBounds,
  quarterlyCoverage,
  quarterOf,
  type TProblemInput,
  type TRoundInput,
} from './rounds.ts';

const ROUND: TRoundInput = {
  countyCode: '130321',
  kind: 'quarterly',
  quarter: 2,
  name: '2026年第二季度健康扶贫督导检查',
  startDate: '2026-05-10',
  endDate: '2026-05-20',
  regionCodes: ['130321100000', '130321101000'],
  inspectors: ['李督导', '王督导'],
};

describe('quarters', () => {
  it.each([
    ['2026-01-01', 1],
    ['2026-03-31', 1],
    ['2026-04-01', 2],
    ['2026-09-30', 3],
    ['2026-12-31', 4],
  ])('%s is in quarter %d', (date, quarter) => {
    expect(quarterOf(date)).toBe(quarter);
  });

  it('gives quarter bounds and refuses other quarters', () => {
    expect(quarterBounds(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterBounds(2026, 2)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterBounds(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(() => quarterBounds(2026, 5)).toThrow('季度“5”无效');
  });

  it('names rounds like the bureau does', () => {
    expect(defaultRoundName(2026, 'quarterly', 3)).toBe('2026年第三季度健康扶贫督导检查');
    expect(defaultRoundName(2026, 'special', null)).toBe('2026年健康扶贫专项督导');
  });
});

describe('checkRound', () => {
  it('accepts a well-formed quarterly round', () => {
    expect(checkRound(ROUND)).toEqual([]);
    expect(checkRound({ ...ROUND, kind: 'special', quarter: null })).toEqual([]);
  });

  it.each<[Partial<TRoundInput>, string]>([
    [{ name: ' ' }, '督导名称：不能为空，且不超过60个字'],
    [{ endDate: '2026-05-01' }, '结束日期2026-05-01早于开始日期2026-05-10'],
    [{ startDate: '2026-02-30' }, '开始日期“2026-02-30”无效：应为 YYYY-MM-DD'],
    [{ quarter: 3 }, '开始日期2026-05-10不在第3季度内'],
    [{ quarter: null }, '季度：季度督导须选择第一至第四季度'],
    [{ kind: 'special' }, '季度：专项督导不填季度'],
    [{ regionCodes: [] }, '督导范围：至少选择一个乡镇或村'],
    [{ regionCodes: ['130321000000'] }, '督导范围：130321000000不是乡镇或村级区划'],
    [{ regionCodes: ['130322100000'] }, '督导范围：130322100000不属于本县（130321）'],
    [{ regionCodes: ['130321100000', '130321100000'] }, '督导范围：130321100000重复'],
    [{ regionCodes: ['12345'] }, '督导范围：区划代码“12345”无效'],
    [{ inspectors: [] }, '督导人员：至少填写一名督导人员'],
    [{ inspectors: ['李督导', '李督导'] }, '督导人员：姓名重复'],
    [{ inspectors: ['李督导', ''] }, '督导人员：姓名不能为空，且不超过20个字'],
  ])('refuses %o: %s', (patch, message) => {
    expect(checkRound({ ...ROUND, ...patch })).toContain(message);
  });
});

describe('quarterly coverage (一年四次督导)', () => {
  it('counts the quarters of the year with a quarterly round', () => {
    const coverage = quarterlyCoverage(
      [
        { kind: 'quarterly', startDate: '2026-02-10', quarter: 1 },
        { kind: 'quarterly', startDate: '2026-05-10', quarter: 2 },
        { kind: 'special', startDate: '2026-08-10', quarter: null },
        { kind: 'quarterly', startDate: '2025-11-10', quarter: 4 },
      ],
      2026,
    );
    expect(coverage).toEqual({
      year: 2026,
      planned: 4,
      done: 2,
      quarters: [
        { quarter: 1, hasRound: true },
        { quarter: 2, hasRound: true },
        { quarter: 3, hasRound: false },
        { quarter: 4, hasRound: false },
      ],
    });
  });
});

describe('checkProblem', () => {
  const PROBLEM: TProblemInput = {
    countyCode: '130321',
    regionCode: '130321100201',
    foundOn: '2026-05-12',
    deadline: '2026-06-11',
    description: '签约服务协议未按规定留存',
    responsibleUnit: '青龙镇卫生院',
    round: { startDate: '2026-05-10', endDate: '2026-05-20', regionCodes: ['130321100000'] },
    subjectVillageCode: '130321100201',
  };

  it('accepts a finding inside the round', () => {
    expect(checkProblem(PROBLEM)).toEqual([]);
    expect(checkProblem({ ...PROBLEM, round: null, subjectVillageCode: null })).toEqual([]);
  });

  it.each<[Partial<TProblemInput>, string]>([
    [{ regionCode: '130321000000' }, '所在区域：应为乡镇或村'],
    [{ regionCode: '130322100000' }, '所在区域：130322100000不属于本县（130321）'],
    [{ regionCode: '130321101201', subjectVillageCode: null }, '所在区域：不在该轮督导的检查范围内'],
    [{ subjectVillageCode: '130321100202' }, '所涉户/人员：不在问题所在区域内'],
    [{ description: '不规范' }, '问题描述：至少5个字'],
    [{ responsibleUnit: ' ' }, '责任单位：不能为空'],
    [{ deadline: '2026-05-11' }, '整改时限2026-05-11早于发现日期2026-05-12'],
    [
      { foundOn: '2026-05-21', deadline: '2026-06-30' },
      '发现日期2026-05-21不在该轮督导期间（2026-05-10至2026-05-20）内',
    ],
    [{ foundOn: '2026-13-01' }, '发现日期“2026-13-01”无效：应为 YYYY-MM-DD'],
  ])('refuses %o: %s', (patch, message) => {
    expect(checkProblem({ ...PROBLEM, ...patch })).toContain(message);
  });

  it('numbers problems per year', () => {
    expect(formatProblemNo(2026, 7)).toBe('DC2026-0007');
    expect(formatProblemNo(2026, 12_345)).toBe('DC2026-12345');
  });
});
