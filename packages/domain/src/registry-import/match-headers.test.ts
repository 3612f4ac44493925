import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from './import-columns.ts';
import { findHeaderRow, matchHeader, matchHeaders, normalizeHeader } from './match-headers.ts';

describe('matchHeader', () => {
  it.each([
    ['身份证号', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['证件号码', 'idNumber'],
    ['身份证号码', 'idNumber'],
    ['*身份证号（必填）', 'idNumber'],
    [' 身份证号 ', 'idNumber'],
    ['姓名', 'name'],
    ['人员姓名', 'name'],
    ['户编号', 'householdNo'],
    ['户号', 'householdNo'],
    ['与户主关系', 'relation'],
    ['与户主的关系', 'relation'],
    ['村', 'villageCode'],
    ['行政区划代码', 'villageCode'],
    ['人员类别', 'categories'],
    ['类别开始日期', 'categoryFrom'],
    ['联系电话', 'phone'],
    ['参保', 'isInsured'],
    ['是否参保(是/否)', 'isInsured'],
    ['资助参保', 'hasPremiumSubsidy'],
    ['残疾证号', 'disabilityCert'],
    ['贫困户属性', 'povertyAttribute'],
    ['主要致贫原因', 'mainCause'],
    ['脱贫状态', 'exitStatus'],
    ['脱贫年度', 'exitYear'],
    ['监测类型', 'monitoringType'],
    ['风险状态', 'riskStatus'],
    ['ＩＤ', null],
    ['备注', null],
  ])('%s → %s', (header, key) => {
    expect(matchHeader(header)).toBe(key);
  });

  it('every template header and alias is unique across columns', () => {
    const seen = new Map<string, string>();
    for (const column of IMPORT_COLUMNS) {
      for (const text of [column.header, ...column.aliases]) {
        const key = normalizeHeader(text);
        expect(seen.get(key) ?? column.key, `${text}`).toBe(column.key);
        seen.set(key, column.key);
      }
    }
  });
});

describe('matchHeaders', () => {
  it('maps cell indexes and keeps the headers as written', () => {
    const result = matchHeaders(['序号', '公民身份号码', '姓名', '', '村代码']);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect([...result.value.columns]).toEqual([
        [1, 'idNumber'],
        [2, 'name'],
        [4, 'villageCode'],
      ]);
      expect(result.value.headerOf.idNumber).toBe('公民身份号码');
      expect(result.value.ignored).toEqual(['序号']);
    }
  });

  it('reports missing required columns in Chinese', () => {
    const result = matchHeaders(['姓名', '联系电话']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.column)).toEqual(['身份证号', '村行政区划代码']);
      expect(result.problems[0]?.message).toContain('缺少必填列“身份证号”');
    }
  });

  it('refuses the same column twice under different names', () => {
    const result = matchHeaders(['身份证号', '证件号码', '姓名', '村']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.message).toBe('列“证件号码”与列“身份证号”重复，请只保留一列');
    }
  });
});

describe('findHeaderRow', () => {
  it('skips a title row and blank rows', () => {
    expect(findHeaderRow([['青龙县建档立卡人员名单'], [], ['身份证号', '姓名']])).toBe(2);
  });
  it('returns -1 without a header', () => {
    expect(findHeaderRow([['a', 'b'], ['身份证号']])).toBe(-1);
  });
});
