import type { RegistryCategory } from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, ImportBatchTable } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Data access of person-list imports. Thin: every function takes the db or the caller's transaction. */

export type NewBatch = {
  countyCode: string;
  regionCode: string;
  sourceDepartment: string;
  fileName: string;
  checksum: string;
  isFullList: boolean;
  userId: number;
  totalRows: number | null;
};

export async function insertBatch(db: Db, batch: NewBatch): Promise<number> {
  const row = await db
    .insertInto('import_batch')
    .values({
      county_code: batch.countyCode,
      kind: 'persons',
      source_department: batch.sourceDepartment,
      file_name: batch.fileName,
      checksum: batch.checksum,
      is_full_list: batch.isFullList,
      status: 'processing',
      user_id: batch.userId,
      region_code: batch.regionCode,
      total_rows: batch.totalRows,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type BatchPatch = Partial<{
  status: ImportBatchTable['status'];
  counts: Record<string, number>;
  processedRows: number;
  totalRows: number | null;
  columns: string[];
  errorMessage: string | null;
  committedAt: Date;
}>;

export async function updateBatch(db: Db, countyCode: string, id: number, patch: BatchPatch): Promise<void> {
  await db
    .updateTable('import_batch')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.counts ? { counts: JSON.stringify(patch.counts) } : {}),
      ...(patch.processedRows === undefined ? {} : { processed_rows: patch.processedRows }),
      ...(patch.totalRows === undefined ? {} : { total_rows: patch.totalRows }),
      ...(patch.columns ? { columns: patch.columns } : {}),
      ...(patch.errorMessage === undefined ? {} : { error_message: patch.errorMessage }),
      ...(patch.committedAt ? { committed_at: patch.committedAt } : {}),
    })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

const batchColumns = [
  'b.county_code',
  'b.id',
  'b.source_department',
  'b.file_name',
  'b.checksum',
  'b.is_full_list',
  'b.status',
  'b.counts',
  'b.user_id',
  'b.created_at',
  'b.committed_at',
  'b.region_code',
  'b.processed_rows',
  'b.total_rows',
  'b.columns',
  'b.error_message',
  'u.display_name as user_name',
] as const;

/** One batch within the caller's scope (county and region prefix), or undefined. */
export function findBatch(db: Db, scope: { countyCode: string; regionPrefix: string }, id: number) {
  return db
    .selectFrom('import_batch as b')
    .leftJoin('app_user as u', 'u.id', 'b.user_id')
    .select(batchColumns)
    .where('b.county_code', '=', scope.countyCode)
    .where('b.id', '=', id)
    .where('b.kind', '=', 'persons')
    .where('b.region_code', 'like', `${scope.regionPrefix}%`)
    .executeTakeFirst();
}

export type BatchRow = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

/** Lock a batch row for the rest of the transaction (one commit at a time per batch). */
export async function lockBatch(trx: Transaction<DB>, countyCode: string, id: number) {
  return trx
    .selectFrom('import_batch')
    .select(['status', 'counts'])
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Settings of a bulk transaction: no JIT (PostgreSQL compiled a 200k-row INSERT … SELECT for 5 s before
 * running it; PGlite has no JIT and accepts the setting) and room for the sorts and hashes of a whole
 * batch in memory instead of temporary files. SET LOCAL: gone at the end of the transaction.
 */
export async function tuneBulkTransaction(trx: Transaction<DB>): Promise<void> {
  await sql`SET LOCAL jit = off`.execute(trx);
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
}

/** Serialise registry imports of one county (two commits never interleave their reads and writes). */
export async function lockCountyImports(trx: Transaction<DB>, countyCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`registry-import:${countyCode}`}))`.execute(trx);
}

type BatchScope = { countyCode: string; regionPrefix: string };

/** The person-import batches a caller may see: of the county, imported in a region under the caller's. */
function batchesInScope(db: Db, scope: BatchScope) {
  return db
    .selectFrom('import_batch as b')
    .where('b.county_code', '=', scope.countyCode)
    .where('b.kind', '=', 'persons')
    .where('b.region_code', 'like', `${scope.regionPrefix}%`);
}

export async function listBatches(db: Db, scope: BatchScope, page: { offset: number; limit: number }) {
  const [items, total] = await Promise.all([
    batchesInScope(db, scope)
      .leftJoin('app_user as u', 'u.id', 'b.user_id')
      .select(batchColumns)
      .orderBy('b.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    batchesInScope(db, scope)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Batches of the list above previewed but not committed yet (导入待确认 of the 工作台). */
export async function countPreviewedBatches(db: Db, scope: BatchScope): Promise<number> {
  const row = await batchesInScope(db, scope)
    .where('b.status', '=', 'previewed')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Earlier committed batch of the same file (checksum) in the county, if any. */
export function findCommittedByChecksum(db: Db, countyCode: string, checksum: string, exceptId: number) {
  return db
    .selectFrom('import_batch')
    .select(['id', 'committed_at'])
    .where('county_code', '=', countyCode)
    .where('kind', '=', 'persons')
    .where('checksum', '=', checksum)
    .where('status', '=', 'committed')
    .where('id', '<>', exceptId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function insertRowErrors(
  db: Db,
  countyCode: string,
  batchId: number,
  errors: readonly { seq: number; rowNumber: number; column: string; message: string }[],
) {
  if (errors.length === 0) {
    return;
  }
  await db
    .insertInto('import_row_error')
    .values(
      errors.map((e) => ({
        county_code: countyCode,
        batch_id: batchId,
        seq: e.seq,
        row_number: e.rowNumber,
        column_name: e.column,
        message: e.message,
      })),
    )
    .execute();
}

export async function pageRowErrors(
  db: Db,
  countyCode: string,
  batchId: number,
  offset: number,
  limit: number,
) {
  const base = db
    .selectFrom('import_row_error')
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId);
  const [items, total] = await Promise.all([
    base
      .select(['row_number', 'column_name', 'message'])
      .orderBy('row_number')
      .orderBy('seq')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * Errors after (`afterRow`, `afterSeq`) in row order (keyset paging for the streamed .xlsx). Errors are listed
 * by row: the checks against the registry run after the whole file is read, so their errors are numbered last.
 */
export function rowErrorsAfter(
  db: Db,
  countyCode: string,
  batchId: number,
  after: { rowNumber: number; seq: number },
  limit: number,
) {
  return db
    .selectFrom('import_row_error')
    .select(['seq', 'row_number', 'column_name', 'message'])
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .where((eb) =>
      eb.or([
        eb('row_number', '>', after.rowNumber),
        eb.and([eb('row_number', '=', after.rowNumber), eb('seq', '>', after.seq)]),
      ]),
    )
    .orderBy('row_number')
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/**
 * Multi-row INSERT of one chunk through a single jsonb parameter (jsonb_to_recordset): one bind value
 * instead of rows × columns. Used for the few rows computed in JS (changes to registered persons); the
 * bulk of an import moves set-based from the staging tables. Table, column and type names are constants
 * of this module, never input.
 */
async function insertJsonRows<R = never>(
  db: Db,
  table: string,
  columns: readonly (readonly [name: string, type: string])[],
  rows: readonly Record<string, unknown>[],
  suffix = '',
): Promise<R[]> {
  if (rows.length === 0) {
    return [];
  }
  const names = columns.map(([name]) => name).join(', ');
  const definitions = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  const result = await sql<R>`INSERT INTO ${sql.raw(table)} (${sql.raw(names)})
    SELECT ${sql.raw(names)} FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(${sql.raw(definitions)})
    ${sql.raw(suffix)}`.execute(db);
  return result.rows;
}

// ---- staging (rows are loaded with COPY: import-staging.ts) --------------------------------------

/** Drop the staged rows of a batch (after a commit or a failure); errors stay for the record. */
export async function deleteStaging(db: Db, countyCode: string, batchId: number): Promise<void> {
  await db
    .deleteFrom('import_staged_row')
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .execute();
  await db
    .deleteFrom('import_staged_household')
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .execute();
}

/**
 * Fresh planner statistics of a staging table after a COPY (the commit joins it with the registry; without
 * them PGlite, which has no autovacuum, plans those joins for a handful of rows).
 */
export async function analyzeStaging(db: Db, table: 'import_staged_row' | 'import_staged_household') {
  await sql`ANALYZE ${sql.table(table)}`.execute(db);
}

/** Staged rows and households of a batch. */
export async function countStaged(db: Db, countyCode: string, batchId: number) {
  const { rows } = await sql<{ persons: number; households: number }>`
    SELECT (SELECT count(*) FROM import_staged_row WHERE county_code = ${countyCode} AND batch_id = ${batchId})::int AS persons,
      (SELECT count(*) FROM import_staged_household WHERE county_code = ${countyCode} AND batch_id = ${batchId})::int AS households`.execute(
    db,
  );
  return rows[0] ?? { persons: 0, households: 0 };
}

export async function deleteStagedRows(db: Db, countyCode: string, batchId: number, rowNumbers: number[]) {
  for (let i = 0; i < rowNumbers.length; i += 1000) {
    await db
      .deleteFrom('import_staged_row')
      .where('county_code', '=', countyCode)
      .where('batch_id', '=', batchId)
      .where('row_number', 'in', rowNumbers.slice(i, i + 1000))
      .execute();
  }
}

/** Region levels of a county's divisions (a few hundred rows), for the village checks of a preview. */
export function findCountyRegions(db: Db, countyCode: string) {
  return db.selectFrom('region').select(['code', 'level']).where('code', 'like', `${countyCode}%`).execute();
}

/** Staged rows whose ID number is registered in another county (the global ID index). */
export async function stagedRowsRegisteredElsewhere(db: Db, countyCode: string, batchId: number) {
  const { rows } = await sql<{ row_number: number; county_code: string }>`
    SELECT s.row_number, i.county_code
    FROM import_staged_row s JOIN person_id_index i ON i.id_number = s.id_number
    WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId} AND i.county_code <> ${countyCode}
    ORDER BY s.row_number`.execute(db);
  return rows;
}

/** Staged rows of persons registered in the county but in a village outside `regionPrefix`. */
export async function stagedRowsOutsideRegion(
  db: Db,
  countyCode: string,
  batchId: number,
  regionPrefix: string,
) {
  const { rows } = await sql<{ row_number: number; village_code: string }>`
    SELECT s.row_number, p.village_code
    FROM import_staged_row s JOIN person p ON p.county_code = s.county_code AND p.id_number = s.id_number
    WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId} AND p.village_code NOT LIKE ${`${regionPrefix}%`}
    ORDER BY s.row_number`.execute(db);
  return rows;
}

export type StagedPersonRow = {
  row_number: number;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  village_code: string;
  household_no: string | null;
  relation: string | null;
  phone: string | null;
  categories: RegistryCategory[] | null;
  category_from: string | null;
  is_insured: boolean | null;
  has_premium_subsidy: boolean | null;
  disability_cert: string | null;
  status: 'normal' | 'dead' | 'moved_out' | null;
  status_date: string | null;
};

export type RegisteredPersonRow = StagedPersonRow & {
  p_id: number;
  p_name: string;
  p_sex: 'M' | 'F';
  p_birth_date: string;
  p_village_code: string;
  p_household_no: string | null;
  p_relation: string | null;
  p_phone: string | null;
  p_is_insured: boolean;
  p_has_premium_subsidy: boolean;
  p_disability_cert: string | null;
  p_status: 'normal' | 'dead' | 'moved_out';
  p_status_date: string | null;
  /** Open (valid_to null) category periods, oldest first. */
  p_open_categories: { id: number; category: RegistryCategory; validFrom: string; source: string | null }[];
};

/**
 * Staged rows whose person is registered in the county, with the stored person (household number, open
 * categories), after `afterRow` in row order. Rows of new persons are not returned: for a list of new
 * persons this is one empty join, whatever its size.
 */
export async function stagedRowsOfRegisteredPersons(
  db: Db,
  countyCode: string,
  batchId: number,
  afterRow: number,
  limit: number,
): Promise<RegisteredPersonRow[]> {
  const { rows } = await sql<RegisteredPersonRow>`
    SELECT s.row_number, s.id_number, s.name, s.sex, s.birth_date, s.village_code, s.household_no, s.relation,
      s.phone, s.categories, s.category_from, s.is_insured, s.has_premium_subsidy, s.disability_cert, s.status,
      s.status_date,
      p.id AS p_id, p.name AS p_name, p.sex AS p_sex, p.birth_date AS p_birth_date,
      p.village_code AS p_village_code, h.household_no AS p_household_no, p.relation AS p_relation,
      p.phone AS p_phone, p.is_insured AS p_is_insured, p.has_premium_subsidy AS p_has_premium_subsidy,
      p.disability_cert AS p_disability_cert, p.status AS p_status, p.status_date AS p_status_date,
      coalesce((
        SELECT json_agg(json_build_object('id', c.id, 'category', c.category, 'validFrom', c.valid_from,
          'source', c.source) ORDER BY c.id)
        FROM person_category c
        WHERE c.county_code = p.county_code AND c.person_id = p.id AND c.valid_to IS NULL), '[]') AS p_open_categories
    FROM import_staged_row s
    JOIN person p ON p.county_code = s.county_code AND p.id_number = s.id_number
    LEFT JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
    WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId} AND s.row_number > ${afterRow}
    ORDER BY s.row_number
    LIMIT ${limit}`.execute(db);
  return rows;
}

export type StagedHouseholdRow = {
  household_no: string;
  village_code: string;
  head_name: string | null;
  address: string | null;
  poverty_attribute: string | null;
  main_cause: string | null;
  other_causes: string[] | null;
  registered_year: number | null;
  exit_status: string | null;
  exit_year: number | null;
  monitoring_type: string | null;
  risk_status: string | null;
};

export type RegisteredHouseholdRow = StagedHouseholdRow & {
  h_id: number;
  h_village_code: string;
  h_address: string | null;
  h_head_name: string | null;
  h_poverty_attribute: string | null;
  h_main_cause: string | null;
  h_other_causes: string[];
  h_registered_year: number | null;
  h_exit_status: string;
  h_exit_year: number | null;
  h_monitoring_type: string | null;
  h_risk_status: string | null;
};

/** Staged households already registered in the county, with the stored household, after `afterNo`. */
export async function stagedRegisteredHouseholds(
  db: Db,
  countyCode: string,
  batchId: number,
  afterNo: string,
  limit: number,
): Promise<RegisteredHouseholdRow[]> {
  const { rows } = await sql<RegisteredHouseholdRow>`
    SELECT s.household_no, s.village_code, s.head_name, s.address, s.poverty_attribute, s.main_cause,
      s.other_causes, s.registered_year, s.exit_status, s.exit_year, s.monitoring_type, s.risk_status,
      h.id AS h_id, h.village_code AS h_village_code, h.address AS h_address, h.head_name AS h_head_name,
      h.poverty_attribute AS h_poverty_attribute, h.main_cause AS h_main_cause, h.other_causes AS h_other_causes,
      h.registered_year AS h_registered_year, h.exit_status AS h_exit_status, h.exit_year AS h_exit_year,
      h.monitoring_type AS h_monitoring_type, h.risk_status AS h_risk_status
    FROM import_staged_household s
    JOIN household h ON h.county_code = s.county_code AND h.household_no = s.household_no
    WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId} AND s.household_no > ${afterNo}
    ORDER BY s.household_no
    LIMIT ${limit}`.execute(db);
  return rows;
}

/** How many persons a full list would flag: listed by the department before, in scope, not in this file. */
export async function countMissingFromFullList(
  db: Db,
  options: { countyCode: string; regionPrefix: string; source: string; batchId: number },
): Promise<number> {
  const row = await db
    .selectFrom('person_source as ps')
    .innerJoin('person as p', (join) =>
      join.onRef('p.county_code', '=', 'ps.county_code').onRef('p.id', '=', 'ps.person_id'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ps.county_code', '=', options.countyCode)
    .where('ps.source_department', '=', options.source)
    .where('p.village_code', 'like', `${options.regionPrefix}%`)
    .where('p.needs_verification', '=', false)
    .where('p.status', '=', 'normal')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('import_staged_row as s')
            .select('s.row_number')
            .where('s.county_code', '=', options.countyCode)
            .where('s.batch_id', '=', options.batchId)
            .whereRef('s.id_number', '=', 'p.id_number'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- registry writes (inside the commit transaction) ---------------------------------------------

/** Who and why, stamped on every change_log row of a commit. */
export type ChangeStamp = { countyCode: string; batchId: number; userId: number };

/**
 * Inserts the staged households that are not registered yet (ids in household-number order) and their
 * 'record' history rows. Returns how many were inserted.
 */
export async function insertNewHouseholds(trx: Transaction<DB>, stamp: ChangeStamp): Promise<number> {
  const { countyCode, batchId, userId } = stamp;
  const { rows } = await sql<{ n: number }>`
    WITH fresh AS (
      INSERT INTO household (county_code, household_no, village_code, address, head_name, poverty_attribute,
        main_cause, other_causes, registered_year, exit_status, exit_year, monitoring_type, risk_status)
      SELECT s.county_code, s.household_no, s.village_code, s.address, s.head_name, s.poverty_attribute,
        s.main_cause, coalesce(s.other_causes, '{}'), s.registered_year, coalesce(s.exit_status, 'not_exited'),
        s.exit_year, s.monitoring_type, s.risk_status
      FROM import_staged_household s
      WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId}
        AND NOT EXISTS (SELECT 1 FROM household h
                        WHERE h.county_code = s.county_code AND h.household_no = s.household_no)
      ORDER BY s.household_no
      RETURNING county_code, id
    ), history AS (
      INSERT INTO change_log (county_code, entity_type, entity_id, person_id, field, old_value, new_value,
        reason_type, reason_ref, changed_by)
      SELECT county_code, 'household', id, NULL, 'record', NULL, ${`导入新建（批次${batchId}）`}, 'import',
        ${String(batchId)}, ${userId}
      FROM fresh
    )
    SELECT count(*)::int AS n FROM fresh`.execute(trx);
  return rows[0]?.n ?? 0;
}

/** Household columns an import may set (the staged values). */
export type HouseholdValues = {
  village_code: string;
  head_name: string | null;
  address: string | null;
  poverty_attribute: string | null;
  main_cause: string | null;
  other_causes: string[] | null;
  registered_year: number | null;
  exit_status: string | null;
  exit_year: number | null;
  monitoring_type: string | null;
  risk_status: string | null;
};

/** Sets the `changed` columns of registered households to the given values (others are left alone). */
export async function updateHouseholds(
  trx: Transaction<DB>,
  countyCode: string,
  rows: readonly (HouseholdValues & { id: number; changed: string[] })[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const part = JSON.stringify(rows.slice(i, i + 2000));
    const set = (column: string) =>
      sql.raw(`${column} = CASE WHEN '${column}' = ANY(r.changed) THEN r.${column} ELSE h.${column} END`);
    await sql`
      UPDATE household h SET
        ${sql.join(
          [
            'village_code',
            'head_name',
            'address',
            'poverty_attribute',
            'main_cause',
            'other_causes',
            'registered_year',
            'exit_status',
            'exit_year',
            'monitoring_type',
            'risk_status',
          ].map(set),
        )},
        updated_at = now()
      FROM jsonb_to_recordset(${part}::jsonb) AS r(id bigint, changed text[], village_code char(12),
        head_name text, address text, poverty_attribute text, main_cause text, other_causes text[],
        registered_year smallint, exit_status text, exit_year smallint, monitoring_type text, risk_status text)
      WHERE h.county_code = ${countyCode} AND h.id = r.id`.execute(trx);
  }
}

/** Person columns an import may set; household_no stands for the household link. */
export type PersonValues = {
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  village_code: string;
  household_no: string | null;
  relation: string | null;
  phone: string | null;
  is_insured: boolean | null;
  has_premium_subsidy: boolean | null;
  disability_cert: string | null;
  status: string | null;
  status_date: string | null;
};

/**
 * Sets the `changed` columns of registered persons (others are left alone); a changed household number
 * links the person to that household of the county.
 */
export async function updatePersons(
  trx: Transaction<DB>,
  countyCode: string,
  rows: readonly (PersonValues & { id: number; changed: string[] })[],
): Promise<void> {
  const set = (column: string) =>
    sql.raw(`${column} = CASE WHEN '${column}' = ANY(r.changed) THEN r.${column} ELSE p.${column} END`);
  for (let i = 0; i < rows.length; i += 2000) {
    const part = JSON.stringify(rows.slice(i, i + 2000));
    await sql`
      UPDATE person p SET
        ${sql.join(
          [
            'name',
            'sex',
            'birth_date',
            'village_code',
            'relation',
            'phone',
            'is_insured',
            'has_premium_subsidy',
            'disability_cert',
            'status',
            'status_date',
          ].map(set),
        )},
        household_id = CASE WHEN 'household_no' = ANY(r.changed)
          THEN (SELECT h.id FROM household h WHERE h.county_code = p.county_code AND h.household_no = r.household_no)
          ELSE p.household_id END,
        updated_at = now()
      FROM jsonb_to_recordset(${part}::jsonb) AS r(id bigint, changed text[], name text, sex char(1),
        birth_date date, village_code char(12), household_no text, relation text, phone text, is_insured boolean,
        has_premium_subsidy boolean, disability_cert text, status text, status_date date)
      WHERE p.county_code = ${countyCode} AND p.id = r.id`.execute(trx);
  }
}

/** Ends open category periods (valid_to). */
export async function closeCategories(
  trx: Transaction<DB>,
  countyCode: string,
  rows: readonly { id: number; validTo: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000).map((r) => ({ id: r.id, valid_to: r.validTo }));
    await sql`
      UPDATE person_category c SET valid_to = r.valid_to
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS r(id bigint, valid_to date)
      WHERE c.county_code = ${countyCode} AND c.id = r.id`.execute(trx);
  }
}

export async function insertCategories(
  trx: Transaction<DB>,
  countyCode: string,
  rows: readonly { personId: number; category: RegistryCategory; validFrom: string; source: string }[],
) {
  const inserted: { id: number; person_id: number; category: RegistryCategory }[] = [];
  for (let i = 0; i < rows.length; i += 5000) {
    inserted.push(
      ...(await insertJsonRows<{ id: number; person_id: number; category: RegistryCategory }>(
        trx,
        'person_category',
        [
          ['county_code', 'char(6)'],
          ['person_id', 'bigint'],
          ['category', 'text'],
          ['valid_from', 'date'],
          ['source', 'text'],
        ],
        rows.slice(i, i + 5000).map((r) => ({
          county_code: countyCode,
          person_id: r.personId,
          category: r.category,
          valid_from: r.validFrom,
          source: r.source,
        })),
        'RETURNING id, person_id, category',
      )),
    );
  }
  return inserted;
}

/**
 * Records that `source` lists every registered person of the batch (last_batch_id = this batch). Run before
 * the new persons are inserted (those get their row with the insert).
 */
export async function upsertSourcesOfRegisteredPersons(
  trx: Transaction<DB>,
  countyCode: string,
  batchId: number,
  source: string,
): Promise<void> {
  await sql`
    INSERT INTO person_source (county_code, person_id, source_department, first_batch_id, last_batch_id)
    SELECT p.county_code, p.id, ${source}, ${batchId}, ${batchId}
    FROM import_staged_row s JOIN person p ON p.county_code = s.county_code AND p.id_number = s.id_number
    WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId}
    ON CONFLICT (county_code, person_id, source_department) DO UPDATE SET last_batch_id = excluded.last_batch_id`.execute(
    trx,
  );
}

/** Staged row number that ends a chunk of `size` rows after `afterRow` (null: the rest of the batch). */
export async function stagedChunkEnd(
  trx: Transaction<DB>,
  countyCode: string,
  batchId: number,
  afterRow: number,
  size: number,
): Promise<number | null> {
  const { rows } = await sql<{ row_number: number }>`
    SELECT row_number FROM import_staged_row
    WHERE county_code = ${countyCode} AND batch_id = ${batchId} AND row_number > ${afterRow}
    ORDER BY row_number OFFSET ${size - 1} LIMIT 1`.execute(trx);
  return rows[0]?.row_number ?? null;
}

/**
 * Inserts the staged rows (after `afterRow`, up to `uptoRow` or all) whose ID number is not registered yet,
 * in row order, with everything a new person comes with: the ID index entry, the source-department row,
 * the categories of the row (from the category start date, or today) and the history rows ('record' for
 * the person, 'category' for each category). Set-based: one statement whatever the number of rows.
 * Returns how many persons were inserted.
 */
export async function insertNewPersons(
  trx: Transaction<DB>,
  stamp: ChangeStamp,
  options: { source: string; today: string; afterRow: number; uptoRow: number | null },
): Promise<number> {
  const { countyCode, batchId, userId } = stamp;
  const { source, today, afterRow, uptoRow } = options;
  const ref = String(batchId);
  // Ids are drawn up front (nextval, in row order), so the ID index, source, history and category rows
  // come from the same materialised rows: no join back to staging by ID number.
  const { rows } = await sql<{ n: number }>`
    WITH fresh AS MATERIALIZED (
      SELECT nextval(pg_get_serial_sequence('person', 'id')) AS id, s.county_code, s.id_number, s.name, s.sex,
        s.birth_date, h.id AS household_id, s.relation, s.phone, s.village_code, s.status, s.status_date,
        s.is_insured, s.has_premium_subsidy, s.disability_cert, s.categories, s.category_from
      FROM import_staged_row s
      LEFT JOIN household h ON h.county_code = s.county_code AND h.household_no = s.household_no
      WHERE s.county_code = ${countyCode} AND s.batch_id = ${batchId} AND s.row_number > ${afterRow}
        ${uptoRow === null ? sql`` : sql`AND s.row_number <= ${uptoRow}`}
        AND NOT EXISTS (SELECT 1 FROM person p WHERE p.county_code = s.county_code AND p.id_number = s.id_number)
      ORDER BY s.row_number
    ), persons AS (
      INSERT INTO person (county_code, id, id_number, name, sex, birth_date, household_id, relation, phone,
        village_code, status, status_date, is_insured, has_premium_subsidy, disability_cert)
      OVERRIDING SYSTEM VALUE
      SELECT county_code, id, id_number, name, sex, birth_date, household_id, relation, phone, village_code,
        coalesce(status, 'normal'), status_date, coalesce(is_insured, true), coalesce(has_premium_subsidy, false),
        disability_cert
      FROM fresh
    ), id_index AS (
      INSERT INTO person_id_index (id_number, county_code, person_id)
      SELECT id_number, county_code, id FROM fresh
    ), sources AS (
      INSERT INTO person_source (county_code, person_id, source_department, first_batch_id, last_batch_id)
      SELECT county_code, id, ${source}, ${batchId}, ${batchId} FROM fresh
    ), history AS (
      INSERT INTO change_log (county_code, entity_type, entity_id, person_id, field, old_value, new_value,
        reason_type, reason_ref, changed_by)
      SELECT county_code, 'person', id, id, 'record', NULL, ${`导入新建（批次${batchId}）`}, 'import', ${ref}, ${userId}
      FROM fresh
    ), categories AS (
      INSERT INTO person_category (county_code, person_id, category, valid_from, source)
      SELECT f.county_code, f.id, c.category, coalesce(f.category_from, ${today}::date), ${source}
      FROM fresh f CROSS JOIN LATERAL unnest(f.categories) AS c(category)
      RETURNING county_code, id, person_id, category
    ), category_history AS (
      INSERT INTO change_log (county_code, entity_type, entity_id, person_id, field, old_value, new_value,
        reason_type, reason_ref, changed_by)
      SELECT county_code, 'person_category', id, person_id, 'category', NULL, category, 'import', ${ref}, ${userId}
      FROM categories
    )
    SELECT count(*)::int AS n FROM fresh`.execute(trx);
  return rows[0]?.n ?? 0;
}

export type ChangeRow = {
  entityType: 'household' | 'person' | 'person_category';
  entityId: number;
  personId: number | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
};

export async function insertChangeLog(trx: Transaction<DB>, stamp: ChangeStamp, rows: readonly ChangeRow[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await insertJsonRows(
      trx,
      'change_log',
      [
        ['county_code', 'char(6)'],
        ['entity_type', 'text'],
        ['entity_id', 'bigint'],
        ['person_id', 'bigint'],
        ['field', 'text'],
        ['old_value', 'text'],
        ['new_value', 'text'],
        ['reason_type', 'text'],
        ['reason_ref', 'text'],
        ['changed_by', 'bigint'],
      ],
      rows.slice(i, i + 2000).map((c) => ({
        county_code: stamp.countyCode,
        entity_type: c.entityType,
        entity_id: c.entityId,
        person_id: c.personId,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
        reason_type: 'import',
        reason_ref: String(stamp.batchId),
        changed_by: stamp.userId,
      })),
    );
  }
}

/**
 * Full list: flag persons listed by the department before, in scope, still 'normal', not flagged yet and
 * missing from this batch (their last_batch_id is older), with a history row each. Returns how many.
 */
export async function flagMissingPersons(
  trx: Transaction<DB>,
  stamp: ChangeStamp,
  options: { regionPrefix: string; source: string; reason: string },
): Promise<number> {
  const { countyCode, batchId, userId } = stamp;
  const { rows } = await sql<{ n: number }>`
    WITH flagged AS (
      UPDATE person p SET needs_verification = true, verification_reason = ${options.reason}, updated_at = now()
      FROM person_source ps
      WHERE ps.county_code = p.county_code AND ps.person_id = p.id
        AND ps.source_department = ${options.source} AND ps.last_batch_id <> ${batchId}
        AND p.county_code = ${countyCode} AND p.village_code LIKE ${`${options.regionPrefix}%`}
        AND p.needs_verification = false AND p.status = 'normal'
      RETURNING p.county_code, p.id
    ), history AS (
      INSERT INTO change_log (county_code, entity_type, entity_id, person_id, field, old_value, new_value,
        reason_type, reason_ref, changed_by)
      SELECT county_code, 'person', id, id, 'needs_verification', 'false', 'true', 'import', ${String(batchId)},
        ${userId}
      FROM flagged ORDER BY id
    )
    SELECT count(*)::int AS n FROM flagged`.execute(trx);
  return rows[0]?.n ?? 0;
}
