import { parseLooseDate } from '../calendar/parse-loose-date.ts';
import { parseYuanToFen } from '../money/fen.ts';
import { cellText, type ImportCell, parseYesNo } from '../registry-import/parse-import-values.ts';
import type { TSettlementClaim } from './settlement-claim.schema.ts';
import {
  CLAIM_CAUSE_LABELS,
  CLAIM_CAUSES,
  type ClaimCause,
  VISIT_TYPE_LABELS,
  VISIT_TYPES,
  type VisitType,
} from './settlement-vocabulary.ts';

/**
 * Claim import (结算单据导入) from HIS / insurance exports: one row per claim of one institution. The header row is
 * matched by column names (and common synonyms of HIS exports); every cell problem is reported with its row
 * number, column name and reason. Pure: the server reads the file and books the claims.
 */

export const CLAIM_IMPORT_COLUMNS = [
  {
    key: 'claimNo',
    header: '结算单号',
    synonyms: ['住院号', '单据号', '结算流水号'],
    required: true,
    example: 'ZY202400001',
  },
  {
    key: 'idNumber',
    header: '身份证号',
    synonyms: ['公民身份号码', '证件号码', '身份证号码'],
    required: true,
    example: '130321196503011234',
  },
  { key: 'name', header: '姓名', synonyms: ['患者姓名'], required: false, example: '张三' },
  { key: 'visitType', header: '就诊类型', synonyms: ['医疗类别'], required: true, example: '住院' },
  { key: 'admissionDate', header: '入院日期', synonyms: ['就诊日期'], required: true, example: '2024-03-01' },
  { key: 'dischargeDate', header: '出院日期', synonyms: ['结算日期'], required: true, example: '2024-03-15' },
  {
    key: 'diagnosisCodes',
    header: '诊断编码',
    synonyms: ['疾病编码', 'ICD编码'],
    required: false,
    example: 'I63.9',
  },
  {
    key: 'total',
    header: '医疗总费用（元）',
    synonyms: ['医疗总费用', '总费用'],
    required: true,
    example: '60000.00',
  },
  {
    key: 'policyScope',
    header: '政策范围内费用（元）',
    synonyms: ['政策范围内费用', '合规费用'],
    required: true,
    example: '56000.00',
  },
  {
    key: 'outOfCatalogue',
    header: '目录外费用（元）',
    synonyms: ['目录外费用', '自费费用'],
    required: false,
    example: '4000.00',
  },
  { key: 'consent', header: '已签目录外知情同意书', synonyms: ['知情同意'], required: false, example: '是' },
  { key: 'categoryB', header: '乙类先自付（元）', synonyms: ['乙类先自付'], required: false, example: '0' },
  { key: 'treatFirst', header: '先诊疗后付费', synonyms: [], required: false, example: '是' },
  {
    key: 'deposit',
    header: '应收押金（元）',
    synonyms: ['应收押金', '押金'],
    required: false,
    example: '3000',
  },
  { key: 'sessions', header: '血液透析次数', synonyms: ['透析次数'], required: false, example: '' },
  { key: 'cause', header: '就诊原因', synonyms: [], required: false, example: '疾病' },
] as const;

export type ClaimImportColumnKey = (typeof CLAIM_IMPORT_COLUMNS)[number]['key'];
export type ClaimImportError = { rowNumber: number; column: string; message: string };
export type ClaimImportRow = {
  rowNumber: number;
  idNumber: string;
  name: string | null;
  /** The claim without the hospital level (it comes from the institution registry). */
  claim: Omit<TSettlementClaim, 'institutionLevel'>;
};

const normaliseHeader = (text: string) =>
  text.normalize('NFKC').replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

/** Column index of every known column, or the errors of a header row that cannot be used. */
export function matchClaimHeader(
  cells: readonly ImportCell[],
):
  | { ok: true; index: Partial<Record<ClaimImportColumnKey, number>> }
  | { ok: false; errors: ClaimImportError[] } {
  const index: Partial<Record<ClaimImportColumnKey, number>> = {};
  const errors: ClaimImportError[] = [];
  cells.forEach((cell, i) => {
    const text = normaliseHeader(cellText(cell));
    const column = CLAIM_IMPORT_COLUMNS.find(
      (c) => normaliseHeader(c.header) === text || c.synonyms.some((s) => normaliseHeader(s) === text),
    );
    if (!column) {
      return;
    }
    if (index[column.key] !== undefined) {
      errors.push({ rowNumber: 1, column: column.header, message: `列“${column.header}”出现了两次` });
    }
    index[column.key] = i;
  });
  for (const column of CLAIM_IMPORT_COLUMNS) {
    if (column.required && index[column.key] === undefined) {
      errors.push({
        rowNumber: 1,
        column: column.header,
        message: `缺少必填列“${column.header}”，请使用导入模板`,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, index };
}

const VISIT_TYPE_BY_LABEL = new Map<string, VisitType>([
  ...VISIT_TYPES.map((v) => [VISIT_TYPE_LABELS[v], v] as const),
  ...VISIT_TYPES.map((v) => [v, v] as const),
  ['门诊', 'outpatient'],
  ['门特', 'outpatient_chronic'],
  ['门诊慢性病', 'outpatient_chronic'],
  ['门诊特殊病', 'outpatient_chronic'],
]);
const CAUSE_BY_LABEL = new Map<string, ClaimCause>([
  ...CLAIM_CAUSES.map((c) => [CLAIM_CAUSE_LABELS[c], c] as const),
  ...CLAIM_CAUSES.map((c) => [c, c] as const),
]);

/** One data row as a claim, or its errors (every problem of the row, each naming its column). */
export function parseClaimRow(
  rowNumber: number,
  cells: readonly ImportCell[],
  index: Partial<Record<ClaimImportColumnKey, number>>,
): { ok: true; row: ClaimImportRow } | { ok: false; errors: ClaimImportError[] } {
  const errors: ClaimImportError[] = [];
  const header = (key: ClaimImportColumnKey) =>
    CLAIM_IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? key;
  const raw = (key: ClaimImportColumnKey): ImportCell | undefined => {
    const i = index[key];
    return i === undefined ? undefined : cells[i];
  };
  const text = (key: ClaimImportColumnKey) => cellText(raw(key));
  const fail = (key: ClaimImportColumnKey, message: string) => {
    errors.push({ rowNumber, column: header(key), message });
  };
  const required = (key: ClaimImportColumnKey): string => {
    const value = text(key);
    if (value === '') {
      fail(key, '不能为空');
    }
    return value;
  };
  const money = (key: ClaimImportColumnKey, isRequired: boolean): number => {
    const value = isRequired ? required(key) : text(key);
    if (value === '') {
      return 0;
    }
    try {
      const fen = parseYuanToFen(value);
      if (fen < 0) {
        fail(key, `金额不能为负数：${value}`);
        return 0;
      }
      return fen;
    } catch {
      fail(key, `“${value}”不是有效的金额（元，最多两位小数）`);
      return 0;
    }
  };
  const date = (key: ClaimImportColumnKey): string => {
    const cell = raw(key);
    const value = text(key);
    if (value === '') {
      fail(key, '不能为空');
      return '';
    }
    const parsed = parseLooseDate(typeof cell === 'number' ? cell : value);
    if (parsed === null) {
      fail(key, `“${value}”不是有效日期，应为 YYYY-MM-DD`);
      return '';
    }
    return parsed;
  };
  const yesNo = (key: ClaimImportColumnKey): boolean => {
    const value = text(key);
    if (value === '') {
      return false;
    }
    const parsed = parseYesNo(value);
    if (parsed === null) {
      fail(key, `“${value}”应填“是”或“否”`);
      return false;
    }
    return parsed;
  };

  const claimNo = required('claimNo');
  const idNumber = required('idNumber').toUpperCase();
  const visitTypeText = required('visitType');
  const visitType = VISIT_TYPE_BY_LABEL.get(visitTypeText);
  if (visitTypeText !== '' && visitType === undefined) {
    fail('visitType', `“${visitTypeText}”应为 住院、门诊慢特病 或 普通门诊`);
  }
  const admissionDate = date('admissionDate');
  const dischargeDate = date('dischargeDate');
  const totalFen = money('total', true);
  const policyScopeFen = money('policyScope', true);
  const outOfCatalogueFen = money('outOfCatalogue', false);
  const categoryBFirstSelfPayFen = money('categoryB', false);
  const depositFen = money('deposit', false);
  const hasOutOfCatalogueConsent = yesNo('consent');
  const treatFirstPayLater = yesNo('treatFirst');
  const sessionsText = text('sessions');
  let dialysisSessions: number | undefined;
  if (sessionsText !== '') {
    dialysisSessions = Number(sessionsText);
    if (!Number.isSafeInteger(dialysisSessions) || dialysisSessions < 0) {
      fail('sessions', `“${sessionsText}”应为不小于 0 的整数`);
    }
  }
  const causeText = text('cause');
  const cause = causeText === '' ? undefined : CAUSE_BY_LABEL.get(causeText);
  if (causeText !== '' && cause === undefined) {
    fail('cause', `“${causeText}”应为 ${CLAIM_CAUSES.map((c) => CLAIM_CAUSE_LABELS[c]).join('、')} 之一`);
  }
  const diagnosisCodes = text('diagnosisCodes')
    .split(/[,，;；、\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    row: {
      rowNumber,
      idNumber,
      name: text('name') || null,
      claim: {
        claimId: claimNo,
        visitType: visitType as VisitType,
        admissionDate,
        dischargeDate,
        diagnosisCodes,
        totalFen,
        policyScopeFen,
        outOfCatalogueFen,
        hasOutOfCatalogueConsent,
        categoryBFirstSelfPayFen,
        treatFirstPayLater,
        depositFen,
        ...(dialysisSessions !== undefined ? { dialysisSessions } : {}),
        ...(cause !== undefined ? { cause } : {}),
      },
    },
  };
}

/** The column a claim field (engine error field, e.g. 'totalFen') is read from, for row errors. */
export function claimImportColumnOf(field: string): string {
  const key: ClaimImportColumnKey | undefined = (
    {
      claimId: 'claimNo',
      visitType: 'visitType',
      admissionDate: 'admissionDate',
      dischargeDate: 'dischargeDate',
      totalFen: 'total',
      policyScopeFen: 'policyScope',
      outOfCatalogueFen: 'outOfCatalogue',
      hasOutOfCatalogueConsent: 'consent',
      categoryBFirstSelfPayFen: 'categoryB',
      depositFen: 'deposit',
      dialysisSessions: 'sessions',
      cause: 'cause',
      idNumber: 'idNumber',
    } as Record<string, ClaimImportColumnKey>
  )[field.replace(/^claim\./, '')];
  return key ? (CLAIM_IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? field) : field;
}
