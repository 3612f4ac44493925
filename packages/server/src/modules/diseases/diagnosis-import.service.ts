import {
  DIAGNOSIS_IMPORT_COLUMNS,
  type DiagnosisImportKey,
  diagnosisDuplicateKey,
  type ImportCell,
  type ImportedDiagnosis,
  isRegionWithin,
  lookupIcd10,
  matchDiagnosisHeaders,
  pendingVerification,
  type RowError,
  validateDiagnosisRow,
} from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { ReceivedFile } from '../../http/file-upload.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { detectFileFormat, ImportFileError, readSheetRows } from '../imports/import-file-reader.ts';
import { type ErrorRow, streamErrorWorkbook } from '../imports/import-workbooks.ts';
import { todayInChina } from './diseases.service.ts';

type Db = Kysely<DB>;

/** Rows of one diagnosis file; larger lists are split (a county's yearly screening fits easily). */
export const MAX_DIAGNOSIS_IMPORT_ROWS = 20_000;
const HEADER_SEARCH_ROWS = 10;
const ERRORS_IN_RESPONSE = 200;

/** A checked row waiting for the commit. */
type StagedDiagnosis = {
  rowNumber: number;
  countyCode: string;
  personId: number;
  villageCode: string;
  icdCode: string | null;
  name: string;
  institution: string | null;
  diagnosedOn: string;
  source: ImportedDiagnosis['source'];
};

function lookupIcd(code: string) {
  const entry = lookupIcd10(code);
  return entry ? { code: entry.code, name: entry.name } : null;
}

type BatchRow = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

function findBatch(db: Db | Transaction<DB>, countyCode: string, id: number) {
  return db
    .selectFrom('diagnosis_import_batch')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

function batchDto(row: BatchRow, options: { isRepeat?: boolean } = {}) {
  const errors = (row.errors ?? []) as RowError[];
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    totalRows: row.total_rows,
    validRows: row.valid_rows,
    duplicateRows: row.duplicate_rows,
    errorCount: row.error_count,
    errors: errors.slice(0, ERRORS_IN_RESPONSE),
    insertedRows: row.inserted_rows,
    createdAt: row.created_at.toISOString(),
    committedAt: row.committed_at ? new Date(row.committed_at).toISOString() : null,
    isRepeat: options.isRepeat ?? false,
  };
}
export type TDiagnosisImportBatchDto = ReturnType<typeof batchDto>;

function countyOf(actor: Actor): string {
  const { countyCode } = dataScopeOf(actor);
  if (!countyCode) {
    throw new AppError('FORBIDDEN', '诊断导入须由县级或以下账号办理（每个批次属于一个县）');
  }
  return countyCode;
}

async function batchInScope(db: Db | Transaction<DB>, actor: Actor, id: number) {
  const row = await findBatch(db, countyOf(actor), id);
  if (!row || !isRegionWithin(row.region_code, actor.regionCode)) {
    throw new AppError('NOT_FOUND', `导入批次（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

/** The template: Chinese headers (ID numbers and codes formatted as text) and a sheet of instructions. */
export async function buildDiagnosisTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HealthAid';
  const sheet = workbook.addWorksheet('诊断名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = DIAGNOSIS_IMPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.max(12, column.example.length + 4),
    style: column.key === 'idNumber' || column.key === 'icdCode' ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  DIAGNOSIS_IMPORT_COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: column.isRequired ? 'FFFCE4D6' : 'FFDDEBF7' },
    };
    cell.note = column.help;
  });
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 12 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '可识别的其他列名', key: 'aliases', width: 36 },
    { header: '填写说明', key: 'help', width: 80 },
    { header: '示例', key: 'example', width: 22 },
  ];
  help.getRow(1).font = { bold: true };
  for (const column of DIAGNOSIS_IMPORT_COLUMNS) {
    help.addRow({
      header: column.header,
      required: column.isRequired ? '必填' : '选填',
      aliases: column.aliases.join('、'),
      help: column.help,
      example: column.example,
    });
  }
  help.getColumn('example').numFmt = '@';
  help.addRow([]);
  for (const note of [
    '注意事项：',
    '1. 数据填写在“诊断名单”工作表，第1行为表头，从第2行起每行一条诊断；一人多病请分行填写。',
    `2. 每个文件最多 ${MAX_DIAGNOSIS_IMPORT_ROWS} 行；也可上传 CSV（UTF-8 或 GBK 编码），列名同上。`,
    '3. 上传后先预览：有错误的行会列出行号、列名和原因，可下载错误明细；全部正确后才能提交，提交时全部写入或全部不写入。',
    '4. 与档案中已有诊断相同（同一人、同一编码或名称、同一诊断日期）的行会被跳过，重复上传同一文件不会产生重复诊断。',
    '5. 导入的诊断状态为“待核准”，核准后自动归入三个一批。',
  ]) {
    help.addRow([note]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type ParsedFile = { total: number; rows: ImportedDiagnosis[]; errors: RowError[] };

async function parseFile(upload: ReceivedFile, today: string): Promise<ParsedFile> {
  let detected: ReturnType<typeof detectFileFormat>;
  try {
    detected = detectFileFormat(upload.filePath, upload.fileName);
  } catch (error) {
    if (error instanceof ImportFileError) {
      throw new AppError('UNPROCESSABLE', `文件“${upload.fileName}”无法导入：${error.message}`);
    }
    throw error;
  }
  let indexOf: Partial<Record<DiagnosisImportKey, number>> | null = null;
  let headerProblems: string[] = [];
  let scanned = 0;
  const parsed: ParsedFile = { total: 0, rows: [], errors: [] };
  try {
    for await (const sheetRow of readSheetRows(upload.filePath, detected.format, detected.encoding)) {
      const cells = sheetRow.cells as ImportCell[];
      const isBlank = cells.every((cell) => cell === null || String(cell).trim() === '');
      if (indexOf === null) {
        scanned += 1;
        if (isBlank) {
          continue;
        }
        const match = matchDiagnosisHeaders(cells);
        if (match.ok) {
          indexOf = match.value.indexOf;
        } else if (headerProblems.length === 0) {
          headerProblems = match.problems.map((p) => `第${sheetRow.rowNumber}行（表头）：${p}`);
        }
        if (indexOf === null && scanned >= HEADER_SEARCH_ROWS) {
          break;
        }
        continue;
      }
      if (isBlank) {
        continue;
      }
      parsed.total += 1;
      if (parsed.total > MAX_DIAGNOSIS_IMPORT_ROWS) {
        throw new AppError(
          'UNPROCESSABLE',
          `文件“${upload.fileName}”超过 ${MAX_DIAGNOSIS_IMPORT_ROWS} 行数据，请拆分后分批导入`,
        );
      }
      const byKey: Partial<Record<DiagnosisImportKey, ImportCell>> = {};
      for (const [key, index] of Object.entries(indexOf) as [DiagnosisImportKey, number][]) {
        byKey[key] = cells[index] ?? null;
      }
      const result = validateDiagnosisRow({ rowNumber: sheetRow.rowNumber, cells: byKey, today, lookupIcd });
      if (result.ok) {
        parsed.rows.push(result.value);
      } else {
        parsed.errors.push(...result.errors);
      }
    }
  } catch (error) {
    if (error instanceof ImportFileError) {
      throw new AppError('UNPROCESSABLE', `文件“${upload.fileName}”无法导入：${error.message}`);
    }
    throw error;
  }
  if (indexOf === null) {
    throw new AppError(
      'UNPROCESSABLE',
      `文件“${upload.fileName}”中没有找到诊断名单的表头（前${HEADER_SEARCH_ROWS}行）。${headerProblems.join('；') || '文件没有内容'}。请使用“下载模板”中的表头`,
    );
  }
  if (parsed.total === 0) {
    throw new AppError('UNPROCESSABLE', `文件“${upload.fileName}”只有表头，没有诊断数据`);
  }
  return parsed;
}

const chunks = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Keys (see diagnosisDuplicateKey) of the diagnoses already stored for these persons. */
async function existingKeys(db: Db | Transaction<DB>, countyCode: string, personIds: readonly number[]) {
  const keys = new Set<string>();
  for (const part of chunks([...new Set(personIds)], 1000)) {
    const rows = await db
      .selectFrom('diagnosis')
      .select(['person_id', 'icd_code', 'name', 'diagnosed_on'])
      .where('county_code', '=', countyCode)
      .where('person_id', 'in', part)
      .execute();
    for (const r of rows) {
      keys.add(
        diagnosisDuplicateKey({
          personKey: String(r.person_id),
          icdCode: r.icd_code,
          name: r.name,
          diagnosedOn: r.diagnosed_on,
        }),
      );
    }
  }
  return keys;
}

/**
 * Upload → checked preview stored as a batch. Row errors name the row, column and reason; rows already
 * in the registry are counted as duplicates (skipped on commit). A file committed before (same checksum)
 * returns that batch instead of a new one.
 */
export async function previewDiagnosisImport(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  upload: ReceivedFile,
) {
  const countyCode = countyOf(actor);
  const scope = dataScopeOf(actor);
  const committed = await db
    .selectFrom('diagnosis_import_batch')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('checksum', '=', upload.checksum)
    .where('status', '=', 'committed')
    .where('region_code', 'like', `${scope.villagePrefix}%`)
    .executeTakeFirst();
  if (committed) {
    return batchDto(committed, { isRepeat: true });
  }
  const today = todayInChina();
  const parsed = await parseFile(upload, today);
  const errors = [...parsed.errors];
  const persons = new Map<string, { id: number; name: string; birth_date: string; village_code: string }>();
  for (const part of chunks([...new Set(parsed.rows.map((r) => r.idNumber))], 1000)) {
    const rows = await db
      .selectFrom('person')
      .select(['id', 'id_number', 'name', 'birth_date', 'village_code'])
      .where('county_code', '=', countyCode)
      .where('village_code', 'like', `${scope.villagePrefix}%`)
      .where('id_number', 'in', part)
      .execute();
    for (const row of rows) {
      persons.set(row.id_number, row);
    }
  }
  const existing = await existingKeys(
    db,
    countyCode,
    [...persons.values()].map((p) => p.id),
  );
  const firstRowOf = new Map<string, number>();
  const staged: StagedDiagnosis[] = [];
  let duplicates = 0;
  for (const row of parsed.rows) {
    const person = persons.get(row.idNumber);
    if (!person) {
      errors.push({
        rowNumber: row.rowNumber,
        column: '身份证号',
        message: `身份证号${row.idNumber}的人员不在您管辖范围内的档案中，请先核对身份证号或导入人员名单`,
      });
      continue;
    }
    const rowErrors: RowError[] = [];
    if (row.name !== null && row.name !== person.name) {
      rowErrors.push({
        rowNumber: row.rowNumber,
        column: '姓名',
        message: `姓名“${row.name}”与档案中该身份证号的姓名“${person.name}”不符`,
      });
    }
    if (row.diagnosedOn < person.birth_date) {
      rowErrors.push({
        rowNumber: row.rowNumber,
        column: '诊断日期',
        message: `诊断日期${row.diagnosedOn}早于出生日期${person.birth_date}`,
      });
    }
    const key = diagnosisDuplicateKey({
      personKey: String(person.id),
      icdCode: row.icdCode,
      name: row.diagnosisName,
      diagnosedOn: row.diagnosedOn,
    });
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      rowErrors.push({
        rowNumber: row.rowNumber,
        column: 'ICD编码',
        message: `与第${first}行重复（同一人、同一诊断、同一诊断日期）`,
      });
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    firstRowOf.set(key, row.rowNumber);
    if (existing.has(key)) {
      duplicates += 1;
      continue;
    }
    staged.push({
      rowNumber: row.rowNumber,
      countyCode,
      personId: person.id,
      villageCode: person.village_code,
      icdCode: row.icdCode,
      name: row.diagnosisName,
      institution: row.institution,
      diagnosedOn: row.diagnosedOn,
      source: row.source,
    });
  }
  errors.sort((a, b) => a.rowNumber - b.rowNumber);
  const batch = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('diagnosis_import_batch')
      .values({
        county_code: countyCode,
        region_code: actor.regionCode,
        file_name: upload.fileName,
        checksum: upload.checksum,
        status: 'previewed',
        total_rows: parsed.total,
        valid_rows: staged.length,
        duplicate_rows: duplicates,
        error_count: errors.length,
        staged: JSON.stringify(staged),
        errors: JSON.stringify(errors),
        user_id: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'diagnosis.import_previewed',
      entityType: 'diagnosis_import_batch',
      entityId: inserted.id,
      regionCode: actor.regionCode,
      result: 'success',
      detail: {
        fileName: upload.fileName,
        checksum: upload.checksum,
        totalRows: parsed.total,
        validRows: staged.length,
        duplicateRows: duplicates,
        errorCount: errors.length,
      },
    });
    return inserted;
  });
  return batchDto(batch);
}

/**
 * Commit a previewed batch: every staged row in one transaction (or none), skipping rows that reached the
 * registry since the preview. Committing a committed batch returns it unchanged (idempotent retry).
 */
export async function commitDiagnosisImport(db: Db, request: FastifyRequest, actor: Actor, id: number) {
  const today = todayInChina();
  const pending = pendingVerification(today, actor.username);
  const row = await db.transaction().execute(async (trx) => {
    const batch = await batchInScope(trx, actor, id);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`diagnosis-import:${batch.county_code}`}))`.execute(
      trx,
    );
    const current = await trx
      .selectFrom('diagnosis_import_batch')
      .selectAll()
      .where('county_code', '=', batch.county_code)
      .where('id', '=', batch.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.status === 'committed') {
      return current;
    }
    if (current.error_count > 0) {
      throw new AppError(
        'BAD_REQUEST',
        `文件“${current.file_name}”有${current.error_count}处错误，不能提交：请按错误明细修正后重新上传`,
      );
    }
    const staged = (current.staged ?? []) as StagedDiagnosis[];
    const existing = await existingKeys(
      trx,
      current.county_code,
      staged.map((s) => s.personId),
    );
    const fresh = staged.filter(
      (s) =>
        !existing.has(
          diagnosisDuplicateKey({
            personKey: String(s.personId),
            icdCode: s.icdCode,
            name: s.name,
            diagnosedOn: s.diagnosedOn,
          }),
        ),
    );
    for (const part of chunks(fresh, 500)) {
      await trx
        .insertInto('diagnosis')
        .values(
          part.map((s) => ({
            county_code: s.countyCode,
            person_id: s.personId,
            icd_code: s.icdCode,
            name: s.name,
            is_uncoded: s.icdCode === null,
            institution: s.institution,
            diagnosed_on: s.diagnosedOn,
            source: s.source,
            registered_on: today,
            verification_status: pending.status,
            status_date: pending.statusDate,
            status_by: pending.by,
            import_batch_id: current.id,
            created_by: actor.userId,
          })),
        )
        .execute();
    }
    const committed = await trx
      .updateTable('diagnosis_import_batch')
      .set({
        status: 'committed',
        inserted_rows: fresh.length,
        duplicate_rows: current.duplicate_rows + (staged.length - fresh.length),
        committed_at: new Date(),
      })
      .where('county_code', '=', current.county_code)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'diagnosis.import_committed',
      entityType: 'diagnosis_import_batch',
      entityId: current.id,
      regionCode: current.region_code,
      result: 'success',
      detail: { fileName: current.file_name, inserted: fresh.length, skipped: staged.length - fresh.length },
    });
    return committed;
  });
  return batchDto(row);
}

export async function getDiagnosisImport(db: Db, actor: Actor, id: number) {
  return batchDto(await batchInScope(db, actor, id));
}

export async function listDiagnosisImports(db: Db, actor: Actor, page: { page: number; pageSize: number }) {
  const countyCode = countyOf(actor);
  const base = () =>
    db
      .selectFrom('diagnosis_import_batch')
      .where('county_code', '=', countyCode)
      .where('region_code', 'like', `${dataScopeOf(actor).villagePrefix}%`);
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base()
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({ ...batchDto(r), errors: [] })),
    total: Number(total.n),
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** Every row error of a batch as .xlsx (行号 / 列名 / 错误原因). */
export async function errorWorkbookOf(db: Db, actor: Actor, id: number) {
  const batch = await batchInScope(db, actor, id);
  const errors = (batch.errors ?? []) as ErrorRow[];
  async function* rows() {
    yield errors;
  }
  return { fileName: batch.file_name, stream: streamErrorWorkbook(batch.file_name, rows()) };
}
