/**
 * Diagnosis spreadsheet import (诊断导入): the columns of the template, header matching and the checks
 * of one row that need no database (ID number, code or name, date, source). The server adds what needs
 * the registry: the person exists in the caller's scope, the name matches, the date is not before birth,
 * and a row already in the registry is a duplicate (skipped, so a re-import is idempotent).
 */

import type { IsoDate } from '../calendar/iso-date.ts';
import { parseLooseDate } from '../calendar/parse-loose-date.ts';
import { parseCitizenId } from '../citizen-id/citizen-id.ts';
import { normalizeHeader } from '../registry-import/match-headers.ts';
import { cellText, type ImportCell } from '../registry-import/parse-import-values.ts';
import type { RowError } from '../registry-import/validate-person-row.ts';
import { DIAGNOSIS_SOURCE_LABELS, type DiagnosisSource } from './diagnosis-verification.ts';
import { normalizeIcdCode } from './icd-code.ts';

export const DIAGNOSIS_IMPORT_KEYS = [
  'idNumber',
  'name',
  'icdCode',
  'diagnosisName',
  'institution',
  'diagnosedOn',
  'source',
] as const;
export type DiagnosisImportKey = (typeof DIAGNOSIS_IMPORT_KEYS)[number];

export type DiagnosisImportColumn = {
  key: DiagnosisImportKey;
  header: string;
  aliases: readonly string[];
  isRequired: boolean;
  help: string;
  example: string;
};

export const DIAGNOSIS_IMPORT_COLUMNS: readonly DiagnosisImportColumn[] = [
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['公民身份号码', '身份证号码', '证件号码', '身份证'],
    isRequired: true,
    help: '患者的18位身份证号（15位旧号码会自动转换）；人员须已在本辖区的档案中。',
    example: '130321196005010012',
  },
  {
    key: 'name',
    header: '姓名',
    aliases: ['患者姓名', '人员姓名'],
    isRequired: false,
    help: '选填；填写时须与档案中的姓名一致，用于防止身份证号填错。',
    example: '王大病',
  },
  {
    key: 'icdCode',
    header: 'ICD编码',
    aliases: ['ICD-10编码', 'ICD10编码', '疾病编码', '诊断编码', 'ICD10', 'ICD-10'],
    isRequired: false,
    help: 'ICD-10编码（国家临床版），如 I10、C16.900；与“诊断名称”至少填一项。只填名称的诊断记为“未编码”，需补充编码后才能分类。',
    example: 'C16.900',
  },
  {
    key: 'diagnosisName',
    header: '诊断名称',
    aliases: ['疾病名称', '诊断', '病种名称', '诊断疾病'],
    isRequired: false,
    help: '诊断的中文名称；填写了编码时可留空（按编码表自动填写）。',
    example: '胃恶性肿瘤',
  },
  {
    key: 'institution',
    header: '诊断机构',
    aliases: ['诊断医院', '确诊医院', '医疗机构', '就诊医院', '确诊机构'],
    isRequired: false,
    help: '作出诊断的医疗机构名称。',
    example: '青龙满族自治县医院',
  },
  {
    key: 'diagnosedOn',
    header: '诊断日期',
    aliases: ['确诊日期', '诊断时间', '确诊时间'],
    isRequired: true,
    help: '如 2024-03-05、2024/3/5、2024年3月5日 或 Excel 日期；不能晚于今天，也不能早于出生日期。',
    example: '2024-03-05',
  },
  {
    key: 'source',
    header: '来源',
    aliases: ['诊断来源', '数据来源'],
    isRequired: false,
    help: `体检、就诊、入户核实、导入 或 医保结算；留空按“导入”。`,
    example: '就诊',
  },
];

const HEADER_LOOKUP: ReadonlyMap<string, DiagnosisImportKey> = new Map(
  DIAGNOSIS_IMPORT_COLUMNS.flatMap((column) =>
    [column.header, ...column.aliases].map((text) => [normalizeHeader(text), column.key] as const),
  ),
);

export type DiagnosisHeaderMatch = {
  /** Column index (0-based) of each key found. */
  indexOf: Partial<Record<DiagnosisImportKey, number>>;
  /** Header cells that name none of our columns (ignored). */
  ignored: string[];
};

/** Match a header row; problems are Chinese, one per missing or repeated column. */
export function matchDiagnosisHeaders(
  cells: readonly ImportCell[],
): { ok: true; value: DiagnosisHeaderMatch } | { ok: false; problems: string[] } {
  const indexOf: Partial<Record<DiagnosisImportKey, number>> = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  cells.forEach((cell, index) => {
    const text = cellText(cell);
    if (text === '') {
      return;
    }
    const key = HEADER_LOOKUP.get(normalizeHeader(text));
    if (key === undefined) {
      ignored.push(text);
    } else if (indexOf[key] !== undefined) {
      problems.push(`表头“${text}”重复：同一列只能出现一次`);
    } else {
      indexOf[key] = index;
    }
  });
  for (const column of DIAGNOSIS_IMPORT_COLUMNS) {
    if (column.isRequired && indexOf[column.key] === undefined) {
      problems.push(`缺少必填列“${column.header}”`);
    }
  }
  if (indexOf.icdCode === undefined && indexOf.diagnosisName === undefined) {
    problems.push('缺少“ICD编码”或“诊断名称”列（至少需要其中一列）');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { indexOf, ignored } };
}

const SOURCE_WORDS: Readonly<Record<string, DiagnosisSource>> = {
  ...Object.fromEntries(Object.entries(DIAGNOSIS_SOURCE_LABELS).map(([code, label]) => [label, code])),
  健康体检: 'health_check',
  门诊: 'clinic_visit',
  住院: 'clinic_visit',
  就医: 'clinic_visit',
  入户: 'home_visit',
  入户核查: 'home_visit',
  医保: 'insurance_settlement',
  医保数据: 'insurance_settlement',
};

export type ImportedDiagnosis = {
  rowNumber: number;
  idNumber: string;
  name: string | null;
  /** Normalised code, or null for a free-text (uncoded) diagnosis. */
  icdCode: string | null;
  diagnosisName: string;
  institution: string | null;
  diagnosedOn: IsoDate;
  source: DiagnosisSource;
};

export type ValidateDiagnosisRowInput = {
  rowNumber: number;
  cells: Readonly<Partial<Record<DiagnosisImportKey, ImportCell>>>;
  today: IsoDate;
  /** The ICD table entry of a normalised code (its canonical code and Chinese name), or null. */
  lookupIcd: (code: string) => { code: string; name: string } | null;
};

function parseDateCell(cell: ImportCell | undefined): IsoDate | null {
  if (cell === null || cell === undefined || typeof cell === 'boolean') {
    return null;
  }
  if (typeof cell === 'number') {
    return cell >= 19_000_101 && cell <= 29_991_231 ? parseLooseDate(String(cell)) : parseLooseDate(cell);
  }
  return parseLooseDate(cell);
}

const HEADER_OF = Object.fromEntries(DIAGNOSIS_IMPORT_COLUMNS.map((c) => [c.key, c.header])) as Record<
  DiagnosisImportKey,
  string
>;

/** Check one row; every problem of the row is reported (row, column, reason in Chinese). */
export function validateDiagnosisRow(
  input: ValidateDiagnosisRowInput,
): { ok: true; value: ImportedDiagnosis } | { ok: false; errors: RowError[] } {
  const { rowNumber, cells, today } = input;
  const errors: RowError[] = [];
  const fail = (key: DiagnosisImportKey, message: string) =>
    errors.push({ rowNumber, column: HEADER_OF[key], message });

  let idNumber = '';
  const idText = cellText(cells.idNumber);
  if (idText === '') {
    fail('idNumber', '身份证号不能为空');
  } else {
    const parsed = parseCitizenId(idText, { today });
    if (parsed.ok) {
      idNumber = parsed.value.idNumber;
    } else {
      fail('idNumber', `身份证号“${idText}”无效：${parsed.message}`);
    }
  }

  const rawCode = cellText(cells.icdCode);
  let icdCode: string | null = null;
  let knownName: string | null = null;
  if (rawCode !== '') {
    const normalised = normalizeIcdCode(rawCode);
    if (normalised === null) {
      fail('icdCode', `ICD编码“${rawCode}”格式无效：应为类目（如C16）或带亚目（如C16.900）`);
    } else {
      const entry = input.lookupIcd(normalised);
      icdCode = entry?.code ?? normalised;
      knownName = entry?.name ?? null;
    }
  }
  const givenName = cellText(cells.diagnosisName);
  if (rawCode === '' && givenName === '') {
    fail('diagnosisName', 'ICD编码和诊断名称不能都为空');
  } else if (icdCode !== null && knownName === null && givenName === '') {
    fail('diagnosisName', `ICD编码“${icdCode}”不在编码表中，请填写诊断名称`);
  }
  if (givenName.length > 100) {
    fail('diagnosisName', '诊断名称不能超过100个字');
  }

  const dateText = cellText(cells.diagnosedOn);
  const diagnosedOn = parseDateCell(cells.diagnosedOn);
  if (dateText === '') {
    fail('diagnosedOn', '诊断日期不能为空');
  } else if (diagnosedOn === null) {
    fail('diagnosedOn', `诊断日期“${dateText}”不是有效日期`);
  } else if (diagnosedOn > today) {
    fail('diagnosedOn', `诊断日期${diagnosedOn}晚于今天（${today}）`);
  }

  const sourceText = cellText(cells.source).replace(/\s+/gu, '');
  const source: DiagnosisSource | undefined = sourceText === '' ? 'import' : SOURCE_WORDS[sourceText];
  if (source === undefined) {
    fail('source', `来源“${sourceText}”无法识别：应为体检、就诊、入户核实、导入或医保结算`);
  }

  const institution = cellText(cells.institution);
  if (institution.length > 100) {
    fail('institution', '诊断机构不能超过100个字');
  }
  if (errors.length > 0 || diagnosedOn === null || source === undefined) {
    return { ok: false, errors };
  }
  const name = cellText(cells.name);
  return {
    ok: true,
    value: {
      rowNumber,
      idNumber,
      name: name === '' ? null : name,
      icdCode,
      diagnosisName: givenName === '' ? (knownName ?? '') : givenName,
      institution: institution === '' ? null : institution,
      diagnosedOn,
      source,
    },
  };
}

/** Identity of a diagnosis for duplicate checks: person, code (or the name when uncoded) and date. */
export function diagnosisDuplicateKey(entry: {
  personKey: string;
  icdCode: string | null;
  name: string;
  diagnosedOn: string;
}): string {
  return JSON.stringify([entry.personKey, entry.icdCode ?? `name:${entry.name.trim()}`, entry.diagnosedOn]);
}
