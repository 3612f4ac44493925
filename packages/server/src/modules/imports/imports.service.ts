import {
  chinaDateOf,
  classifyImportedPerson,
  diffHouseholdFields,
  type ExitStatus,
  type ImportedPerson,
  type IsoDate,
  type MonitoringType,
  type PovertyAttribute,
  type PovertyCause,
  type RegistryHouseholdSnapshot,
  type RegistryPersonSnapshot,
  type RiskStatus,
  type RowError,
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
import { type FileFormat, ImportFileError, type TextEncoding } from './import-file-reader.ts';
import {
  openCopyWriter,
  STAGED_HOUSEHOLD_COLUMNS,
  STAGED_PERSON_COLUMNS,
  stagedHouseholdLine,
  stagedPersonLine,
} from './import-staging.ts';
import type { ErrorRow } from './import-workbooks.ts';
import * as repo from './imports.repository.ts';
import { streamPersonList } from './person-list-stream.ts';

/**
 * Person-list imports. Preview: stream the file once, validate every row with the domain rules, COPY the
 * valid rows into the staging tables while parsing, then check the staged rows against the registry with a
 * few set-based queries (other counties, other regions; which persons and households are already
 * registered) and classify only the registered ones with the domain diff. Commit: one transaction that
 * re-compares the registered rows (domain diff, bulk UPDATEs) and moves everything new with set-based
 * INSERT … SELECT from staging, so committing the same file twice changes nothing.
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

/** Reports how long each step of a preview or commit took (benchmarks; optional). */
export type StepTrace = (step: string, ms: number) => void;

export type PreviewOptions = {
  /** Rows per query when comparing registered persons and households (default 5,000). */
  chunkSize?: number;
  trace?: StepTrace;
};

const PREVIEW_CHUNK = 5000;

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

/** Runs `fn` and reports its duration to `trace`. */
async function step<T>(trace: StepTrace | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (!trace) {
    return fn();
  }
  const start = performance.now();
  try {
    return await fn();
  } finally {
    trace(name, performance.now() - start);
  }
}

/**
 * Run a preview to its end: the batch ends 'previewed' (with counts) or 'failed' (with a message).
 * Never throws for bad files: the failure is recorded on the batch and nothing stays staged.
 */
export async function runPreview(
  db: Kysely<DB>,
  job: PreviewJob,
  options: PreviewOptions = {},
): Promise<void> {
  const { countyCode } = job.scope;
  try {
    const counts = await previewRows(db, job, options);
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

/** Errors of a preview, numbered in the order found and written in chunks; `invalid` counts their rows. */
function createErrorSink(db: Kysely<DB>, countyCode: string, batchId: number) {
  const pending: { seq: number; rowNumber: number; column: string; message: string }[] = [];
  let seq = 0;
  let rows = 0;
  return {
    /** All errors of one row (each row is reported by one check only). */
    add(rowErrors: readonly RowError[]) {
      if (rowErrors.length === 0) {
        return;
      }
      rows += 1;
      for (const e of rowErrors) {
        seq += 1;
        pending.push({ seq, rowNumber: e.rowNumber, column: e.column, message: e.message });
      }
    },
    get invalidRows() {
      return rows;
    },
    async flush(force: boolean) {
      if (pending.length >= 1000 || (force && pending.length > 0)) {
        await repo.insertRowErrors(db, countyCode, batchId, pending.splice(0));
      }
    },
  };
}

async function previewRows(db: Kysely<DB>, job: PreviewJob, options: PreviewOptions): Promise<Counts> {
  const { countyCode, regionPrefix } = job.scope;
  const { trace } = options;
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

  const errors = createErrorSink(db, countyCode, job.batchId);
  let staged = 0;
  const { total, headerOf, presentKeys, checker } = await step(
    trace,
    'parse, validate and COPY rows',
    async () => {
      const read = await streamPersonList(db, job, {
        table: 'import_staged_row',
        columns: STAGED_PERSON_COLUMNS,
        lineOf: (person) => {
          staged += 1;
          return stagedPersonLine(countyCode, job.batchId, person);
        },
        today: job.today,
        checkVillage,
        noHeaderAdvice: '请使用下载的模板',
        onColumns: (keys) => repo.updateBatch(db, countyCode, job.batchId, { columns: [...keys] }),
        onRowErrors: (rowErrors) => errors.add(rowErrors),
        onProgress: async (rowsRead) => {
          await errors.flush(false);
          await repo.updateBatch(db, countyCode, job.batchId, { processedRows: rowsRead });
        },
      });
      await repo.analyzeStaging(db, 'import_staged_row');
      return read;
    },
  );

  // Checks that need the registry, set-based over the staged rows.
  const idColumn = headerOf.idNumber ?? '身份证号';
  const refused = await step(trace, 'check other counties and regions', async () => {
    const rows = new Map<number, RowError>();
    for (const r of await repo.stagedRowsRegisteredElsewhere(db, countyCode, job.batchId)) {
      rows.set(r.row_number, {
        rowNumber: r.row_number,
        column: idColumn,
        message: `该身份证号已登记在其他县（${r.county_code}），请先由原登记县办理迁出`,
      });
    }
    for (const r of await repo.stagedRowsOutsideRegion(db, countyCode, job.batchId, regionPrefix)) {
      rows.set(r.row_number, {
        rowNumber: r.row_number,
        column: idColumn,
        message: `该人员已登记在您管辖范围以外的村（${r.village_code}），不能通过本次导入修改`,
      });
    }
    const refusedRows = [...rows.keys()].sort((a, b) => a - b);
    for (const row of refusedRows) {
      errors.add([rows.get(row) as RowError]);
    }
    await repo.deleteStagedRows(db, countyCode, job.batchId, refusedRows);
    return refusedRows.length;
  });
  await errors.flush(true);

  const counts: Counts = {
    total,
    new: 0,
    changed: 0,
    unchanged: 0,
    invalid: errors.invalidRows,
    householdsNew: 0,
    householdsChanged: 0,
    missing: 0,
  };
  const chunkSize = options.chunkSize ?? PREVIEW_CHUNK;
  const hasCategoryColumn = presentKeys.has('categories');
  await step(trace, 'compare registered persons', async () => {
    let afterRow = 0;
    for (;;) {
      const pairs = await repo.stagedRowsOfRegisteredPersons(
        db,
        countyCode,
        job.batchId,
        afterRow,
        chunkSize,
      );
      if (pairs.length === 0) {
        break;
      }
      afterRow = pairs[pairs.length - 1]?.row_number ?? afterRow;
      for (const pair of pairs) {
        const { kind } = classifyImportedPerson(personSnapshotOf(pair), importedPersonOf(pair), {
          hasCategoryColumn,
          source: job.source,
          today: job.today,
        });
        counts[kind] += 1;
      }
    }
    counts.new = staged - refused - counts.changed - counts.unchanged;
  });

  const households = checker.households();
  await step(trace, 'COPY households', async () => {
    const writer = await openCopyWriter(db, 'import_staged_household', STAGED_HOUSEHOLD_COLUMNS);
    try {
      let written = 0;
      for (const household of households.values()) {
        writer.write(stagedHouseholdLine(countyCode, job.batchId, household));
        written += 1;
        if (written % 1000 === 0) {
          await writer.flush();
        }
      }
      await writer.end();
      await repo.analyzeStaging(db, 'import_staged_household');
    } catch (error) {
      await writer.abort();
      throw error;
    }
  });
  await step(trace, 'compare registered households', async () => {
    let afterNo = '';
    let registered = 0;
    for (;;) {
      const pairs = await repo.stagedRegisteredHouseholds(db, countyCode, job.batchId, afterNo, chunkSize);
      if (pairs.length === 0) {
        break;
      }
      afterNo = pairs[pairs.length - 1]?.household_no ?? afterNo;
      registered += pairs.length;
      for (const pair of pairs) {
        if (diffHouseholdFields(householdSnapshotOf(pair), stagedHouseholdOf(pair)).length > 0) {
          counts.householdsChanged += 1;
        }
      }
    }
    counts.householdsNew = households.size - registered;
  });
  if (job.isFullList) {
    counts.missing = await step(trace, 'count persons missing from the full list', () =>
      repo.countMissingFromFullList(db, {
        countyCode,
        regionPrefix,
        source: job.source,
        batchId: job.batchId,
      }),
    );
  }
  return counts;
}

/** The non-null entries of `values`: a staged NULL is a blank cell, so the key stays absent. */
function present<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], null> } {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    if (values[key] !== null) {
      result[key] = values[key];
    }
  }
  return result as { [K in keyof T]?: Exclude<T[K], null> };
}

/** The row as the domain validated it. */
function importedPersonOf(s: repo.StagedPersonRow): ImportedPerson {
  return {
    rowNumber: s.row_number,
    idNumber: s.id_number,
    name: s.name,
    sex: s.sex,
    birthDate: s.birth_date,
    villageCode: s.village_code,
    ...present({
      householdNo: s.household_no,
      relation: s.relation,
      phone: s.phone,
      categories: s.categories,
      categoryFrom: s.category_from,
      isInsured: s.is_insured,
      hasPremiumSubsidy: s.has_premium_subsidy,
      disabilityCert: s.disability_cert,
      status: s.status,
      statusDate: s.status_date,
    }),
  };
}

function personSnapshotOf(p: repo.RegisteredPersonRow): RegistryPersonSnapshot {
  return {
    name: p.p_name,
    sex: p.p_sex,
    birthDate: p.p_birth_date,
    villageCode: p.p_village_code,
    householdNo: p.p_household_no,
    relation: p.p_relation,
    phone: p.p_phone,
    isInsured: p.p_is_insured,
    hasPremiumSubsidy: p.p_has_premium_subsidy,
    disabilityCert: p.p_disability_cert,
    status: p.p_status,
    statusDate: p.p_status_date,
    openCategories: p.p_open_categories,
  };
}

function householdSnapshotOf(h: repo.RegisteredHouseholdRow): RegistryHouseholdSnapshot {
  return {
    villageCode: h.h_village_code,
    address: h.h_address,
    headName: h.h_head_name,
    povertyAttribute: h.h_poverty_attribute,
    mainCause: h.h_main_cause,
    otherCauses: h.h_other_causes,
    registeredYear: h.h_registered_year,
    exitStatus: h.h_exit_status,
    exitYear: h.h_exit_year,
    monitoringType: h.h_monitoring_type,
    riskStatus: h.h_risk_status,
  };
}

/** The file's values of a staged household, in the shape diffHouseholdFields compares. */
function stagedHouseholdOf(s: repo.StagedHouseholdRow): Parameters<typeof diffHouseholdFields>[1] {
  return {
    villageCode: s.village_code,
    ...present({ headName: s.head_name }),
    values: present({
      address: s.address,
      povertyAttribute: s.poverty_attribute as PovertyAttribute | null,
      mainCause: s.main_cause as PovertyCause | null,
      otherCauses: s.other_causes as PovertyCause[] | null,
      registeredYear: s.registered_year,
      exitStatus: s.exit_status as ExitStatus | null,
      exitYear: s.exit_year,
      monitoringType: s.monitoring_type as MonitoringType | null,
      riskStatus: s.risk_status as RiskStatus | null,
    }),
  };
}

// ---- commit --------------------------------------------------------------------------------------

export type CommitOptions = {
  /** Rows per statement when writing (default 50,000; registered persons are compared 5,000 at a time). */
  chunkSize?: number;
  /** Test hook: called after each chunk of persons is written (inside the transaction). */
  afterChunk?: (chunkIndex: number) => void | Promise<void>;
  trace?: StepTrace;
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

const COMMIT_CHUNK = 50_000;

/** Tables a commit writes (their planner statistics are refreshed after it). */
const COMMITTED_TABLES = [
  'household',
  'person',
  'person_id_index',
  'person_source',
  'person_category',
  'change_log',
  'import_staged_row',
  'import_staged_household',
] as const;
/** Tables the registry aggregates' flush writes. */
const AGGREGATE_TABLES = ['registry_stats_dirty', 'registry_fact_event', 'registry_count_delta'] as const;

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
  const { trace } = options;
  const chunkSize = options.chunkSize ?? COMMIT_CHUNK;
  const compareChunk = Math.min(chunkSize, PREVIEW_CHUNK);
  const source = batch.source_department ?? '';
  const today = todayInChina();
  const stamp: repo.ChangeStamp = { countyCode: scope.countyCode, batchId, userId: actor.userId };
  const result = await db.transaction().execute(async (trx) => {
    await repo.lockCountyImports(trx, scope.countyCode);
    const locked = await repo.lockBatch(trx, scope.countyCode, batchId);
    if (!locked || locked.status === 'committed') {
      return nothing;
    }
    await repo.tuneBulkTransaction(trx);
    const staged = await repo.countStaged(trx, scope.countyCode, batchId);
    if (staged.persons !== (batch.counts.total ?? 0) - invalid) {
      throw new AppError('CONFLICT', '该批次的暂存数据不完整，不能提交：请重新上传文件预览');
    }
    const result: CommitResult = { ...nothing, alreadyCommitted: false };
    await step(trace, 'households', async () => {
      result.householdsChanged = await commitRegisteredHouseholds(trx, stamp, compareChunk);
      result.householdsNew = await repo.insertNewHouseholds(trx, stamp);
    });

    let chunkIndex = 0;
    await step(trace, 'registered persons', async () => {
      const hasCategoryColumn = batch.columns.includes('categories');
      let afterRow = 0;
      for (;;) {
        const pairs = await repo.stagedRowsOfRegisteredPersons(
          trx,
          scope.countyCode,
          batchId,
          afterRow,
          compareChunk,
        );
        if (pairs.length === 0) {
          break;
        }
        afterRow = pairs[pairs.length - 1]?.row_number ?? afterRow;
        await commitRegisteredPersons(trx, stamp, { pairs, source, today, hasCategoryColumn, result });
        await options.afterChunk?.(chunkIndex);
        chunkIndex += 1;
      }
      await repo.upsertSourcesOfRegisteredPersons(trx, scope.countyCode, batchId, source);
    });
    await step(trace, 'new persons', async () => {
      let afterRow = 0;
      for (;;) {
        const uptoRow = await repo.stagedChunkEnd(trx, scope.countyCode, batchId, afterRow, chunkSize);
        result.new += await repo.insertNewPersons(trx, stamp, { source, today, afterRow, uptoRow });
        await options.afterChunk?.(chunkIndex);
        chunkIndex += 1;
        if (uptoRow === null) {
          break;
        }
        afterRow = uptoRow;
      }
    });

    if (batch.is_full_list) {
      result.flagged = await step(trace, 'flag persons missing from the full list', () =>
        repo.flagMissingPersons(trx, stamp, {
          regionPrefix: scope.regionPrefix,
          source,
          reason: `未出现在${source}${today}导入的全量名单中（导入批次${batchId}），请入户核实`,
        }),
      );
    }
    await step(trace, 'clear staging', () => repo.deleteStaging(trx, scope.countyCode, batchId));
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
    // Fold the new rows into the dashboard aggregates and refresh the planner statistics of the tables the
    // commit wrote, now, not on the next read. The two are independent: on PostgreSQL they run side by side
    // on two connections (PGlite's single connection takes them in turn); the aggregate tables are analysed
    // once the flush has written them.
    await Promise.all([
      step(trace, 'aggregates', async () => {
        await flushRegistryStats(db);
        await refreshPlannerStatistics(db, AGGREGATE_TABLES);
      }),
      step(trace, 'planner statistics', () => refreshPlannerStatistics(db, COMMITTED_TABLES)),
    ]);
  }
  return result;
}

/** Registered households the file changes: the domain diff, then bulk UPDATEs and history. Returns how many. */
async function commitRegisteredHouseholds(
  trx: Transaction<DB>,
  stamp: repo.ChangeStamp,
  chunkSize: number,
): Promise<number> {
  let changed = 0;
  let afterNo = '';
  for (;;) {
    const pairs = await repo.stagedRegisteredHouseholds(
      trx,
      stamp.countyCode,
      stamp.batchId,
      afterNo,
      chunkSize,
    );
    if (pairs.length === 0) {
      return changed;
    }
    afterNo = pairs[pairs.length - 1]?.household_no ?? afterNo;
    const updates: Parameters<typeof repo.updateHouseholds>[2][number][] = [];
    const history: repo.ChangeRow[] = [];
    for (const pair of pairs) {
      const changes = diffHouseholdFields(householdSnapshotOf(pair), stagedHouseholdOf(pair));
      if (changes.length === 0) {
        continue;
      }
      changed += 1;
      updates.push({
        id: pair.h_id,
        changed: changes.map((c) => c.field),
        village_code: pair.village_code,
        head_name: pair.head_name,
        address: pair.address,
        poverty_attribute: pair.poverty_attribute,
        main_cause: pair.main_cause,
        other_causes: pair.other_causes,
        registered_year: pair.registered_year,
        exit_status: pair.exit_status,
        exit_year: pair.exit_year,
        monitoring_type: pair.monitoring_type,
        risk_status: pair.risk_status,
      });
      for (const change of changes) {
        history.push({ entityType: 'household', entityId: pair.h_id, personId: null, ...change });
      }
    }
    await repo.updateHouseholds(trx, stamp.countyCode, updates);
    await repo.insertChangeLog(trx, stamp, history);
  }
}

/**
 * One chunk of registered persons: the domain diff of each row against the stored person, then the
 * changed fields, the category periods to close and to open, and their history, written in bulk.
 */
async function commitRegisteredPersons(
  trx: Transaction<DB>,
  stamp: repo.ChangeStamp,
  ctx: {
    pairs: repo.RegisteredPersonRow[];
    source: string;
    today: IsoDate;
    hasCategoryColumn: boolean;
    result: CommitResult;
  },
): Promise<void> {
  const { source, result } = ctx;
  const updates: Parameters<typeof repo.updatePersons>[2][number][] = [];
  const closes: { id: number; validTo: string }[] = [];
  const opens: Parameters<typeof repo.insertCategories>[2][number][] = [];
  const history: repo.ChangeRow[] = [];
  for (const pair of ctx.pairs) {
    const classified = classifyImportedPerson(personSnapshotOf(pair), importedPersonOf(pair), {
      hasCategoryColumn: ctx.hasCategoryColumn,
      source,
      today: ctx.today,
    });
    if (classified.kind === 'unchanged') {
      result.unchanged += 1;
      continue;
    }
    result.changed += 1;
    const personId = pair.p_id;
    if (classified.changes.length > 0) {
      updates.push({
        id: personId,
        changed: classified.changes.map((c) => c.field),
        name: pair.name,
        sex: pair.sex,
        birth_date: pair.birth_date,
        village_code: pair.village_code,
        household_no: pair.household_no,
        relation: pair.relation,
        phone: pair.phone,
        is_insured: pair.is_insured,
        has_premium_subsidy: pair.has_premium_subsidy,
        disability_cert: pair.disability_cert,
        status: pair.status,
        status_date: pair.status_date,
      });
      for (const change of classified.changes) {
        history.push({ entityType: 'person', entityId: personId, personId, ...change });
      }
    }
    for (const open of classified.categories.open) {
      opens.push({ personId, category: open.category, validFrom: open.validFrom, source });
    }
    for (const close of classified.categories.close) {
      closes.push({ id: close.id, validTo: close.validTo });
      history.push({
        entityType: 'person_category',
        entityId: close.id,
        personId,
        field: 'valid_to',
        oldValue: null,
        newValue: close.validTo,
      });
    }
  }
  await repo.updatePersons(trx, stamp.countyCode, updates);
  await repo.closeCategories(trx, stamp.countyCode, closes);
  for (const row of await repo.insertCategories(trx, stamp.countyCode, opens)) {
    history.push({
      entityType: 'person_category',
      entityId: row.id,
      personId: row.person_id,
      field: 'category',
      oldValue: null,
      newValue: row.category,
    });
  }
  await repo.insertChangeLog(trx, stamp, history);
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
  let after = { rowNumber: 0, seq: 0 };
  for (;;) {
    const rows = await repo.rowErrorsAfter(db, countyCode, id, after, 2000);
    const last = rows[rows.length - 1];
    if (!last) {
      return;
    }
    after = { rowNumber: last.row_number, seq: last.seq };
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
