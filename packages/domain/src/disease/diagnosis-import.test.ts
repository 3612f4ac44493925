import { describe, expect, it } from 'vitest';
import { buildCitizenId } from '../citizen-id/citizen-id.ts';
import {
  DIAGNOSIS_IMPORT_COLUMNS,
  diagnosisDuplicateKey,
  matchDiagnosisHeaders,
  validateDiagnosisRow,
} from './diagnosis-import.ts';
import { lookupIcd10 } from './icd10.ts';

const today = '2026-03-01';
const ID = buildCitizenId({ addressCode: '130321', birthDate: '1960-05-01', sequence: 1 });
const lookupIcd = (code: string) => {
  const entry = lookupIcd10(code);
  return entry ? { code: entry.code, name: entry.name } : null;
};
const row = (cells: Record<string, string | number | null>) =>
  validateDiagnosisRow({ rowNumber: 7, cells, today, lookupIcd });

describe('matchDiagnosisHeaders', () => {
  it('matches the template headers, aliases, required markers and notes', () => {
    const result = matchDiagnosisHeaders([
      '身份证号码*',
      '姓名',
      '疾病编码',
      '诊断名称',
      '确诊日期（必填）',
      '备注',
    ]);
    expect(result).toEqual({
      ok: true,
      value: {
        indexOf: { idNumber: 0, name: 1, icdCode: 2, diagnosisName: 3, diagnosedOn: 4 },
        ignored: ['备注'],
      },
    });
    expect(matchDiagnosisHeaders(DIAGNOSIS_IMPORT_COLUMNS.map((c) => c.header)).ok).toBe(true);
  });

  it('names every missing or repeated column', () => {
    expect(matchDiagnosisHeaders(['姓名', '姓名', '诊断机构'])).toEqual({
      ok: false,
      problems: [
        '表头“姓名”重复：同一列只能出现一次',
        '缺少必填列“身份证号”',
        '缺少必填列“诊断日期”',
        '缺少“ICD编码”或“诊断名称”列（至少需要其中一列）',
      ],
    });
  });
});

describe('validateDiagnosisRow', () => {
  it('normalises a good row: code case, name from the ICD table, Excel date, default source', () => {
    expect(row({ idNumber: ID.toLowerCase(), icdCode: 'c16.9', diagnosedOn: 45000 })).toEqual({
      ok: true,
      value: {
        rowNumber: 7,
        idNumber: ID,
        name: null,
        icdCode: 'C16.900',
        diagnosisName: '胃恶性肿瘤',
        institution: null,
        diagnosedOn: '2023-03-15',
        source: 'import',
      },
    });
  });

  it('keeps free text as an uncoded diagnosis', () => {
    const result = row({ idNumber: ID, diagnosisName: '腰腿痛', diagnosedOn: '2025/1/2', source: '门诊' });
    expect(result).toMatchObject({
      ok: true,
      value: { icdCode: null, diagnosisName: '腰腿痛', source: 'clinic_visit' },
    });
  });

  it.each([
    [{ idNumber: '', icdCode: 'I10', diagnosedOn: '2025-01-01' }, '身份证号', '身份证号不能为空'],
    [
      {
        idNumber: `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`,
        icdCode: 'I10',
        diagnosedOn: '2025-01-01',
      },
      '身份证号',
      '校验位应为',
    ],
    [{ idNumber: ID, icdCode: 'XYZ', diagnosedOn: '2025-01-01' }, 'ICD编码', 'ICD编码“XYZ”格式无效'],
    [
      { idNumber: ID, icdCode: 'C16.999', diagnosedOn: '2025-01-01' },
      '诊断名称',
      '不在编码表中，请填写诊断名称',
    ],
    [{ idNumber: ID, diagnosedOn: '2025-01-01' }, '诊断名称', 'ICD编码和诊断名称不能都为空'],
    [{ idNumber: ID, icdCode: 'I10', diagnosedOn: '' }, '诊断日期', '诊断日期不能为空'],
    [
      { idNumber: ID, icdCode: 'I10', diagnosedOn: '2025-02-30' },
      '诊断日期',
      '诊断日期“2025-02-30”不是有效日期',
    ],
    [
      { idNumber: ID, icdCode: 'I10', diagnosedOn: '2026-03-02' },
      '诊断日期',
      '诊断日期2026-03-02晚于今天（2026-03-01）',
    ],
    [
      { idNumber: ID, icdCode: 'I10', diagnosedOn: '2025-01-01', source: '电话' },
      '来源',
      '来源“电话”无法识别',
    ],
  ])('refuses %o in column %s', (cells, column, message) => {
    const result = row(cells);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(
      expect.arrayContaining([{ rowNumber: 7, column, message: expect.stringContaining(message) }]),
    );
  });

  it('reports every problem of a row, not only the first', () => {
    const result = row({ idNumber: '123', diagnosedOn: 'abc', source: '??' });
    expect(result.ok ? [] : result.errors.map((e) => e.column)).toEqual([
      '身份证号',
      '诊断名称',
      '诊断日期',
      '来源',
    ]);
  });
});

describe('diagnosisDuplicateKey', () => {
  it('is the same for the same person, code and date; names stand in for codes when uncoded', () => {
    const a = diagnosisDuplicateKey({
      personKey: '1',
      icdCode: 'I10',
      name: '高血压',
      diagnosedOn: '2025-01-01',
    });
    expect(
      diagnosisDuplicateKey({
        personKey: '1',
        icdCode: 'I10',
        name: '原发性高血压',
        diagnosedOn: '2025-01-01',
      }),
    ).toBe(a);
    expect(
      diagnosisDuplicateKey({ personKey: '1', icdCode: 'I10', name: '高血压', diagnosedOn: '2025-01-02' }),
    ).not.toBe(a);
    expect(
      diagnosisDuplicateKey({ personKey: '1', icdCode: null, name: ' 腰痛 ', diagnosedOn: '2025-01-01' }),
    ).toBe(diagnosisDuplicateKey({ personKey: '1', icdCode: null, name: '腰痛', diagnosedOn: '2025-01-01' }));
  });
});
