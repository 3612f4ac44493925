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

/** Serialise registry imports of one county (two commits never interleave their reads and writes). */
export async function lockCountyImports(trx: Transaction<DB>, countyCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`registry-import:${countyCode}`}))`.execute(trx);
}

export async function listBatches(
  db: Db,
  scope: { countyCode: string; regionPrefix: string },
  page: { offset: number; limit: number },
) {
  const base = db
    .selectFrom('import_batch as b')
    .leftJoin('app_user as u', 'u.id', 'b.user_id')
    .where('b.county_code', '=', scope.countyCode)
    .where('b.kind', '=', 'persons')
    .where('b.region_code', 'like', `${scope.regionPrefix}%`);
  const [items, total] = await Promise.all([
    base.select(batchColumns).orderBy('b.id', 'desc').offset(page.offset).limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
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

/**
 * Multi-row INSERT of one chunk through a single jsonb parameter (jsonb_to_recordset): one bind value
 * instead of rows × columns, far cheaper to build, send and parse for 1,000-row chunks on both engines.
 * Table, column and type names are constants of this module, never input.
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

// ---- staging -------------------------------------------------------------------------------------

export type StagedRow = {
  rowNumber: number;
  idNumber: string;
  kind: 'new' | 'changed' | 'unchanged';
  data: unknown;
};

export async function insertStagedRows(
  db: Db,
  countyCode: string,
  batchId: number,
  rows: readonly StagedRow[],
) {
  await insertJsonRows(
    db,
    'import_staged_row',
    [
      ['county_code', 'char(6)'],
      ['batch_id', 'bigint'],
      ['row_number', 'integer'],
      ['id_number', 'char(18)'],
      ['kind', 'text'],
      ['data', 'jsonb'],
    ],
    rows.map((r) => ({
      county_code: countyCode,
      batch_id: batchId,
      row_number: r.rowNumber,
      id_number: r.idNumber,
      kind: r.kind,
      data: r.data,
    })),
  );
}

export async function insertStagedHouseholds(
  db: Db,
  countyCode: string,
  batchId: number,
  rows: readonly { householdNo: string; kind: StagedRow['kind']; data: unknown }[],
) {
  if (rows.length === 0) {
    return;
  }
  await db
    .insertInto('import_staged_household')
    .values(
      rows.map((r) => ({
        county_code: countyCode,
        batch_id: batchId,
        household_no: r.householdNo,
        kind: r.kind,
        data: JSON.stringify(r.data),
      })),
    )
    .execute();
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
      .orderBy('seq')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Errors after `afterSeq`, in order (keyset paging for the streamed .xlsx). */
export function rowErrorsAfter(db: Db, countyCode: string, batchId: number, afterSeq: number, limit: number) {
  return db
    .selectFrom('import_row_error')
    .select(['seq', 'row_number', 'column_name', 'message'])
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export function stagedRowsAfter(
  db: Db,
  countyCode: string,
  batchId: number,
  afterRow: number,
  limit: number,
) {
  return db
    .selectFrom('import_staged_row')
    .select(['row_number', 'id_number', 'data'])
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

export function stagedHouseholdsAfter(
  db: Db,
  countyCode: string,
  batchId: number,
  afterNo: string,
  limit: number,
) {
  return db
    .selectFrom('import_staged_household')
    .select(['household_no', 'data'])
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .where('household_no', '>', afterNo)
    .orderBy('household_no')
    .limit(limit)
    .execute();
}

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

// ---- registry reads ------------------------------------------------------------------------------

/** Region levels of a county's divisions (a few hundred rows), for the village checks of a preview. */
export function findCountyRegions(db: Db, countyCode: string) {
  return db.selectFrom('region').select(['code', 'level']).where('code', 'like', `${countyCode}%`).execute();
}

/** Persons of the county with these ID numbers, with their household number. */
export function findPersonsByIdNumbers(db: Db, countyCode: string, idNumbers: readonly string[]) {
  if (idNumbers.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('person as p')
    .leftJoin('household as h', (join) =>
      join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'),
    )
    .select([
      'p.id',
      'p.id_number',
      'p.name',
      'p.sex',
      'p.birth_date',
      'p.village_code',
      'p.household_id',
      'h.household_no',
      'p.relation',
      'p.phone',
      'p.is_insured',
      'p.has_premium_subsidy',
      'p.disability_cert',
      'p.status',
      'p.status_date',
    ])
    .where('p.county_code', '=', countyCode)
    .where('p.id_number', 'in', idNumbers)
    .execute();
}

export type RegistryPersonRow = Awaited<ReturnType<typeof findPersonsByIdNumbers>>[number];

/** Open (valid_to null) category periods of these persons. */
export function findOpenCategories(db: Db, countyCode: string, personIds: readonly number[]) {
  if (personIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('person_category')
    .select(['id', 'person_id', 'category', 'valid_from', 'source'])
    .where('county_code', '=', countyCode)
    .where('person_id', 'in', personIds)
    .where('valid_to', 'is', null)
    .execute();
}

/** ID numbers registered in another county (the global lookup). */
export function findIdNumbersElsewhere(db: Db, countyCode: string, idNumbers: readonly string[]) {
  if (idNumbers.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('person_id_index')
    .select(['id_number', 'county_code'])
    .where('id_number', 'in', idNumbers)
    .where('county_code', '<>', countyCode)
    .execute();
}

export function findHouseholdsByNumbers(db: Db, countyCode: string, householdNos: readonly string[]) {
  if (householdNos.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('household')
    .select([
      'id',
      'household_no',
      'village_code',
      'address',
      'head_name',
      'poverty_attribute',
      'main_cause',
      'other_causes',
      'registered_year',
      'exit_status',
      'exit_year',
      'monitoring_type',
      'risk_status',
    ])
    .where('county_code', '=', countyCode)
    .where('household_no', 'in', householdNos)
    .execute();
}

export type RegistryHouseholdRow = Awaited<ReturnType<typeof findHouseholdsByNumbers>>[number];

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

export type NewHousehold = {
  householdNo: string;
  villageCode: string;
  address: string | null;
  headName: string | null;
  povertyAttribute: 'general' | 'dibao' | 'tekun' | null;
  mainCause: string | null;
  otherCauses: string[];
  registeredYear: number | null;
  exitStatus: 'not_exited' | 'exited';
  exitYear: number | null;
  monitoringType: 'unstable' | 'edge' | 'sudden' | null;
  riskStatus: 'not_eliminated' | 'eliminated' | null;
};

export function insertHouseholds(trx: Transaction<DB>, countyCode: string, rows: readonly NewHousehold[]) {
  return trx
    .insertInto('household')
    .values(
      rows.map((h) => ({
        county_code: countyCode,
        household_no: h.householdNo,
        village_code: h.villageCode,
        address: h.address,
        head_name: h.headName,
        poverty_attribute: h.povertyAttribute,
        main_cause: h.mainCause,
        other_causes: h.otherCauses,
        registered_year: h.registeredYear,
        exit_status: h.exitStatus,
        exit_year: h.exitYear,
        monitoring_type: h.monitoringType,
        risk_status: h.riskStatus,
      })),
    )
    .returning(['id', 'household_no'])
    .execute();
}

export async function updateHousehold(
  trx: Transaction<DB>,
  countyCode: string,
  id: number,
  set: Record<string, unknown>,
): Promise<void> {
  await trx
    .updateTable('household')
    .set({ ...set, updated_at: sql`now()` })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

export type NewPerson = {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  householdId: number | null;
  relation: string | null;
  phone: string | null;
  villageCode: string;
  status: 'normal' | 'dead' | 'moved_out';
  statusDate: string | null;
  isInsured: boolean;
  hasPremiumSubsidy: boolean;
  disabilityCert: string | null;
};

export function insertPersons(trx: Transaction<DB>, countyCode: string, rows: readonly NewPerson[]) {
  return insertJsonRows<{ id: number; id_number: string }>(
    trx,
    'person',
    [
      ['county_code', 'char(6)'],
      ['id_number', 'char(18)'],
      ['name', 'text'],
      ['sex', 'char(1)'],
      ['birth_date', 'date'],
      ['household_id', 'bigint'],
      ['relation', 'text'],
      ['phone', 'text'],
      ['village_code', 'char(12)'],
      ['status', 'text'],
      ['status_date', 'date'],
      ['is_insured', 'boolean'],
      ['has_premium_subsidy', 'boolean'],
      ['disability_cert', 'text'],
    ],
    rows.map((p) => ({
      county_code: countyCode,
      id_number: p.idNumber,
      name: p.name,
      sex: p.sex,
      birth_date: p.birthDate,
      household_id: p.householdId,
      relation: p.relation,
      phone: p.phone,
      village_code: p.villageCode,
      status: p.status,
      status_date: p.statusDate,
      is_insured: p.isInsured,
      has_premium_subsidy: p.hasPremiumSubsidy,
      disability_cert: p.disabilityCert,
    })),
    'RETURNING id, id_number',
  );
}

export async function insertIdIndex(
  trx: Transaction<DB>,
  rows: readonly { idNumber: string; countyCode: string; personId: number }[],
) {
  await insertJsonRows(
    trx,
    'person_id_index',
    [
      ['id_number', 'char(18)'],
      ['county_code', 'char(6)'],
      ['person_id', 'bigint'],
    ],
    rows.map((r) => ({ id_number: r.idNumber, county_code: r.countyCode, person_id: r.personId })),
  );
}

export async function updatePerson(
  trx: Transaction<DB>,
  countyCode: string,
  id: number,
  set: Record<string, unknown>,
): Promise<void> {
  await trx
    .updateTable('person')
    .set({ ...set, updated_at: sql`now()` })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

export function insertCategories(
  trx: Transaction<DB>,
  countyCode: string,
  rows: readonly { personId: number; category: RegistryCategory; validFrom: string; source: string }[],
) {
  return insertJsonRows<{ id: number; person_id: number; category: RegistryCategory }>(
    trx,
    'person_category',
    [
      ['county_code', 'char(6)'],
      ['person_id', 'bigint'],
      ['category', 'text'],
      ['valid_from', 'date'],
      ['source', 'text'],
    ],
    rows.map((r) => ({
      county_code: countyCode,
      person_id: r.personId,
      category: r.category,
      valid_from: r.validFrom,
      source: r.source,
    })),
    'RETURNING id, person_id, category',
  );
}

export async function closeCategory(trx: Transaction<DB>, countyCode: string, id: number, validTo: string) {
  await trx
    .updateTable('person_category')
    .set({ valid_to: validTo })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

export async function upsertPersonSources(
  trx: Transaction<DB>,
  countyCode: string,
  source: string,
  batchId: number,
  personIds: readonly number[],
) {
  await insertJsonRows(
    trx,
    'person_source',
    [
      ['county_code', 'char(6)'],
      ['person_id', 'bigint'],
      ['source_department', 'text'],
      ['first_batch_id', 'bigint'],
      ['last_batch_id', 'bigint'],
    ],
    personIds.map((personId) => ({
      county_code: countyCode,
      person_id: personId,
      source_department: source,
      first_batch_id: batchId,
      last_batch_id: batchId,
    })),
    'ON CONFLICT (county_code, person_id, source_department) DO UPDATE SET last_batch_id = excluded.last_batch_id',
  );
}

export type ChangeRow = {
  entityType: 'household' | 'person' | 'person_category';
  entityId: number;
  personId: number | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
};

export async function insertChangeLog(
  trx: Transaction<DB>,
  countyCode: string,
  batchId: number,
  userId: number,
  rows: readonly ChangeRow[],
) {
  for (let i = 0; i < rows.length; i += 1000) {
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
      rows.slice(i, i + 1000).map((c) => ({
        county_code: countyCode,
        entity_type: c.entityType,
        entity_id: c.entityId,
        person_id: c.personId,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
        reason_type: 'import',
        reason_ref: String(batchId),
        changed_by: userId,
      })),
    );
  }
}

/**
 * Full list: flag persons listed by the department before, in scope, still 'normal', not flagged yet
 * and missing from this batch (their last_batch_id is older). Returns the flagged persons.
 */
export function flagMissingPersons(
  trx: Transaction<DB>,
  options: { countyCode: string; regionPrefix: string; source: string; batchId: number; reason: string },
) {
  return trx
    .updateTable('person as p')
    .set({ needs_verification: true, verification_reason: options.reason, updated_at: sql`now()` })
    .from('person_source as ps')
    .whereRef('ps.county_code', '=', 'p.county_code')
    .whereRef('ps.person_id', '=', 'p.id')
    .where('ps.source_department', '=', options.source)
    .where('ps.last_batch_id', '<>', options.batchId)
    .where('p.county_code', '=', options.countyCode)
    .where('p.village_code', 'like', `${options.regionPrefix}%`)
    .where('p.needs_verification', '=', false)
    .where('p.status', '=', 'normal')
    .returning(['p.id'])
    .execute();
}
