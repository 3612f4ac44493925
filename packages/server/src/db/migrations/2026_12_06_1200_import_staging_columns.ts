import { type Kysely, sql } from 'kysely';

/**
 * Import staging as typed columns instead of one jsonb document per row, so a preview loads its valid rows
 * with COPY and a commit merges them into the registry with set-based INSERT … SELECT / UPDATE … FROM.
 * The per-row `kind` is dropped: counts live on the batch, and a commit re-compares every row anyway.
 * Rows staged by an earlier version (batches previewed but not committed yet) are converted, not lost.
 * Row errors get an index in row order (the list and the download show errors by row).
 */
const PERSON_COLUMNS = `
  ADD COLUMN name text,
  ADD COLUMN sex char(1),
  ADD COLUMN birth_date date,
  ADD COLUMN village_code char(12),
  ADD COLUMN household_no text,
  ADD COLUMN relation text,
  ADD COLUMN phone text,
  ADD COLUMN categories text[],
  ADD COLUMN category_from date,
  ADD COLUMN is_insured boolean,
  ADD COLUMN has_premium_subsidy boolean,
  ADD COLUMN disability_cert text,
  ADD COLUMN status text,
  ADD COLUMN status_date date`;

const HOUSEHOLD_COLUMNS = `
  ADD COLUMN village_code char(12),
  ADD COLUMN head_name text,
  ADD COLUMN address text,
  ADD COLUMN poverty_attribute text,
  ADD COLUMN main_cause text,
  ADD COLUMN other_causes text[],
  ADD COLUMN registered_year smallint,
  ADD COLUMN exit_status text,
  ADD COLUMN exit_year smallint,
  ADD COLUMN monitoring_type text,
  ADD COLUMN risk_status text`;

/** Text array of a jsonb array member (NULL when absent). */
const textArray = (path: string) =>
  `CASE WHEN jsonb_typeof(${path}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${path})) END`;

const UP = [
  `ALTER TABLE import_staged_row ${PERSON_COLUMNS}`,
  `UPDATE import_staged_row SET
     name = data->>'name', sex = data->>'sex', birth_date = (data->>'birthDate')::date,
     village_code = data->>'villageCode', household_no = data->>'householdNo', relation = data->>'relation',
     phone = data->>'phone', categories = ${textArray("data->'categories'")},
     category_from = (data->>'categoryFrom')::date, is_insured = (data->>'isInsured')::boolean,
     has_premium_subsidy = (data->>'hasPremiumSubsidy')::boolean, disability_cert = data->>'disabilityCert',
     status = data->>'status', status_date = (data->>'statusDate')::date`,
  'ALTER TABLE import_staged_row DROP COLUMN data, DROP COLUMN kind',
  `ALTER TABLE import_staged_row ALTER COLUMN name SET NOT NULL, ALTER COLUMN sex SET NOT NULL,
     ALTER COLUMN birth_date SET NOT NULL, ALTER COLUMN village_code SET NOT NULL`,
  `ALTER TABLE import_staged_household ${HOUSEHOLD_COLUMNS}`,
  `UPDATE import_staged_household SET
     village_code = data->>'villageCode', head_name = data->>'headName', address = data->'values'->>'address',
     poverty_attribute = data->'values'->>'povertyAttribute', main_cause = data->'values'->>'mainCause',
     other_causes = ${textArray("data->'values'->'otherCauses'")},
     registered_year = (data->'values'->>'registeredYear')::smallint, exit_status = data->'values'->>'exitStatus',
     exit_year = (data->'values'->>'exitYear')::smallint, monitoring_type = data->'values'->>'monitoringType',
     risk_status = data->'values'->>'riskStatus'`,
  'ALTER TABLE import_staged_household DROP COLUMN data, DROP COLUMN kind',
  'ALTER TABLE import_staged_household ALTER COLUMN village_code SET NOT NULL',
  'CREATE INDEX import_row_error_row_idx ON import_row_error (county_code, batch_id, row_number, seq)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Staged rows are transient: going back drops them (previewed batches must be previewed again).
  for (const statement of [
    'DROP INDEX IF EXISTS import_row_error_row_idx',
    'DELETE FROM import_staged_row',
    'DELETE FROM import_staged_household',
    `ALTER TABLE import_staged_row DROP COLUMN name, DROP COLUMN sex, DROP COLUMN birth_date,
       DROP COLUMN village_code, DROP COLUMN household_no, DROP COLUMN relation, DROP COLUMN phone,
       DROP COLUMN categories, DROP COLUMN category_from, DROP COLUMN is_insured,
       DROP COLUMN has_premium_subsidy, DROP COLUMN disability_cert, DROP COLUMN status, DROP COLUMN status_date,
       ADD COLUMN kind text NOT NULL CHECK (kind IN ('new','changed','unchanged')), ADD COLUMN data jsonb NOT NULL`,
    `ALTER TABLE import_staged_household DROP COLUMN village_code, DROP COLUMN head_name, DROP COLUMN address,
       DROP COLUMN poverty_attribute, DROP COLUMN main_cause, DROP COLUMN other_causes,
       DROP COLUMN registered_year, DROP COLUMN exit_status, DROP COLUMN exit_year, DROP COLUMN monitoring_type,
       DROP COLUMN risk_status,
       ADD COLUMN kind text NOT NULL CHECK (kind IN ('new','changed','unchanged')), ADD COLUMN data jsonb NOT NULL`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
