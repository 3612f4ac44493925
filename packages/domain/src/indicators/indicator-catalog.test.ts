import { describe, expect, it } from 'vitest';
import { findIndicator, INDICATORS } from './indicator-catalog.ts';

describe('indicator catalogue', () => {
  it('has unique, stable snake_case codes', () => {
    const codes = INDICATORS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it.each([
    '建档立卡户数',
    '建档立卡人数',
    '因病致贫户数',
    '因病致贫人数',
    '因病致贫户占比',
    '监测对象户数',
    '监测对象人数',
    '核准率',
    '大病患者数',
    '救治率',
    '签约人数',
    '签约率',
    '履约率',
    '续签率',
    '慢病管理人数',
    '规范管理率',
    '血压控制率',
    '血糖控制率',
    '严重精神障碍规范管理率',
    '一站式结算人次',
    '一站式结算金额',
    '先诊疗后付费人次',
    '免收押金金额',
    '政策范围内补偿比',
    '住院合规费用自付比',
    '宫颈癌筛查完成比率',
    '乳腺癌筛查完成比率',
    '保健箱发放数',
    '大走访覆盖率',
    '政策知晓率',
    '标准化村卫生室数',
    '标准化村卫生室率',
    '问题整改率',
    '预警数',
    '预警处置率',
  ])('defines %s', (name) => {
    expect(INDICATORS.some((d) => d.name === name)).toBe(true);
  });

  it('gives every ratio a denominator and every count none, and a definition in words', () => {
    for (const d of INDICATORS) {
      expect(d.denominator === null).toBe(d.kind !== 'ratio');
      expect(d.definition.length).toBeGreaterThan(10);
      expect(d.levels.length).toBeGreaterThan(0);
    }
  });

  it('finds by code', () => {
    expect(findIndicator('contract_rate')?.name).toBe('签约率');
    expect(findIndicator('nope')).toBeUndefined();
  });
});
