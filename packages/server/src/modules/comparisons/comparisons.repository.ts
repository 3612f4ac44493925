import type { RegistryCategory } from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, RegistryComparisonRowTable } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Data access of 数据对比. Thin: every function takes the db or the caller's transaction. */

/** Where a run belongs: the caller's county and region (runs are seen by callers whose region contains it). */
export type RunScope = { countyCode: string; regionPrefix: string; regionCode: string };

export type NewRun = {
  countyCode: string;
  regionCode: string;
  sourceDepartment: string;
  sourceLabel: string;
  coverage: 'villages' | 'scope';
  fileName: string;
  checksum: string;
  totalRows: number | null;
  asOf: string;
  userId: number;
};

/**
 * Inserts a run unless the same file (checksum) is already compared or being compared in the same region,
 * for the same source and coverage: then returns that run's id with `isExisting` (two uploads at the same
 * moment meet at the partial unique index).
 */
export async function insertRunOrFindSame(db: Db, run: NewRun): Promise<{ id: number; isExisting: boolean }> {
  // A run still 'processing' after an hour was cut off (the server stopped): it no longer holds the file.
  await sql`
    UPDATE registry_comparison SET status = 'failed',
      error_message = '对比未完成（超过1小时，可能因服务重启而中断），请重新上传'
    WHERE county_code = ${run.countyCode} AND region_code = ${run.regionCode} AND checksum = ${run.checksum}
      AND status = 'processing' AND created_at < now() - interval '1 hour'`.execute(db);
  const { rows } = await sql<{ id: number }>`
    INSERT INTO registry_comparison (county_code, region_code, source_department, source_label, coverage, file_name,
      checksum, total_rows, as_of, created_by)
    VALUES (${run.countyCode}, ${run.regionCode}, ${run.sourceDepartment}, ${run.sourceLabel}, ${run.coverage},
      ${run.fileName}, ${run.checksum}, ${run.totalRows}, ${run.asOf}, ${run.userId})
    ON CONFLICT (county_code, region_code, checksum, source_department, coverage)
      WHERE status IN ('processing', 'completed') AND rerun_of IS NULL DO NOTHING
    RETURNING id`.execute(db);
  const inserted = rows[0];
  if (inserted) {
    return { id: Number(inserted.id), isExisting: false };
  }
  const same = await db
    .selectFrom('registry_comparison')
    .select('id')
    .where('county_code', '=', run.countyCode)
    .where('region_code', '=', run.regionCode)
    .where('checksum', '=', run.checksum)
    .where('source_department', '=', run.sourceDepartment)
    .where('coverage', '=', run.coverage)
    .where('status', 'in', ['processing', 'completed'])
    .where('rerun_of', 'is', null)
    .executeTakeFirst();
  if (!same) {
    // The other run failed between the INSERT and this SELECT: try once more.
    return insertRunOrFindSame(db, run);
  }
  return { id: same.id, isExisting: true };
}

/**
 * Inserts a re-run of run `rerunOf` (the same list compared again), unless a re-run of it is in progress:
 * then returns that run's id with `isExisting` (a double click meets the partial unique index).
 */
export async function insertRerun(
  db: Db,
  run: NewRun & { rerunOf: number; columns: readonly string[] },
): Promise<{ id: number; isExisting: boolean }> {
  await sql`
    UPDATE registry_comparison SET status = 'failed',
      error_message = '对比未完成（超过1小时，可能因服务重启而中断），请重新对比'
    WHERE county_code = ${run.countyCode} AND rerun_of = ${run.rerunOf}
      AND status = 'processing' AND created_at < now() - interval '1 hour'`.execute(db);
  const { rows } = await sql<{ id: number }>`
    INSERT INTO registry_comparison (county_code, region_code, source_department, source_label, coverage, file_name,
      checksum, total_rows, columns, as_of, created_by, rerun_of)
    VALUES (${run.countyCode}, ${run.regionCode}, ${run.sourceDepartment}, ${run.sourceLabel}, ${run.coverage},
      ${run.fileName}, ${run.checksum}, ${run.totalRows}, ARRAY[${sql.join(run.columns)}]::text[], ${run.asOf},
      ${run.userId}, ${run.rerunOf})
    ON CONFLICT (county_code, rerun_of) WHERE status = 'processing' AND rerun_of IS NOT NULL DO NOTHING
    RETURNING id`.execute(db);
  const inserted = rows[0];
  if (inserted) {
    return { id: Number(inserted.id), isExisting: false };
  }
  const { rows: running } = await sql<{ id: number }>`
    SELECT id FROM registry_comparison
    WHERE county_code = ${run.countyCode} AND rerun_of = ${run.rerunOf} AND status = 'processing'`.execute(
    db,
  );
  const same = running[0];
  if (!same) {
    // That re-run ended between the INSERT and this SELECT: try once more.
    return insertRerun(db, run);
  }
  return { id: Number(same.id), isExisting: true };
}

export type RunPatch = Partial<{
  status: 'processing' | 'completed' | 'failed';
  processedRows: number;
  columns: string[];
  counts: Record<string, number>;
  errors: { rowNumber: number; column: string; message: string }[];
  errorMessage: string | null;
  completedAt: Date;
}>;

export async function updateRun(db: Db, countyCode: string, id: number, patch: RunPatch): Promise<void> {
  await db
    .updateTable('registry_comparison')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.processedRows === undefined ? {} : { processed_rows: patch.processedRows }),
      ...(patch.columns ? { columns: patch.columns } : {}),
      ...(patch.counts ? { counts: JSON.stringify(patch.counts) } : {}),
      ...(patch.errors ? { errors: JSON.stringify(patch.errors) } : {}),
      ...(patch.errorMessage === undefined ? {} : { error_message: patch.errorMessage }),
      ...(patch.completedAt ? { completed_at: patch.completedAt } : {}),
    })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

const runColumns = [
  'c.county_code',
  'c.id',
  'c.region_code',
  'c.source_department',
  'c.source_label',
  'c.coverage',
  'c.file_name',
  'c.checksum',
  'c.status',
  'c.processed_rows',
  'c.total_rows',
  'c.columns',
  'c.counts',
  'c.errors',
  'c.error_message',
  'c.as_of',
  'c.created_at',
  'c.completed_at',
  'u.display_name as user_name',
  'r.name as region_name',
  'c.rerun_of',
] as const;

function runs(db: Db, scope: Pick<RunScope, 'countyCode' | 'regionPrefix'>) {
  return db
    .selectFrom('registry_comparison as c')
    .leftJoin('app_user as u', 'u.id', 'c.created_by')
    .leftJoin('region as r', 'r.code', 'c.region_code')
    .where('c.county_code', '=', scope.countyCode)
    .where('c.region_code', 'like', `${scope.regionPrefix}%`);
}

/** One run made within the caller's region, or undefined. */
export function findRun(db: Db, scope: Pick<RunScope, 'countyCode' | 'regionPrefix'>, id: number) {
  return runs(db, scope).select(runColumns).where('c.id', '=', id).executeTakeFirst();
}
export type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

export async function listRuns(
  db: Db,
  scope: Pick<RunScope, 'countyCode' | 'regionPrefix'>,
  page: { offset: number; limit: number },
) {
  const [items, total] = await Promise.all([
    runs(db, scope)
      .select(runColumns)
      .orderBy('c.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    runs(db, scope)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Region levels of a county's divisions, for the village checks of the rows. */
export function findCountyRegions(db: Db, countyCode: string) {
  return db.selectFrom('region').select(['code', 'level']).where('code', 'like', `${countyCode}%`).execute();
}

export async function deleteStaging(db: Db, countyCode: string, runId: number): Promise<void> {
  await db
    .deleteFrom('registry_comparison_staged_row')
    .where('county_code', '=', countyCode)
    .where('run_id', '=', runId)
    .execute();
}

/**
 * Deletes the stored lists (staged rows) of completed runs that completed before `completedBefore`, in one
 * statement per county. Returns the runs and rows removed. The result rows stay; 重新对比 of such a run is refused.
 */
export async function purgeStoredLists(
  db: Db,
  completedBefore: Date,
): Promise<{ countyCode: string; runs: number; rows: number }[]> {
  const { rows } = await sql<{ county_code: string; runs: number; rows: number }>`
    WITH gone AS (
      DELETE FROM registry_comparison_staged_row s
      USING registry_comparison c
      WHERE c.county_code = s.county_code AND c.id = s.run_id
        AND c.status = 'completed' AND c.completed_at < ${completedBefore}
      RETURNING s.county_code, s.run_id
    )
    SELECT county_code, count(DISTINCT run_id)::int AS runs, count(*)::int AS rows
    FROM gone GROUP BY county_code ORDER BY county_code`.execute(db);
  return rows.map((r) => ({ countyCode: r.county_code, runs: r.runs, rows: r.rows }));
}

/** Whether the list's rows of a run are stored (kept since re-runs exist; failed runs drop them). */
export async function hasStoredList(db: Db, countyCode: string, runId: number): Promise<boolean> {
  const row = await db
    .selectFrom('registry_comparison_staged_row')
    .select('row_number')
    .where('county_code', '=', countyCode)
    .where('run_id', '=', runId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Copies the stored list of run `fromRunId` to run `toRunId` (a re-run); returns the number of rows. */
export async function copyStoredList(
  db: Db,
  options: { countyCode: string; fromRunId: number; toRunId: number; columns: readonly string[] },
): Promise<number> {
  const { countyCode, fromRunId, toRunId } = options;
  const copied = options.columns.filter((c) => c !== 'county_code' && c !== 'run_id');
  const { rows } = await sql<{ n: number }>`
    WITH inserted AS (
      INSERT INTO registry_comparison_staged_row (county_code, run_id, ${sql.join(copied.map((c) => sql.ref(c)))})
      SELECT county_code, ${toRunId}, ${sql.join(copied.map((c) => sql.ref(c)))}
      FROM registry_comparison_staged_row WHERE county_code = ${countyCode} AND run_id = ${fromRunId}
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM inserted`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function analyzeStaging(db: Db): Promise<void> {
  await sql`ANALYZE registry_comparison_staged_row`.execute(db);
}

/** Staged rows in all, and those of villages outside the run's region (listed, but not compared there). */
export async function countStaged(db: Db, countyCode: string, runId: number, regionPrefix: string) {
  const { rows } = await sql<{ staged: number; out_of_scope: number; villages: number }>`
    SELECT count(*)::int AS staged,
      count(*) FILTER (WHERE village_code NOT LIKE ${`${regionPrefix}%`})::int AS out_of_scope,
      count(DISTINCT village_code) FILTER (WHERE village_code LIKE ${`${regionPrefix}%`})::int AS villages
    FROM registry_comparison_staged_row WHERE county_code = ${countyCode} AND run_id = ${runId}`.execute(db);
  return rows[0] ?? { staged: 0, out_of_scope: 0, villages: 0 };
}

/** The categories valid on `day` of person `p` (text[] expression). */
const categoriesOn = (day: string) => sql`ARRAY(
  SELECT c.category::text FROM person_category c
  WHERE c.county_code = p.county_code AND c.person_id = p.id AND c.valid_from <= ${day}::date
    AND (c.valid_to IS NULL OR c.valid_to >= ${day}::date)
  ORDER BY c.category)`;

/**
 * 仅名单有: rows of villages in the region whose ID number has no registered person there. A person registered
 * elsewhere (another village of the county outside the region, another county) is noted, not shown.
 */
export async function insertOnlyInList(
  trx: Transaction<DB>,
  scope: RunScope,
  runId: number,
): Promise<number> {
  const prefix = `${scope.regionPrefix}%`;
  const { rows } = await sql<{ n: number }>`
    WITH inserted AS (
      INSERT INTO registry_comparison_row (county_code, run_id, kind, row_number, id_number, name, village_code,
        detail, note)
      SELECT s.county_code, s.run_id, 'only_in_list', s.row_number, s.id_number, s.name, s.village_code,
        jsonb_strip_nulls(jsonb_build_object('householdNo', s.household_no, 'relation', s.relation,
          'categories', s.categories, 'status', s.status)),
        CASE WHEN p.id IS NOT NULL THEN '已登记在您管辖范围以外的村'
             WHEN i.county_code IS NOT NULL THEN '已登记在其他县（' || i.county_code || '）' END
      FROM registry_comparison_staged_row s
      LEFT JOIN person p ON p.county_code = s.county_code AND p.id_number = s.id_number
      LEFT JOIN person_id_index i ON i.id_number = s.id_number AND i.county_code <> s.county_code
      WHERE s.county_code = ${scope.countyCode} AND s.run_id = ${runId} AND s.village_code LIKE ${prefix}
        AND (p.id IS NULL OR p.village_code NOT LIKE ${prefix})
      ORDER BY s.row_number
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM inserted`.execute(trx);
  return rows[0]?.n ?? 0;
}

/**
 * 仅系统有: registered persons of the region (status 正常; in the villages the list covers, or the whole region;
 * with one of `categories` valid on `asOf` when given) whose ID number is not in the file.
 */
export async function insertOnlyInRegistry(
  trx: Transaction<DB>,
  scope: RunScope,
  runId: number,
  options: { coverage: 'villages' | 'scope'; categories: readonly RegistryCategory[] | null; asOf: string },
): Promise<number> {
  const prefix = `${scope.regionPrefix}%`;
  const { countyCode } = scope;
  const { categories, asOf } = options;
  const { rows } = await sql<{ n: number }>`
    WITH inserted AS (
      INSERT INTO registry_comparison_row (county_code, run_id, kind, id_number, name, village_code, person_id,
        detail)
      SELECT p.county_code, ${runId}, 'only_in_registry', p.id_number, p.name, p.village_code, p.id,
        jsonb_strip_nulls(jsonb_build_object('householdNo', h.household_no, 'relation', p.relation,
          'categories', ${categoriesOn(asOf)}))
      FROM person p
      LEFT JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
      WHERE p.county_code = ${countyCode} AND p.village_code LIKE ${prefix} AND p.status = 'normal'
        ${
          options.coverage === 'villages'
            ? sql`AND p.village_code IN (SELECT DISTINCT s.village_code FROM registry_comparison_staged_row s
                WHERE s.county_code = ${countyCode} AND s.run_id = ${runId} AND s.village_code LIKE ${prefix})`
            : sql``
        }
        ${
          categories && categories.length > 0
            ? sql`AND EXISTS (SELECT 1 FROM person_category c
                WHERE c.county_code = p.county_code AND c.person_id = p.id
                  AND c.category IN (${sql.join(categories)})
                  AND c.valid_from <= ${asOf}::date AND (c.valid_to IS NULL OR c.valid_to >= ${asOf}::date))`
            : sql``
        }
        AND NOT EXISTS (SELECT 1 FROM registry_comparison_staged_row s
          WHERE s.county_code = p.county_code AND s.run_id = ${runId} AND s.id_number = p.id_number)
      ORDER BY p.village_code, p.id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM inserted`.execute(trx);
  return rows[0]?.n ?? 0;
}

export type MatchedPair = {
  row_number: number;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  village_code: string;
  household_no: string | null;
  categories: RegistryCategory[] | null;
  status: 'normal' | 'dead' | 'moved_out' | null;
  status_date: string | null;
  p_id: number;
  p_name: string;
  p_status: 'normal' | 'dead' | 'moved_out';
  p_village_code: string;
  p_household_no: string | null;
  p_categories: RegistryCategory[];
};

/** Staged rows (any village) whose person is registered in the region, after `afterRow` in row order. */
export async function matchedPairs(
  db: Db,
  scope: RunScope,
  runId: number,
  options: { afterRow: number; limit: number; asOf: string },
): Promise<MatchedPair[]> {
  const { rows } = await sql<MatchedPair>`
    SELECT s.row_number, s.id_number, s.name, s.sex, s.birth_date, s.village_code, s.household_no, s.categories,
      s.status, s.status_date,
      p.id AS p_id, p.name AS p_name, p.status AS p_status, p.village_code AS p_village_code,
      h.household_no AS p_household_no, ${categoriesOn(options.asOf)} AS p_categories
    FROM registry_comparison_staged_row s
    JOIN person p ON p.county_code = s.county_code AND p.id_number = s.id_number
    LEFT JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
    WHERE s.county_code = ${scope.countyCode} AND s.run_id = ${runId} AND s.row_number > ${options.afterRow}
      AND p.village_code LIKE ${`${scope.regionPrefix}%`}
    ORDER BY s.row_number
    LIMIT ${options.limit}`.execute(db);
  return rows;
}

export type NewResultRow = {
  countyCode: string;
  runId: number;
  kind: RegistryComparisonRowTable['kind'];
  rowNumber: number | null;
  idNumber: string;
  name: string;
  villageCode: string;
  personId: number | null;
  fields: string[];
  differences: { field: string; listValue: string | null; registryValue: string | null }[];
};

export async function insertResultRows(trx: Transaction<DB>, rows: readonly NewResultRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('registry_comparison_row')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          county_code: r.countyCode,
          run_id: r.runId,
          kind: r.kind,
          row_number: r.rowNumber,
          id_number: r.idNumber,
          name: r.name,
          village_code: r.villageCode,
          person_id: r.personId,
          fields: r.fields,
          differences: JSON.stringify(r.differences),
        })),
      )
      .execute();
  }
}

export type RowFilter = {
  kind?: RegistryComparisonRowTable['kind'] | undefined;
  field?: string | undefined;
  q?: string | undefined;
};

/** Result rows of a run within the caller's data scope (village of each row), filtered. */
function resultRows(db: Db, scope: DataScope, runId: number, filter: RowFilter) {
  let query = applyDataScope(db.selectFrom('registry_comparison_row as x'), scope, 'x')
    .leftJoin('region as v', 'v.code', 'x.village_code')
    .leftJoin('verification_task as t', (j) =>
      j.onRef('t.county_code', '=', 'x.county_code').onRef('t.id', '=', 'x.verification_task_id'),
    )
    .where('x.run_id', '=', runId);
  if (filter.kind) {
    query = query.where('x.kind', '=', filter.kind);
  }
  if (filter.field) {
    const field = filter.field;
    query = query.where(sql<boolean>`${field} = ANY(x.fields)`);
  }
  const q = filter.q?.trim();
  if (q) {
    query = /^\d{17}[\dX]$/i.test(q)
      ? query.where('x.id_number', '=', q.toUpperCase())
      : query.where('x.name', 'like', `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  }
  return query;
}

const rowColumns = [
  'x.county_code',
  'x.id',
  'x.kind',
  'x.row_number',
  'x.id_number',
  'x.name',
  'x.village_code',
  'x.person_id',
  'x.fields',
  'x.differences',
  'x.detail',
  'x.note',
  'x.verification_task_id',
  'v.name as village_name',
  't.status as task_status',
] as const;

export async function pageResultRows(
  db: Db,
  scope: DataScope,
  runId: number,
  filter: RowFilter,
  page: { offset: number; limit: number },
) {
  const [items, total] = await Promise.all([
    resultRows(db, scope, runId, filter)
      .select(rowColumns)
      .orderBy('x.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    resultRows(db, scope, runId, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export type ResultRow = Awaited<ReturnType<typeof pageResultRows>>['items'][number];

export async function countResultRows(db: Db, scope: DataScope, runId: number, filter: RowFilter) {
  const row = await resultRows(db, scope, runId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Result rows after `afterId` in id order (keyset paging for the streamed export). */
export function resultRowsAfter(
  db: Db,
  scope: DataScope,
  runId: number,
  filter: RowFilter,
  afterId: number,
  limit: number,
) {
  return resultRows(db, scope, runId, filter)
    .select(rowColumns)
    .where('x.id', '>', afterId)
    .orderBy('x.id')
    .limit(limit)
    .execute();
}

/**
 * 仅名单有 rows of a run within the caller's scope with the list's values as read (the stored list row of the
 * same row number; absent for runs whose list is no longer stored), in id order.
 */
export function onlyInListRowsWithValues(db: Db, scope: DataScope, runId: number) {
  return resultRows(db, scope, runId, { kind: 'only_in_list' })
    .leftJoin('registry_comparison_staged_row as s', (j) =>
      j
        .onRef('s.county_code', '=', 'x.county_code')
        .onRef('s.run_id', '=', 'x.run_id')
        .onRef('s.row_number', '=', 'x.row_number'),
    )
    .select([
      'x.id',
      'x.id_number',
      'x.name',
      'x.village_code',
      'x.detail',
      's.sex',
      's.birth_date',
      's.household_no',
      's.relation',
      's.phone',
      's.categories',
      's.category_from',
      's.is_insured',
      's.has_premium_subsidy',
      's.disability_cert',
      's.status',
      's.status_date',
    ])
    .orderBy('x.id')
    .execute();
}
export type OnlyInListValues = Awaited<ReturnType<typeof onlyInListRowsWithValues>>[number];

/**
 * Rows to turn into verification tasks: the chosen ids, or every row of the filter, with the person as
 * registered now (village, name) when the row has one in the caller's scope.
 */
export function rowsForTasks(
  trx: Transaction<DB>,
  scope: DataScope,
  runId: number,
  filter: RowFilter & { rowIds?: readonly number[] | undefined },
) {
  let query = resultRows(trx, scope, runId, filter)
    .leftJoin('person as p', (j) =>
      j
        .onRef('p.county_code', '=', 'x.county_code')
        .onRef('p.id', '=', 'x.person_id')
        .on('p.village_code', 'like', `${scope.villagePrefix}%`),
    )
    .select([
      'x.id',
      'x.kind',
      'x.fields',
      'x.differences',
      'x.verification_task_id',
      'p.county_code as p_county_code',
      'p.id as p_id',
      'p.name as p_name',
      'p.village_code as p_village_code',
    ]);
  if (filter.rowIds) {
    query = query.where('x.id', 'in', [...filter.rowIds]);
  }
  return query.orderBy('x.id').execute();
}

/** Open tasks of persons (to link rows whose person already has one). */
export function openTasksOf(trx: Transaction<DB>, countyCode: string, personIds: readonly number[]) {
  if (personIds.length === 0) {
    return Promise.resolve([]);
  }
  return trx
    .selectFrom('verification_task')
    .select(['id', 'person_id'])
    .where('county_code', '=', countyCode)
    .where('person_id', 'in', [...personIds])
    .where('status', '=', 'open')
    .execute();
}

export async function linkTasks(
  trx: Transaction<DB>,
  countyCode: string,
  runId: number,
  links: readonly { rowId: number; taskId: number }[],
): Promise<void> {
  for (let i = 0; i < links.length; i += 2000) {
    const part = JSON.stringify(
      links.slice(i, i + 2000).map((l) => ({ row_id: l.rowId, task_id: l.taskId })),
    );
    await sql`
      UPDATE registry_comparison_row x SET verification_task_id = l.task_id
      FROM jsonb_to_recordset(${part}::jsonb) AS l(row_id bigint, task_id bigint)
      WHERE x.county_code = ${countyCode} AND x.run_id = ${runId} AND x.id = l.row_id`.execute(trx);
  }
}
