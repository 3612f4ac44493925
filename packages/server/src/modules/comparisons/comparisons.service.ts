import { PassThrough, type Readable } from 'node:stream';
import {
  COMPARISON_FIELD_LABELS,
  COMPARISON_KIND_LABELS,
  type ComparisonDifference,
  type ComparisonField,
  type ComparisonSource,
  categoriesOfSource,
  chinaDateOf,
  compareListedPerson,
  IMPORT_COLUMNS,
  type ImportColumnKey,
  type ImportedPerson,
  type IsoDate,
  isComparisonSource,
  maskIdNumber,
  PERSON_STATUS_LABELS,
  type PersonStatus,
  REGISTRY_CATEGORY_LABELS,
  type RegistryCategory,
  type RowError,
  regionScopePrefix,
  sanitizeSpreadsheetCell,
} from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../http/app-error.ts';
import { offsetOf } from '../../http/pagination.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import { auditContextOf, recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { type FileFormat, ImportFileError, type TextEncoding } from '../imports/import-file-reader.ts';
import { STAGED_PERSON_COLUMNS, stagedPersonLine } from '../imports/import-staging.ts';
import { buildPersonTemplate } from '../imports/import-workbooks.ts';
import { streamPersonList } from '../imports/person-list-stream.ts';
import { requestScope } from '../registry/registry-support.ts';
import { insertTasks, type NewVerificationTask, townshipOf } from '../registry/verification.service.ts';
import * as repo from './comparisons.repository.ts';
import type {
  TComparisonDto,
  TComparisonRowDto,
  TCreateTasksBody,
  TExportQuery,
  TOnlyInListTemplateQuery,
  TRowsQuery,
} from './comparisons.schema.ts';

/**
 * 数据对比: a department's list compared with the registry of the caller's region without importing it.
 * The file is read by the import's readers and validated by the import's row rules; its valid rows are
 * loaded into a staging table with COPY while it streams. Then one transaction stores the whole result:
 * 仅名单有 and 仅系统有 set-based, 信息不一致 by the domain's comparison of each registered person, chunk by
 * chunk. A file with invalid rows is refused with every row's error, and nothing is stored but the failed run.
 */

/** The staged columns of a comparison: the import's, with the run instead of the batch. */
const STAGED_COLUMNS = STAGED_PERSON_COLUMNS.map((c) => (c === 'batch_id' ? 'run_id' : c));
const COMPARE_CHUNK = 5000;
/** Row errors kept on a refused run (the count of invalid rows is kept in full). */
const MAX_STORED_ERRORS = 500;

export function comparisonScopeOf(actor: Actor): repo.RunScope {
  const scope = dataScopeOf(actor);
  if (!scope.countyCode) {
    throw forbidden('只有县级或乡镇级用户可以进行数据对比');
  }
  return { countyCode: scope.countyCode, regionPrefix: scope.villagePrefix, regionCode: actor.regionCode };
}

export function todayInChina(): IsoDate {
  return chinaDateOf(new Date());
}

/** What every run needs, whether its list comes from a file or from the stored list of an earlier run. */
type RunJob = {
  runId: number;
  scope: repo.RunScope;
  source: ComparisonSource;
  coverage: 'villages' | 'scope';
  fileName: string;
  checksum: string;
  asOf: IsoDate;
  /** Who asked (the audit row of the run is written when it ends). */
  audit: ReturnType<typeof auditContextOf>;
  /** The run this one repeats (重新对比), when it is a re-run. */
  rerunOf?: number | undefined;
  /** Reports how long each step took (benchmarks; optional). */
  trace?: ((step: string, ms: number) => void) | undefined;
};

export type ComparisonJob = RunJob & {
  filePath: string;
  format: FileFormat;
  encoding: TextEncoding;
};

/** Runs `fn` and reports its duration to `trace`. */
async function timed<T>(job: RunJob, name: string, fn: () => Promise<T>): Promise<T> {
  if (!job.trace) {
    return fn();
  }
  const start = performance.now();
  try {
    return await fn();
  } finally {
    job.trace(name, performance.now() - start);
  }
}

/** A file whose rows have errors: refused as a whole. */
class RefusedFile extends Error {
  constructor(
    message: string,
    readonly errors: RowError[],
    readonly counts: Record<string, number>,
  ) {
    super(message);
  }
}

/**
 * Runs a comparison to its end: the run ends 'completed' with its result rows, or 'failed' with a message
 * (and the row errors of a refused file). Never throws for bad files.
 */
export function runComparison(db: Kysely<DB>, job: ComparisonJob): Promise<void> {
  return finishRun(db, job, () => compareFile(db, job));
}

/** Runs `compare` and, when it fails, ends the run 'failed' with its message and a failure audit row. */
async function finishRun(db: Kysely<DB>, job: RunJob, compare: () => Promise<unknown>): Promise<void> {
  const { countyCode } = job.scope;
  try {
    await compare();
  } catch (error) {
    const message =
      error instanceof ImportFileError || error instanceof AppError || error instanceof RefusedFile
        ? error.message
        : `文件处理失败：${error instanceof Error ? error.message : String(error)}`;
    await repo.deleteStaging(db, countyCode, job.runId);
    await db.transaction().execute(async (trx) => {
      await repo.updateRun(trx, countyCode, job.runId, {
        status: 'failed',
        errorMessage: message,
        ...(error instanceof RefusedFile ? { errors: error.errors, counts: error.counts } : {}),
      });
      await insertAuditEvent(trx, {
        ...job.audit,
        action: 'registry.comparison.run',
        entityType: 'registry_comparison',
        entityId: job.runId,
        regionCode: job.scope.regionCode,
        result: 'failure',
        detail: { ...runAuditDetail(job), message },
      });
    });
  }
}

async function compareFile(db: Kysely<DB>, job: ComparisonJob): Promise<Record<string, number>> {
  const { countyCode } = job.scope;
  const levels = new Map((await repo.findCountyRegions(db, countyCode)).map((r) => [r.code, r.level]));
  // Villages of other counties are accepted as listed elsewhere (not compared); the county's must exist.
  const checkVillage = (code: string): string | null => {
    if (!code.startsWith(countyCode)) {
      return null;
    }
    const level = levels.get(code);
    if (!level) {
      return `村代码${code}在区划库中不存在`;
    }
    return level === 'village' ? null : `区划代码${code}不是村（社区）级代码`;
  };

  const errors: RowError[] = [];
  let invalid = 0;
  const readStart = performance.now();
  const { total, presentKeys } = await streamPersonList(db, job, {
    table: 'registry_comparison_staged_row',
    columns: STAGED_COLUMNS,
    // Once a row is invalid the file is refused whole: stop staging rows.
    lineOf: (person) => (invalid === 0 ? stagedPersonLine(countyCode, job.runId, person) : null),
    today: job.asOf,
    checkVillage,
    noHeaderAdvice: '请使用与数据导入相同的列名',
    onColumns: (keys) => repo.updateRun(db, countyCode, job.runId, { columns: [...keys] }),
    onRowErrors: (rowErrors) => {
      invalid += 1;
      errors.push(...rowErrors.slice(0, Math.max(0, MAX_STORED_ERRORS - errors.length)));
    },
    onProgress: (rowsRead) => repo.updateRun(db, countyCode, job.runId, { processedRows: rowsRead }),
  });
  job.trace?.('read, validate and COPY rows', performance.now() - readStart);
  if (invalid > 0) {
    throw new RefusedFile(
      `名单中有${invalid}行数据有误，未进行对比：请按错误明细（行号、列名）修正后重新上传`,
      errors,
      { total, invalid },
    );
  }
  await repo.updateRun(db, countyCode, job.runId, { processedRows: total });
  await repo.analyzeStaging(db);
  return storeResult(db, job, total, presentKeys.has('categories'));
}

const runAuditDetail = (job: RunJob) => ({
  fileName: job.fileName,
  checksum: job.checksum,
  source: job.source,
  coverage: job.coverage,
  ...(job.rerunOf === undefined ? {} : { rerunOf: job.rerunOf }),
});

const listGoneMessage = (id: number) => `对比${id}的名单数据已不再保存，无法重新对比：请重新上传该名单`;

/** A re-run: the stored list of the run it repeats, copied to this run and compared as a file's rows are. */
async function compareStoredList(
  db: Kysely<DB>,
  job: RunJob & { rerunOf: number },
  hasCategoryColumn: boolean,
): Promise<Record<string, number>> {
  const { countyCode } = job.scope;
  const total = await timed(job, 'copy the stored list', () =>
    repo.copyStoredList(db, {
      countyCode,
      fromRunId: job.rerunOf,
      toRunId: job.runId,
      columns: STAGED_COLUMNS,
    }),
  );
  if (total === 0) {
    throw new AppError('CONFLICT', listGoneMessage(job.rerunOf));
  }
  await repo.updateRun(db, countyCode, job.runId, { processedRows: total });
  await repo.analyzeStaging(db);
  return storeResult(db, job, total, hasCategoryColumn);
}

/**
 * 重新对比: a new run of the stored list of a completed run against the registry as it is now, in the region
 * of that run (so the results compare like with like), made by the caller and linked to the run it repeats.
 * Returns the new run (or the re-run of it already in progress) and its comparison to await or leave running.
 */
export async function startRerun(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
): Promise<{ id: number; isExisting: boolean; job: Promise<void> | null }> {
  const run = await getRunRowOrFail(db, actor, id);
  if (run.status !== 'completed') {
    throw new AppError(
      'CONFLICT',
      run.status === 'processing'
        ? `对比${id}尚未完成，完成后才能重新对比`
        : `对比${id}未成功完成（名单被拒或处理中断），不能重新对比：请修正名单后重新上传`,
    );
  }
  const source = run.source_department;
  if (!isComparisonSource(source) || !(await repo.hasStoredList(db, run.county_code, run.id))) {
    throw new AppError('CONFLICT', listGoneMessage(id));
  }
  const scope = {
    countyCode: run.county_code,
    regionCode: run.region_code,
    regionPrefix: regionScopePrefix(run.region_code),
  };
  const asOf = todayInChina();
  const inserted = await repo.insertRerun(db, {
    countyCode: scope.countyCode,
    regionCode: scope.regionCode,
    sourceDepartment: source,
    sourceLabel: run.source_label,
    coverage: run.coverage,
    fileName: run.file_name,
    checksum: run.checksum,
    totalRows: run.counts.total ?? null,
    columns: run.columns,
    asOf,
    userId: actor.userId,
    rerunOf: run.id,
  });
  if (inserted.isExisting) {
    return { ...inserted, job: null };
  }
  const job = {
    runId: inserted.id,
    scope,
    source,
    coverage: run.coverage,
    fileName: run.file_name,
    checksum: run.checksum,
    asOf,
    audit: auditContextOf(request),
    rerunOf: run.id,
  };
  const hasCategoryColumn = run.columns.includes('categories');
  return { ...inserted, job: finishRun(db, job, () => compareStoredList(db, job, hasCategoryColumn)) };
}

/** The compared listed person (the staged values; blank cells stay absent). */
function listedPersonOf(pair: repo.MatchedPair): ImportedPerson {
  return {
    rowNumber: pair.row_number,
    idNumber: pair.id_number,
    name: pair.name,
    sex: pair.sex,
    birthDate: pair.birth_date,
    villageCode: pair.village_code,
    ...(pair.household_no === null ? {} : { householdNo: pair.household_no }),
    ...(pair.categories === null ? {} : { categories: pair.categories }),
    ...(pair.status === null ? {} : { status: pair.status }),
    ...(pair.status_date === null ? {} : { statusDate: pair.status_date }),
  };
}

/**
 * One transaction: every result row, the counts, the audit row. The list's staged rows stay as the run's
 * stored list (重新对比 compares them again without the file).
 */
async function storeResult(
  db: Kysely<DB>,
  job: RunJob,
  total: number,
  hasCategoryColumn: boolean,
): Promise<Record<string, number>> {
  const { scope, runId } = job;
  return db.transaction().execute(async (trx) => {
    const staged = await repo.countStaged(trx, scope.countyCode, runId, scope.regionPrefix);
    const onlyInList = await timed(job, 'only in the list', () => repo.insertOnlyInList(trx, scope, runId));
    let matched = 0;
    let different = 0;
    const compareStart = performance.now();
    for (let afterRow = 0; ; ) {
      const pairs = await repo.matchedPairs(trx, scope, runId, {
        afterRow,
        limit: COMPARE_CHUNK,
        asOf: job.asOf,
      });
      if (pairs.length === 0) {
        break;
      }
      afterRow = pairs[pairs.length - 1]?.row_number ?? afterRow;
      matched += pairs.length;
      const rows: repo.NewResultRow[] = [];
      for (const pair of pairs) {
        const differences = compareListedPerson(
          {
            name: pair.p_name,
            status: pair.p_status,
            householdNo: pair.p_household_no,
            villageCode: pair.p_village_code,
            categories: pair.p_categories,
          },
          listedPersonOf(pair),
          { hasCategoryColumn, source: job.source },
        );
        if (differences.length === 0) {
          continue;
        }
        rows.push({
          countyCode: scope.countyCode,
          runId,
          kind: 'different',
          rowNumber: pair.row_number,
          idNumber: pair.id_number,
          name: pair.p_name,
          villageCode: pair.p_village_code,
          personId: pair.p_id,
          fields: differences.map((d) => d.field),
          differences,
        });
      }
      different += rows.length;
      await repo.insertResultRows(trx, rows);
    }
    job.trace?.('compare registered persons', performance.now() - compareStart);
    const onlyInRegistry = await timed(job, 'only in the registry', () =>
      repo.insertOnlyInRegistry(trx, scope, runId, {
        coverage: job.coverage,
        categories: categoriesOfSource(job.source),
        asOf: job.asOf,
      }),
    );
    const counts = {
      total,
      invalid: 0,
      compared: staged.staged - staged.out_of_scope,
      outOfScope: staged.out_of_scope,
      villages: staged.villages,
      onlyInList,
      onlyInRegistry,
      different,
      same: matched - different,
    };
    await repo.updateRun(trx, scope.countyCode, runId, {
      status: 'completed',
      counts,
      completedAt: new Date(),
    });
    await insertAuditEvent(trx, {
      ...job.audit,
      action: 'registry.comparison.run',
      entityType: 'registry_comparison',
      entityId: runId,
      regionCode: scope.regionCode,
      result: 'success',
      detail: { ...runAuditDetail(job), ...counts },
    });
    return counts;
  });
}

// ---- reads ---------------------------------------------------------------------------------------

const isoOf = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export function toRunDto(row: repo.RunRow): TComparisonDto {
  return {
    id: row.id,
    fileName: row.file_name,
    checksum: row.checksum,
    sourceDepartment: row.source_department,
    sourceLabel: row.source_label,
    coverage: row.coverage,
    regionCode: row.region_code,
    regionName: row.region_name,
    status: row.status,
    processedRows: row.processed_rows,
    totalRows: row.total_rows,
    counts: row.counts,
    columns: row.columns,
    errors: row.errors,
    errorMessage: row.error_message,
    asOf: row.as_of,
    userName: row.user_name,
    createdAt: isoOf(row.created_at) ?? '',
    completedAt: isoOf(row.completed_at),
    rerunOf: row.rerun_of === null ? null : Number(row.rerun_of),
  };
}

async function getRunRowOrFail(db: Kysely<DB>, actor: Actor, id: number) {
  const run = await repo.findRun(db, comparisonScopeOf(actor), id);
  if (!run) {
    throw notFound(`数据对比（编号${id}）`);
  }
  return run;
}

export async function getRun(db: Kysely<DB>, actor: Actor, id: number) {
  return toRunDto(await getRunRowOrFail(db, actor, id));
}

export async function listRuns(db: Kysely<DB>, actor: Actor, page: { page: number; pageSize: number }) {
  const { items, total } = await repo.listRuns(db, comparisonScopeOf(actor), {
    offset: offsetOf(page),
    limit: page.pageSize,
  });
  return { items: items.map(toRunDto), total, page: page.page, pageSize: page.pageSize };
}

function toRowDto(row: repo.ResultRow): TComparisonRowDto {
  return {
    id: row.id,
    kind: row.kind,
    rowNumber: row.row_number,
    idNumberMasked: maskIdNumber(row.id_number),
    name: row.name,
    villageCode: row.village_code,
    villageName: row.village_name,
    personId: row.person_id,
    fields: row.fields,
    differences: row.differences,
    detail: row.detail,
    note: row.note,
    verificationTaskId: row.verification_task_id,
    taskStatus: row.task_status,
  };
}

export async function pageRows(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  query: TRowsQuery,
) {
  const run = await getRunRowOrFail(db, actor, id);
  const { items, total } = await repo.pageResultRows(
    db,
    await requestScope(db, request, actor, query.regionCode),
    run.id,
    { kind: query.kind, field: query.field, q: query.q },
    { offset: offsetOf(query), limit: query.pageSize },
  );
  return { items: items.map(toRowDto), total, page: query.page, pageSize: query.pageSize };
}

const categoryLabels = (value: unknown) =>
  Array.isArray(value)
    ? value.map((c) => REGISTRY_CATEGORY_LABELS[c as RegistryCategory] ?? String(c)).join('、')
    : '';

const differenceText = (
  differences: readonly ComparisonDifference[] | { field: string }[],
  side: 'list' | 'registry',
) =>
  (differences as ComparisonDifference[])
    .map((d) => {
      const value = side === 'list' ? d.listValue : d.registryValue;
      return `${COMPARISON_FIELD_LABELS[d.field as ComparisonField] ?? d.field}：${value ?? '（空）'}`;
    })
    .join('；');

const TASK_STATUS_LABELS = { open: '核实中', completed: '已核实', cancelled: '已取消' } as const;

/**
 * The rows of a run (one kind or all) as .xlsx, streamed in keyset pages; ID numbers masked, every cell
 * through the formula guard. Audited before the first byte.
 */
export async function exportRows(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  query: TExportQuery,
): Promise<{ stream: Readable; fileName: string }> {
  const run = await getRunRowOrFail(db, actor, id);
  const scope = await requestScope(db, request, actor, query.regionCode);
  const filter = { kind: query.kind, field: query.field, q: query.q };
  const rows = await repo.countResultRows(db, scope, run.id, filter);
  await recordAudit(db, request, {
    action: 'registry.comparison.export',
    entityType: 'registry_comparison',
    entityId: run.id,
    regionCode: scope.villagePrefix.padEnd(12, '0'),
    result: 'success',
    detail: { rows, filter: query },
  });
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const sheet = workbook.addWorksheet('对比结果');
  sheet.columns = [
    { header: '对比结果', key: 'kind', width: 12 },
    { header: '名单行号', key: 'rowNumber', width: 10 },
    { header: '身份证号', key: 'idNumber', width: 22 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '所在村', key: 'village', width: 22 },
    { header: '名单信息', key: 'list', width: 50 },
    { header: '系统信息', key: 'registry', width: 50 },
    { header: '说明', key: 'note', width: 30 },
    { header: '入户核实', key: 'task', width: 10 },
  ];
  const write = async () => {
    sheet.getRow(1).font = { bold: true };
    for (let afterId = 0; ; ) {
      const page = await repo.resultRowsAfter(db, scope, run.id, filter, afterId, 2000);
      const last = page[page.length - 1];
      if (!last) {
        break;
      }
      afterId = last.id;
      for (const row of page) {
        const detail = (row.detail ?? {}) as Record<string, unknown>;
        const detailText = [
          detail.householdNo ? `户编号：${String(detail.householdNo)}` : '',
          detail.categories ? `人员类别：${categoryLabels(detail.categories)}` : '',
        ]
          .filter(Boolean)
          .join('；');
        sheet
          .addRow({
            kind: COMPARISON_KIND_LABELS[row.kind],
            rowNumber: row.row_number,
            idNumber: maskIdNumber(row.id_number),
            name: sanitizeSpreadsheetCell(row.name),
            village: sanitizeSpreadsheetCell(row.village_name ?? row.village_code),
            list: sanitizeSpreadsheetCell(
              row.kind === 'different'
                ? differenceText(row.differences, 'list')
                : row.kind === 'only_in_list'
                  ? detailText
                  : '（名单中无）',
            ),
            registry: sanitizeSpreadsheetCell(
              row.kind === 'different'
                ? differenceText(row.differences, 'registry')
                : row.kind === 'only_in_registry'
                  ? detailText
                  : '（系统中无）',
            ),
            note: sanitizeSpreadsheetCell(row.note ?? ''),
            task: row.task_status ? TASK_STATUS_LABELS[row.task_status] : '',
          })
          .commit();
      }
    }
    sheet.addRow([]).commit();
    sheet
      .addRow([
        `来源：${sanitizeSpreadsheetCell(run.source_label)}，文件：${sanitizeSpreadsheetCell(run.file_name)}，对比日期：${run.as_of}`,
      ])
      .commit();
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) =>
    output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  const baseName = run.file_name.replace(/\.[^.]+$/u, '');
  const kindName = query.kind ? COMPARISON_KIND_LABELS[query.kind] : '全部';
  return { stream: output, fileName: `${baseName}-对比结果-${kindName}.xlsx` };
}

// ---- verification tasks --------------------------------------------------------------------------

function taskReason(run: repo.RunRow, row: { kind: string; differences: ComparisonDifference[] }): string {
  const what =
    row.kind === 'only_in_registry'
      ? '系统中有、名单中无'
      : row.differences
          .map(
            (d) =>
              `${COMPARISON_FIELD_LABELS[d.field] ?? d.field}：名单“${d.listValue ?? '空'}”，系统“${d.registryValue ?? '空'}”`,
          )
          .join('；');
  const reason = `数据对比（${run.source_label}，${run.as_of}，对比${run.id}）${what}`;
  return reason.length > 500 ? `${reason.slice(0, 499)}…` : reason;
}

/**
 * Opens 入户核实 tasks (source 'comparison') for chosen result rows or every row of a kind, assigned to the
 * township or the village of each person, through the verification service's insertTasks: one transaction,
 * rows linked to their task. Idempotent: a row that has a task is skipped; a person with an open task keeps
 * it (the row is linked to it).
 */
export async function createTasksFromRows(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TCreateTasksBody,
) {
  const run = await getRunRowOrFail(db, actor, id);
  if (run.status !== 'completed') {
    throw new AppError('CONFLICT', '该对比尚未完成，不能生成核实任务');
  }
  const scope = await requestScope(db, request, actor, body.regionCode);
  return db.transaction().execute(async (trx) => {
    const rows = await repo.rowsForTasks(trx, scope, run.id, {
      kind: body.kind,
      field: body.field,
      q: body.q,
      rowIds: body.rowIds,
    });
    if (body.rowIds && rows.length !== new Set(body.rowIds).size) {
      throw new AppError('NOT_FOUND', '部分所选行不属于该对比结果或不在您的管辖范围内，请刷新后重试');
    }
    const result = { created: 0, alreadyOpen: 0, alreadyLinked: 0, notApplicable: 0 };
    const tasks: (NewVerificationTask & { rowId: number })[] = [];
    const seen = new Set<number>();
    const rowsOfPerson = new Map<number, number[]>();
    for (const row of rows) {
      if (row.verification_task_id !== null) {
        result.alreadyLinked += 1;
        continue;
      }
      if (row.kind === 'only_in_list' || row.p_id === null || row.p_county_code === null) {
        result.notApplicable += 1;
        continue;
      }
      rowsOfPerson.set(row.p_id, [...(rowsOfPerson.get(row.p_id) ?? []), row.id]);
      if (seen.has(row.p_id)) {
        continue;
      }
      seen.add(row.p_id);
      const villageCode = row.p_village_code as string;
      tasks.push({
        rowId: row.id,
        person: {
          county_code: row.p_county_code,
          id: row.p_id,
          name: row.p_name as string,
          village_code: villageCode,
        },
        reason: taskReason(run, { kind: row.kind, differences: row.differences as ComparisonDifference[] }),
        assignedRegionCode: body.assignTo === 'village' ? villageCode : townshipOf(villageCode),
        source: 'comparison',
        sourceRef: `comparison:${run.id}`,
      });
    }
    const created = await insertTasks(trx, actor, tasks);
    result.created = created.size;
    const waiting = tasks.filter((t) => !created.has(t.person.id)).map((t) => t.person.id);
    const links: { rowId: number; taskId: number }[] = [];
    for (const [personId, taskId] of created) {
      for (const rowId of rowsOfPerson.get(personId) ?? []) {
        links.push({ rowId, taskId });
      }
    }
    for (let i = 0; i < waiting.length; i += 1000) {
      for (const open of await repo.openTasksOf(trx, run.county_code, waiting.slice(i, i + 1000))) {
        result.alreadyOpen += 1;
        for (const rowId of rowsOfPerson.get(open.person_id) ?? []) {
          links.push({ rowId, taskId: open.id });
        }
      }
    }
    await repo.linkTasks(trx, run.county_code, run.id, links);
    await recordAudit(trx, request, {
      action: 'verification.generated',
      entityType: 'registry_comparison',
      entityId: run.id,
      regionCode: scope.villagePrefix.padEnd(12, '0'),
      result: 'success',
      detail: { source: 'comparison', assignTo: body.assignTo, kind: body.kind, ...result },
    });
    return result;
  });
}

// ---- 仅名单有 as an import template ----------------------------------------------------------------

/** Rows of one template download at most (the workbook is built in memory). */
const MAX_TEMPLATE_ROWS = 50_000;
const SEX_LABELS = { M: '男', F: '女' } as const;
const yesNo = (value: boolean | null) => (value === null ? undefined : value ? '是' : '否');

/**
 * The template's values of a 仅名单有 row: the list's values as read (the stored list row), or what the result
 * row kept when the list is no longer stored. Household-level columns stay blank for the user to complete.
 */
function templateValuesOf(row: repo.OnlyInListValues): Partial<Record<ImportColumnKey, string>> {
  const detail = (row.detail ?? {}) as {
    householdNo?: string;
    relation?: string;
    categories?: string[];
    status?: PersonStatus;
  };
  const status = row.status ?? detail.status;
  const values: Partial<Record<ImportColumnKey, string | null | undefined>> = {
    idNumber: row.id_number,
    name: row.name,
    sex: row.sex ? SEX_LABELS[row.sex] : undefined,
    birthDate: row.birth_date,
    householdNo: row.household_no ?? detail.householdNo,
    relation: row.relation ?? detail.relation,
    villageCode: row.village_code,
    phone: row.phone,
    categories: categoryLabels(row.categories ?? detail.categories) || undefined,
    categoryFrom: row.category_from,
    isInsured: yesNo(row.is_insured),
    hasPremiumSubsidy: yesNo(row.has_premium_subsidy),
    disabilityCert: row.disability_cert,
    personStatus: status ? PERSON_STATUS_LABELS[status] : undefined,
    statusDate: row.status_date,
  };
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * The 仅名单有 rows of a run (within the caller's scope or a region of it) filled into the person-import
 * template (the imports module's workbook: same headers, 填写说明 sheet), to be completed and imported
 * through 人员导入. Full ID numbers: audited as an unmasked view; every cell through the formula guard.
 */
export async function exportOnlyInListTemplate(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  query: TOnlyInListTemplateQuery,
): Promise<{ workbook: Buffer; fileName: string }> {
  const run = await getRunRowOrFail(db, actor, id);
  if (run.status !== 'completed') {
    throw new AppError('CONFLICT', `对比${id}尚未完成或未成功，没有“仅名单有”的人员可导出`);
  }
  const scope = await requestScope(db, request, actor, query.regionCode);
  const total = await repo.countResultRows(db, scope, run.id, { kind: 'only_in_list' });
  if (total > MAX_TEMPLATE_ROWS) {
    throw new AppError(
      'UNPROCESSABLE',
      `“仅名单有”的人员共${total}人，超过一次导出的上限${MAX_TEMPLATE_ROWS}人：请按区域（乡镇或村）筛选后分批导出`,
    );
  }
  const rows = await repo.onlyInListRowsWithValues(db, scope, run.id);
  const workbook = new ExcelJS.Workbook();
  // exceljs types `load` with the pre-generic Buffer; the bytes are the same.
  await workbook.xlsx.load((await buildPersonTemplate()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new Error('the person template has no data sheet');
  }
  // Columns by the template's own headers (whatever their order).
  const keyOfHeader = new Map<string, ImportColumnKey>(IMPORT_COLUMNS.map((c) => [c.header, c.key]));
  const columnOf: [ImportColumnKey, number][] = [];
  sheet.getRow(1).eachCell((cell, column) => {
    const key = keyOfHeader.get(String(cell.value));
    if (key) {
      columnOf.push([key, column]);
    }
  });
  rows.forEach((row, i) => {
    const values = templateValuesOf(row);
    const line = sheet.getRow(i + 2);
    for (const [key, column] of columnOf) {
      const value = values[key];
      if (value !== undefined) {
        line.getCell(column).value = sanitizeSpreadsheetCell(value);
      }
    }
  });
  await recordAudit(db, request, {
    action: 'registry.comparison.export_import_template',
    entityType: 'registry_comparison',
    entityId: run.id,
    regionCode: scope.villagePrefix.padEnd(12, '0'),
    result: 'success',
    idUnmasked: true,
    detail: { kind: 'only_in_list', rows: rows.length, regionCode: query.regionCode ?? null },
  });
  const baseName = run.file_name.replace(/\.[^.]+$/u, '');
  return {
    workbook: Buffer.from(await workbook.xlsx.writeBuffer()),
    fileName: `${baseName}-仅名单有-人员导入模板.xlsx`,
  };
}

// ---- retention of stored lists ----------------------------------------------------------------------

/**
 * Deletes the stored lists (rows with full ID numbers) of comparisons completed more than `retentionDays` days
 * before `now`, and records one audit event per county (system actor). Their results stay readable; 重新对比 of
 * them is refused with the "list no longer stored" message. `retentionDays` 0 keeps every list.
 */
export async function purgeExpiredComparisonLists(
  db: Kysely<DB>,
  now: Date,
  retentionDays: number,
): Promise<{ runs: number; rows: number }> {
  if (retentionDays <= 0) {
    return { runs: 0, rows: 0 };
  }
  const completedBefore = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const purged = await repo.purgeStoredLists(trx, completedBefore);
    for (const county of purged) {
      await insertAuditEvent(trx, {
        userId: null,
        username: 'system',
        role: null,
        action: 'registry.comparison.lists_purged',
        entityType: 'registry_comparison',
        regionCode: county.countyCode.padEnd(12, '0'),
        result: 'success',
        detail: {
          runs: county.runs,
          rows: county.rows,
          retentionDays,
          completedBefore: completedBefore.toISOString(),
        },
      });
    }
    return {
      runs: purged.reduce((sum, c) => sum + c.runs, 0),
      rows: purged.reduce((sum, c) => sum + c.rows, 0),
    };
  });
}
