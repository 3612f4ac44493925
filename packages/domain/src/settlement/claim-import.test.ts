import { describe, expect, it } from 'vitest';
import {
  CLAIM_IMPORT_COLUMNS,
  claimImportColumnOf,
  matchClaimHeader,
  parseClaimRow,
} from './claim-import.ts';

const HEADER = CLAIM_IMPORT_COLUMNS.map((c) => c.header);
const header = matchClaimHeader(HEADER);
const index = header.ok ? header.index : {};
const row = (values: Record<string, string | number>) =>
  CLAIM_IMPORT_COLUMNS.map((c) => (values[c.key] ?? '') as string | number);

describe('claim import rows', () => {
  it('matches the template header and HIS synonyms, and names missing required columns', () => {
    expect(header.ok).toBe(true);
    const synonyms = matchClaimHeader([
      '住院号',
      '公民身份号码',
      '医疗类别',
      '就诊日期',
      '结算日期',
      '总费用',
      '合规费用',
    ]);
    expect(synonyms.ok).toBe(true);
    const missing = matchClaimHeader(['结算单号', '身份证号']);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors.map((e) => e.column)).toContain('政策范围内费用（元）');
  });

  it('reads a full row: yuan to fen exactly, Excel serial dates, yes/no, labels', () => {
    const parsed = parseClaimRow(
      2,
      row({
        claimNo: 'ZY1',
        idNumber: '130321196503011234',
        name: '张三',
        visitType: '住院',
        admissionDate: 45352,
        dischargeDate: '2024/03/15',
        diagnosisCodes: 'i63.9，N18.5',
        total: '60,000.00',
        policyScope: '56000',
        outOfCatalogue: '4000.00',
        consent: '是',
        categoryB: '0.1',
        treatFirst: '是',
        deposit: '3000',
        sessions: '2',
        cause: '疾病',
      }),
      index,
    );
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.row.claim).toMatchObject({
      claimId: 'ZY1',
      visitType: 'inpatient',
      admissionDate: '2024-03-01',
      dischargeDate: '2024-03-15',
      diagnosisCodes: ['I63.9', 'N18.5'],
      totalFen: 6_000_000,
      policyScopeFen: 5_600_000,
      outOfCatalogueFen: 400_000,
      hasOutOfCatalogueConsent: true,
      categoryBFirstSelfPayFen: 10,
      treatFirstPayLater: true,
      depositFen: 300_000,
      dialysisSessions: 2,
      cause: 'illness',
    });
  });

  it.each([
    ['total', '-5', '医疗总费用（元）', '不能为负数'],
    ['total', '12.345', '医疗总费用（元）', '不是有效的金额'],
    ['visitType', '急诊', '就诊类型', '住院、门诊慢特病 或 普通门诊'],
    ['admissionDate', '2024-02-30', '入院日期', '不是有效日期'],
    ['consent', '也许', '已签目录外知情同意书', '应填“是”或“否”'],
    ['sessions', '1.5', '血液透析次数', '不小于 0 的整数'],
    ['claimNo', '', '结算单号', '不能为空'],
  ])('%s = %s → error in column %s', (key, value, column, reason) => {
    const base = {
      claimNo: 'ZY1',
      idNumber: 'x',
      visitType: '住院',
      admissionDate: '2024-03-01',
      dischargeDate: '2024-03-02',
      total: '1',
      policyScope: '1',
    };
    const parsed = parseClaimRow(7, row({ ...base, [key]: value }), index);
    expect(parsed.ok).toBe(false);
    const error = !parsed.ok ? parsed.errors.find((e) => e.column === column) : undefined;
    expect(error?.rowNumber).toBe(7);
    expect(error?.message).toContain(reason);
  });

  it('maps engine error fields to the column they were read from', () => {
    expect(claimImportColumnOf('claim.totalFen')).toBe('医疗总费用（元）');
    expect(claimImportColumnOf('hasOutOfCatalogueConsent')).toBe('已签目录外知情同意书');
  });
});
