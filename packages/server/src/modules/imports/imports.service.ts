import {
  chinaDateOf,
  classifyImportedPerson,
  createFileChecker,
  diffHouseholdFields,
  type FileHousehold,
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  type ImportCell,
  type ImportColumnKey,
  type ImportedHousehold,
  type ImportedPerson,
  type ImportFieldChange,
  type IsoDate,
  matchHeaders,
  type RegistryHouseholdSnapshot,
  type RegistryPersonSnapshot,
  type RowError,
  validatePersonRow,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { refreshPlannerStatistics } from '../../db/planner-statistics.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { flushRegistryStats } from '../indicators/registry-stats.ts';
import {
  type FileFormat,
  ImportFileError,
  readSheetRows,
  type SheetRow,
  type TextEncoding,
} from './import-file-reader.ts';
import type { ErrorRow } from './import-workbooks.ts';
import * as repo from './imports.repository.ts';

/**
 * Person-list imports: preview (stream the file, validate every row with the domain rules, classify
 * against the registry, stage the valid rows) and commit (one transaction applying the staged rows,
 * recomputed against the registry at that moment, so committing the same file twice changes nothing).
 */

export type ImportScope = { countyCode: string; regionPrefix: string; regionCode: string };

/** County and township users import within their region; callers above county level cannot. */
export function importScopeOf(actor: Actor): ImportScope {
  const scope = dataScopeOf(actor);
  if (!scope.countyCode) {
    throw forbidden('只有县级或乡镇级用户可以导入人员名单');
  }
  return { countyCode: scope.countyCode, regionPrefix: scope.villagePrefix, regionCode: actor.regionCode };
}

export type PreviewJob = {
  batchId: number;
  scope: ImportScope;
  source: string;
  isFullList: boolean;
  filePath: string;
  format: FileFormat;
  encoding: TextEncoding;
  today: IsoDate;
};

export type PreviewOptions = { chunkSize?: number };

const DEFAULT_CHUNK = 1000;

/**
 * Most data rows one file may hold. A county's list is far smaller; a bigger file (a whole city, a 1M-row
 * export) is refused with a message to split it, so one upload never holds the staging tables and the
 * per-file duplicate check (one entry per ID number) for an unbounded number of rows.
 */
export const MAX_IMPORT_ROWS = 500_000;

export const tooManyRowsMessage = (rows: number | null) =>
  `文件${rows === null ? '' : `约有${rows.toLocaleString('en-US')}行数据，`}超过单次导入上限${MAX_IMPORT_ROWS.toLocaleString('en-US')}行：请按乡镇拆分后分批导入`;

type Counts = {
  total: number;
  new: number;
  changed: number;
  unchanged: number;
  invalid: number;
  householdsNew: number;
  householdsChanged: number;
  missing: number;
};

export function todayInChina(): IsoDate {
  return chinaDateOf(new Date());
}

/** Text of a header cell (headers are text; numbers are stringified). */
const headerText = (cell: ImportCell | undefined) =>
  cell === null || cell === undefined ? '' : String(cell);

const isBlankRow = (row: SheetRow) =>
  row.cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));

/**
 * Run a preview to its end: the batch ends 'previewed' (with counts) or 'failed' (with a message).
 * Never throws for bad files: the failure is recorded on the batch.
 */
export async function runPreview(
  db: Kysely<DB>,
  job: PreviewJob,
  options: PreviewOptions = {},
): Promise<void> {
  const { countyCode } = job.scope;
  try {
    const counts = await previewRows(db, job, options.chunkSize ?? DEFAULT_CHUNK);
    await repo.updateBatch(db, countyCode, job.batchId, {
      status: 'previewed',
      counts,
      processedRows: counts.total,
      totalRows: counts.total,
    });
  } catch (error) {
    const message =
      error instanceof ImportFileError || error instanceof AppError
        ? error.message
        : `文件处理失败：${error instanceof Error ? error.message : String(error)}`;
    await repo.deleteStaging(db, countyCode, job.batchId);
    await repo.updateBatch(db, countyCode, job.batchId, { status: 'failed', errorMessage: message });
  }
}

async function previewRows(db: Kysely<DB>, job: PreviewJob, chunkSize: number): Promise<Counts> {
  const { countyCode, regionPrefix } = job.scope;
  const levels = new Map((await repo.findCountyRegions(db, countyCode)).map((r) => [r.code, r.level]));
  const checkVillage = (code: string): string | null => {
    if (!code.startsWith(regionPrefix)) {
      return `村代码${code}不在您的管辖范围内`;
    }
    const level = levels.get(code);
    if (!level) {
      return `村代码${code}在区划库中不存在`;
    }
    return level === 'village' ? null : `区划代码${code}不是村（社区）级代码`;
  };

  const iterator = readSheetRows(job.filePath, job.format, job.encoding)[Symbol.asyncIterator]();
  const leading: SheetRow[] = [];
  while (leading.length < HEADER_SEARCH_ROWS) {
    const next = await iterator.next();
    if (next.done) {
      break;
    }
    leading.push(next.value);
  }
  if (leading.every(isBlankRow)) {
    throw new ImportFileError('文件中没有数据');
  }
  const headerIndex = findHeaderRow(leading.map((row) => row.cells.map(headerText)));
  if (headerIndex < 0) {
    throw new ImportFileError(
      `未找到表头：文件前${HEADER_SEARCH_ROWS}行中没有“身份证号”（或“公民身份号码”“证件号码”）列，请使用下载的模板`,
    );
  }
  const headerRow = leading[headerIndex] as SheetRow;
  const matched = matchHeaders(headerRow.cells.map(headerText));
  if (!matched.ok) {
    throw new ImportFileError(
      `第${headerRow.rowNumber}行表头有误：${matched.problems.map((p) => p.message).join('；')}`,
    );
  }
  const { columns, headerOf } = matched.value;
  const presentKeys = new Set(columns.values());
  await repo.updateBatch(db, countyCode, job.batchId, { columns: [...presentKeys] });

  const checker = createFileChecker();
  const counts: Counts = {
    total: 0,
    new: 0,
    changed: 0,
    unchanged: 0,
    invalid: 0,
    householdsNew: 0,
    householdsChanged: 0,
    missing: 0,
  };
  const errors: { seq: number; rowNumber: number; column: string; message: string }[] = [];
  let seq = 0;
  const invalidRows = new Set<number>();
  const addErrors = (rowErrors: readonly RowError[]) => {
    for (const e of rowErrors) {
      seq += 1;
      errors.push({ seq, rowNumber: e.rowNumber, column: e.column, message: e.message });
    }
    const row = rowErrors[0]?.rowNumber;
    if (row !== undefined && !invalidRows.has(row)) {
      invalidRows.add(row);
      counts.invalid += 1;
    }
  };
  const flushErrors = async (force: boolean) => {
    if (errors.length >= chunkSize || (force && errors.length > 0)) {
      await repo.insertRowErrors(db, countyCode, job.batchId, errors.splice(0));
    }
  };

  let chunk: ImportedPerson[] = [];
  const flushChunk = async () => {
    if (chunk.length === 0) {
      return;
    }
    const rows = chunk;
    chunk = [];
    const staged = await classifyChunk(db, job, rows, presentKeys.has('categories'), headerOf, addErrors);
    for (const row of staged) {
      counts[row.kind] += 1;
    }
    await repo.insertStagedRows(db, countyCode, job.batchId, staged);
    await flushErrors(false);
    await repo.updateBatch(db, countyCode, job.batchId, { processedRows: counts.total });
  };

  const handleRow = async (row: SheetRow) => {
    if (isBlankRow(row)) {
      return;
    }
    counts.total += 1;
    if (counts.total > MAX_IMPORT_ROWS) {
      throw new ImportFileError(`第${row.rowNumber}行：${tooManyRowsMessage(null)}`);
    }
    const cells: Partial<Record<ImportColumnKey, ImportCell>> = {};
    for (const [index, key] of columns) {
      cells[key] = row.cells[index] ?? null;
    }
    const result = validatePersonRow({
      rowNumber: row.rowNumber,
      cells,
      headerOf,
      today: job.today,
      checkVillage,
    });
    if (!result.ok) {
      addErrors(result.errors);
      return;
    }
    const fileErrors = checker.check(result.value, headerOf);
    if (fileErrors.length > 0) {
      addErrors(fileErrors);
      return;
    }
    chunk.push(result.value);
    if (chunk.length >= chunkSize) {
      await flushChunk();
    }
  };

  for (const row of leading.slice(headerIndex + 1)) {
    await handleRow(row);
  }
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    await handleRow(next.value);
  }
  await flushChunk();
  await flushErrors(true);
  if (counts.total === 0) {
    throw new ImportFileError(`第${headerRow.rowNumber}行表头以下没有数据行`);
  }
  await stageHouseholds(db, job, checker.households(), counts, chunkSize);
  if (job.isFullList) {
    counts.missing = await repo.countMissingFromFullList(db, {
      countyCode,
      regionPrefix,
      source: job.source,
      batchId: job.batchId,
    });
  }
  return counts;
}

function toPersonSnapshot(
  row: repo.RegistryPersonRow,
  categories: Awaited<ReturnType<typeof repo.findOpenCategories>>,
): RegistryPersonSnapshot {
  return {
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    villageCode: row.village_code,
    householdNo: row.household_no,
    relation: row.relation,
    phone: row.phone,
    isInsured: row.is_insured,
    hasPremiumSubsidy: row.has_premium_subsidy,
    disabilityCert: row.disability_cert,
    status: row.status,
    statusDate: row.status_date,
    openCategories: categories
      .filter((c) => c.person_id === row.id)
      .map((c) => ({ id: c.id, category: c.category, validFrom: c.valid_from, source: c.source })),
  };
}

/** Registry state of a chunk of ID numbers: persons by ID number with their open categories. */
async function loadRegistryChunk(db: Kysely<DB> | Transaction<DB>, countyCode: string, idNumbers: string[]) {
  const persons = await repo.findPersonsByIdNumbers(db, countyCode, idNumbers);
  const categories = await repo.findOpenCategories(
    db,
    countyCode,
    persons.map((p) => p.id),
  );
  return new Map(persons.map((p) => [p.id_number, { row: p, snapshot: toPersonSnapshot(p, categories) }]));
}

async function classifyChunk(
  db: Kysely<DB>,
  job: PreviewJob,
  rows: ImportedPerson[],
  hasCategoryColumn: boolean,
  headerOf: Readonly<Partial<Record<ImportColumnKey, string>>>,
  addErrors: (errors: RowError[]) => void,
): Promise<repo.StagedRow[]> {
  const { countyCode, regionPrefix } = job.scope;
  const ids = rows.map((r) => r.idNumber);
  const registry = await loadRegistryChunk(db, countyCode, ids);
  const elsewhere = new Map(
    (
      await repo.findIdNumbersElsewhere(
        db,
        countyCode,
        ids.filter((id) => !registry.has(id)),
      )
    ).map((r) => [r.id_number, r.county_code]),
  );
  const idColumn = headerOf.idNumber ?? '身份证号';
  const staged: repo.StagedRow[] = [];
  for (const person of rows) {
    const otherCounty = elsewhere.get(person.idNumber);
    if (otherCounty) {
      addErrors([
        {
          rowNumber: person.rowNumber,
          column: idColumn,
          message: `该身份证号已登记在其他县（${otherCounty}），请先由原登记县办理迁出`,
        },
      ]);
      continue;
    }
    const existing = registry.get(person.idNumber);
    if (existing && !existing.row.village_code.startsWith(regionPrefix)) {
      addErrors([
        {
          rowNumber: person.rowNumber,
          column: idColumn,
          message: `该人员已登记在您管辖范围以外的村（${existing.row.village_code}），不能通过本次导入修改`,
        },
      ]);
      continue;
    }
    const { kind } = classifyImportedPerson(existing?.snapshot ?? null, person, {
      hasCategoryColumn,
      source: job.source,
      today: job.today,
    });
    staged.push({ rowNumber: person.rowNumber, idNumber: person.idNumber, kind, data: person });
  }
  return staged;
}

type StagedHouseholdData = { villageCode: string; headName?: string; values: ImportedHousehold };

function toHouseholdSnapshot(row: repo.RegistryHouseholdRow): RegistryHouseholdSnapshot {
  return {
    villageCode: row.village_code,
    address: row.address,
    headName: row.head_name,
    povertyAttribute: row.poverty_attribute,
    mainCause: row.main_cause,
    otherCauses: row.other_causes,
    registeredYear: row.registered_year,
    exitStatus: row.exit_status,
    exitYear: row.exit_year,
    monitoringType: row.monitoring_type,
    riskStatus: row.risk_status,
  };
}

const householdData = (h: FileHousehold): StagedHouseholdData => ({
  villageCode: h.villageCode,
  ...(h.headName === undefined ? {} : { headName: h.headName }),
  values: h.values,
});

async function stageHouseholds(
  db: Kysely<DB>,
  job: PreviewJob,
  households: ReadonlyMap<string, FileHousehold>,
  counts: Counts,
  chunkSize: number,
): Promise<void> {
  const all = [...households.values()];
  for (let i = 0; i < all.length; i += chunkSize) {
    const part = all.slice(i, i + chunkSize);
    const existing = new Map(
      (
        await repo.findHouseholdsByNumbers(
          db,
          job.scope.countyCode,
          part.map((h) => h.householdNo),
        )
      ).map((h) => [h.household_no, h]),
    );
    const staged = part.map((h) => {
      const stored = existing.get(h.householdNo);
      const data = householdData(h);
      const kind: repo.StagedRow['kind'] = !stored
        ? 'new'
        : diffHouseholdFields(toHouseholdSnapshot(stored), data).length > 0
          ? 'changed'
          : 'unchanged';
      if (kind === 'new') {
        counts.householdsNew += 1;
      } else if (kind === 'changed') {
        counts.householdsChanged += 1;
      }
      return { householdNo: h.householdNo, kind, data };
    });
    await repo.insertStagedHouseholds(db, job.scope.countyCode, job.batchId, staged);
  }
}

// ---- commit --------------------------------------------------------------------------------------

export type CommitOptions = {
  chunkSize?: number;
  /** Test hook: called after each chunk of persons is written (inside the transaction). */
  afterChunk?: (chunkIndex: number) => void | Promise<void>;
};

export type CommitResult = {
  batchId: number;
  alreadyCommitted: boolean;
  new: number;
  changed: number;
  unchanged: number;
  flagged: number;
  householdsNew: number;
  householdsChanged: number;
};

const HOUSEHOLD_COLUMN_VALUES = (data: StagedHouseholdData): Record<string, unknown> => ({
  village_code: data.villageCode,
  head_name: data.headName,
  address: data.values.address,
  poverty_attribute: data.values.povertyAttribute,
  main_cause: data.values.mainCause,
  other_causes: data.values.otherCauses,
  registered_year: data.values.registeredYear,
  exit_status: data.values.exitStatus,
  exit_year: data.values.exitYear,
  monitoring_type: data.values.monitoringType,
  risk_status: data.values.riskStatus,
});

const PERSON_COLUMN_VALUES = (p: ImportedPerson): Record<string, unknown> => ({
  name: p.name,
  sex: p.sex,
  birth_date: p.birthDate,
  village_code: p.villageCode,
  relation: p.relation,
  phone: p.phone,
  is_insured: p.isInsured,
  has_premium_subsidy: p.hasPremiumSubsidy,
  disability_cert: p.disabilityCert,
  status: p.status,
  status_date: p.statusDate,
});

function pickChanged(
  values: Record<string, unknown>,
  changes: readonly ImportFieldChange[],
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.field in values) {
      set[change.field] = values[change.field];
    }
  }
  return set;
}

/**
 * Commit a previewed batch in one transaction. Refuses batches with invalid rows. Idempotent: a
 * committed batch is not applied again, and every row is re-compared with the registry inside the
 * transaction, so a second batch of the same file reports 0 new and 0 changed.
 */
export async function commitBatch(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  batchId: number,
  options: CommitOptions = {},
): Promise<CommitResult> {
  const scope = importScopeOf(actor);
  const batch = await repo.findBatch(db, scope, batchId);
  if (!batch) {
    throw notFound('导入批次');
  }
  const nothing: CommitResult = {
    batchId,
    alreadyCommitted: true,
    new: 0,
    changed: 0,
    unchanged: 0,
    flagged: 0,
    householdsNew: 0,
    householdsChanged: 0,
  };
  if (batch.status === 'committed') {
    return nothing;
  }
  if (batch.status === 'processing') {
    throw new AppError('CONFLICT', '该批次仍在校验中，请等待预览完成后再提交');
  }
  if (batch.status === 'failed') {
    throw new AppError('UNPROCESSABLE', `该批次文件处理失败，不能提交：${batch.error_message ?? ''}`);
  }
  const invalid = batch.counts.invalid ?? 0;
  if (invalid > 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `本批次有${invalid}行数据有误，不能提交：请下载错误明细，修正后重新上传`,
    );
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const source = batch.source_department ?? '';
  const today = todayInChina();
  const result = await db.transaction().execute(async (trx) => {
    await repo.lockCountyImports(trx, scope.countyCode);
    const locked = await repo.lockBatch(trx, scope.countyCode, batchId);
    if (!locked || locked.status === 'committed') {
      return nothing;
    }
    const changeRows: repo.ChangeRow[] = [];
    const flushChanges = async (force: boolean) => {
      if (changeRows.length >= chunkSize || (force && changeRows.length > 0)) {
        await repo.insertChangeLog(trx, scope.countyCode, batchId, actor.userId, changeRows.splice(0));
      }
    };
    const result: CommitResult = { ...nothing, alreadyCommitted: false };
    const householdIds = await commitHouseholds(
      trx,
      scope.countyCode,
      batchId,
      chunkSize,
      changeRows,
      result,
    );
    await flushChanges(true);

    const hasCategoryColumn = batch.columns.includes('categories');
    let afterRow = 0;
    for (let chunkIndex = 0; ; chunkIndex += 1) {
      const staged = await repo.stagedRowsAfter(trx, scope.countyCode, batchId, afterRow, chunkSize);
      if (staged.length === 0) {
        break;
      }
      afterRow = staged[staged.length - 1]?.row_number ?? afterRow;
      const persons = staged.map((s) => s.data as ImportedPerson);
      await commitPersonChunk(trx, {
        countyCode: scope.countyCode,
        batchId,
        source,
        today,
        hasCategoryColumn,
        persons,
        householdIds,
        changeRows,
        result,
      });
      await flushChanges(false);
      await options.afterChunk?.(chunkIndex);
    }

    if (batch.is_full_list) {
      const flagged = await repo.flagMissingPersons(trx, {
        countyCode: scope.countyCode,
        regionPrefix: scope.regionPrefix,
        source,
        batchId,
        reason: `未出现在${source}${today}导入的全量名单中（导入批次${batchId}），请入户核实`,
      });
      result.flagged = flagged.length;
      for (const person of flagged) {
        changeRows.push({
          entityType: 'person',
          entityId: person.id,
          personId: person.id,
          field: 'needs_verification',
          oldValue: 'false',
          newValue: 'true',
        });
      }
    }
    await flushChanges(true);
    await repo.deleteStaging(trx, scope.countyCode, batchId);
    await repo.updateBatch(trx, scope.countyCode, batchId, {
      status: 'committed',
      committedAt: new Date(),
      counts: {
        ...batch.counts,
        committedNew: result.new,
        committedChanged: result.changed,
        committedUnchanged: result.unchanged,
        flagged: result.flagged,
        committedHouseholdsNew: result.householdsNew,
        committedHouseholdsChanged: result.householdsChanged,
      },
    });
    await recordAudit(trx, request, {
      action: 'registry.import.commit',
      entityType: 'import_batch',
      entityId: batchId,
      regionCode: actor.regionCode,
      result: 'success',
      detail: {
        fileName: batch.file_name,
        checksum: batch.checksum,
        sourceDepartment: source,
        isFullList: batch.is_full_list,
        new: result.new,
        changed: result.changed,
        unchanged: result.unchanged,
        flagged: result.flagged,
      },
    });
    return result;
  });
  if (!result.alreadyCommitted) {
    // Fold the new rows into the dashboard aggregates and refresh planner statistics now, not on the next read.
    await flushRegistryStats(db);
    await refreshPlannerStatistics(db);
  }
  return result;
}

async function commitHouseholds(
  trx: Transaction<DB>,
  countyCode: string,
  batchId: number,
  chunkSize: number,
  changeRows: repo.ChangeRow[],
  result: CommitResult,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  let afterNo = '';
  for (;;) {
    const staged = await repo.stagedHouseholdsAfter(trx, countyCode, batchId, afterNo, chunkSize);
    if (staged.length === 0) {
      return ids;
    }
    afterNo = staged[staged.length - 1]?.household_no ?? afterNo;
    const existing = new Map(
      (
        await repo.findHouseholdsByNumbers(
          trx,
          countyCode,
          staged.map((s) => s.household_no),
        )
      ).map((h) => [h.household_no, h]),
    );
    const fresh: repo.NewHousehold[] = [];
    for (const s of staged) {
      const data = s.data as StagedHouseholdData;
      const stored = existing.get(s.household_no);
      if (!stored) {
        const v = data.values;
        fresh.push({
          householdNo: s.household_no,
          villageCode: data.villageCode,
          address: v.address ?? null,
          headName: data.headName ?? null,
          povertyAttribute: v.povertyAttribute ?? null,
          mainCause: v.mainCause ?? null,
          otherCauses: v.otherCauses ?? [],
          registeredYear: v.registeredYear ?? null,
          exitStatus: v.exitStatus ?? 'not_exited',
          exitYear: v.exitYear ?? null,
          monitoringType: v.monitoringType ?? null,
          riskStatus: v.riskStatus ?? null,
        });
        continue;
      }
      ids.set(s.household_no, stored.id);
      const changes = diffHouseholdFields(toHouseholdSnapshot(stored), data);
      if (changes.length > 0) {
        await repo.updateHousehold(
          trx,
          countyCode,
          stored.id,
          pickChanged(HOUSEHOLD_COLUMN_VALUES(data), changes),
        );
        result.householdsChanged += 1;
        for (const change of changes) {
          changeRows.push({ entityType: 'household', entityId: stored.id, personId: null, ...change });
        }
      }
    }
    if (fresh.length > 0) {
      for (const row of await repo.insertHouseholds(trx, countyCode, fresh)) {
        ids.set(row.household_no, row.id);
        result.householdsNew += 1;
        changeRows.push({
          entityType: 'household',
          entityId: row.id,
          personId: null,
          field: 'record',
          oldValue: null,
          newValue: `导入新建（批次${batchId}）`,
        });
      }
    }
  }
}

async function commitPersonChunk(
  trx: Transaction<DB>,
  ctx: {
    countyCode: string;
    batchId: number;
    source: string;
    today: IsoDate;
    hasCategoryColumn: boolean;
    persons: ImportedPerson[];
    householdIds: ReadonlyMap<string, number>;
    changeRows: repo.ChangeRow[];
    result: CommitResult;
  },
): Promise<void> {
  const { countyCode, batchId, source, persons, householdIds, changeRows, result } = ctx;
  const registry = await loadRegistryChunk(
    trx,
    countyCode,
    persons.map((p) => p.idNumber),
  );
  const householdIdOf = (p: ImportedPerson) =>
    p.householdNo === undefined ? null : (householdIds.get(p.householdNo) ?? null);
  const fresh: ImportedPerson[] = [];
  const seenIds: number[] = [];
  const newCategories: Parameters<typeof repo.insertCategories>[2][number][] = [];
  for (const person of persons) {
    const existing = registry.get(person.idNumber);
    const classified = classifyImportedPerson(existing?.snapshot ?? null, person, {
      hasCategoryColumn: ctx.hasCategoryColumn,
      source,
      today: ctx.today,
    });
    if (!existing) {
      fresh.push(person);
      continue;
    }
    const personId = existing.row.id;
    seenIds.push(personId);
    if (classified.kind === 'unchanged') {
      result.unchanged += 1;
      continue;
    }
    result.changed += 1;
    if (classified.changes.length > 0) {
      const set = pickChanged(PERSON_COLUMN_VALUES(person), classified.changes);
      if (classified.changes.some((c) => c.field === 'household_no')) {
        set.household_id = householdIdOf(person);
      }
      await repo.updatePerson(trx, countyCode, personId, set);
      for (const change of classified.changes) {
        changeRows.push({ entityType: 'person', entityId: personId, personId, ...change });
      }
    }
    for (const open of classified.categories.open) {
      newCategories.push({ personId, category: open.category, validFrom: open.validFrom, source });
    }
    for (const close of classified.categories.close) {
      await repo.closeCategory(trx, countyCode, close.id, close.validTo);
      changeRows.push({
        entityType: 'person_category',
        entityId: close.id,
        personId,
        field: 'valid_to',
        oldValue: null,
        newValue: close.validTo,
      });
    }
  }

  if (fresh.length > 0) {
    const inserted = await repo.insertPersons(
      trx,
      countyCode,
      fresh.map((p) => ({
        idNumber: p.idNumber,
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        householdId: householdIdOf(p),
        relation: p.relation ?? null,
        phone: p.phone ?? null,
        villageCode: p.villageCode,
        status: p.status ?? 'normal',
        statusDate: p.statusDate ?? null,
        isInsured: p.isInsured ?? true,
        hasPremiumSubsidy: p.hasPremiumSubsidy ?? false,
        disabilityCert: p.disabilityCert ?? null,
      })),
    );
    const idOf = new Map(inserted.map((r) => [r.id_number, r.id]));
    await repo.insertIdIndex(
      trx,
      inserted.map((r) => ({ idNumber: r.id_number, countyCode, personId: r.id })),
    );
    for (const person of fresh) {
      const personId = idOf.get(person.idNumber);
      if (personId === undefined) {
        throw new Error(`inserted person ${person.rowNumber} has no id`);
      }
      seenIds.push(personId);
      result.new += 1;
      changeRows.push({
        entityType: 'person',
        entityId: personId,
        personId,
        field: 'record',
        oldValue: null,
        newValue: `导入新建（批次${batchId}）`,
      });
      for (const category of person.categories ?? []) {
        newCategories.push({ personId, category, validFrom: person.categoryFrom ?? ctx.today, source });
      }
    }
  }
  for (const row of await repo.insertCategories(trx, countyCode, newCategories)) {
    changeRows.push({
      entityType: 'person_category',
      entityId: row.id,
      personId: row.person_id,
      field: 'category',
      oldValue: null,
      newValue: row.category,
    });
  }
  await repo.upsertPersonSources(trx, countyCode, source, batchId, seenIds);
}

// ---- reads ---------------------------------------------------------------------------------------

export type BatchDto = {
  id: number;
  fileName: string;
  checksum: string;
  sourceDepartment: string | null;
  isFullList: boolean;
  status: 'processing' | 'previewed' | 'committed' | 'failed';
  processedRows: number;
  totalRows: number | null;
  counts: Record<string, number>;
  columns: string[];
  errorMessage: string | null;
  userName: string | null;
  createdAt: string;
  committedAt: string | null;
};

const isoOf = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export function toBatchDto(row: repo.BatchRow): BatchDto {
  return {
    id: row.id,
    fileName: row.file_name,
    checksum: row.checksum,
    sourceDepartment: row.source_department,
    isFullList: row.is_full_list,
    status: row.status,
    processedRows: row.processed_rows,
    totalRows: row.total_rows,
    counts: row.counts,
    columns: row.columns,
    errorMessage: row.error_message,
    userName: row.user_name,
    createdAt: isoOf(row.created_at) ?? '',
    committedAt: isoOf(row.committed_at),
  };
}

export async function getBatch(db: Kysely<DB>, actor: Actor, id: number) {
  const scope = importScopeOf(actor);
  const batch = await repo.findBatch(db, scope, id);
  if (!batch) {
    throw notFound('导入批次');
  }
  const earlier = await repo.findCommittedByChecksum(db, scope.countyCode, batch.checksum, id);
  return { ...toBatchDto(batch), sameFileBatchId: earlier && earlier.id < id ? earlier.id : null };
}

export async function listBatches(db: Kysely<DB>, actor: Actor, page: { page: number; pageSize: number }) {
  const scope = importScopeOf(actor);
  const { items, total } = await repo.listBatches(db, scope, {
    offset: (page.page - 1) * page.pageSize,
    limit: page.pageSize,
  });
  return { items: items.map(toBatchDto), total, page: page.page, pageSize: page.pageSize };
}

export async function pageBatchErrors(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  page: { page: number; pageSize: number },
) {
  const scope = importScopeOf(actor);
  if (!(await repo.findBatch(db, scope, id))) {
    throw notFound('导入批次');
  }
  const { items, total } = await repo.pageRowErrors(
    db,
    scope.countyCode,
    id,
    (page.page - 1) * page.pageSize,
    page.pageSize,
  );
  return {
    items: items.map((e) => ({ rowNumber: e.row_number, column: e.column_name, message: e.message })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** All errors of a batch in chunks (for the .xlsx download). */
export async function* iterateBatchErrors(
  db: Kysely<DB>,
  countyCode: string,
  id: number,
): AsyncGenerator<ErrorRow[]> {
  let afterSeq = 0;
  for (;;) {
    const rows = await repo.rowErrorsAfter(db, countyCode, id, afterSeq, 2000);
    if (rows.length === 0) {
      return;
    }
    afterSeq = rows[rows.length - 1]?.seq ?? afterSeq;
    yield rows.map((r) => ({ rowNumber: r.row_number, column: r.column_name, message: r.message }));
  }
}

export async function findBatchForDownload(db: Kysely<DB>, actor: Actor, id: number) {
  const scope = importScopeOf(actor);
  const batch = await repo.findBatch(db, scope, id);
  if (!batch) {
    throw notFound('导入批次');
  }
  return { batch, scope };
}
