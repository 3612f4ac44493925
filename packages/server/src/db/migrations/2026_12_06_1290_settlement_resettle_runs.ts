import { type Kysely, sql } from 'kysely';

/**
 * Re-settlement at county scale (issue 6, third part):
 *
 * - settlement_run becomes a resumable run record: `status` (running → finished, or failed with `error`),
 *   `person_years_total` (the work found when the run started or resumed), `batches` (committed batch
 *   transactions) and `updated_at` (advanced by every batch; a running run that stops advancing has died and is
 *   resumed by the next start). The counts grow batch by batch in the batches' own transactions.
 * - Fewer indexes to maintain on `settlement` (each new revision and each reversed one touches every index):
 *   the unique (county_code, institution_code, claim_no, revision) and the lookup (institution_code, claim_no)
 *   become one unique index led by the lookup columns (same uniqueness), and the unused
 *   (policy_set_id, discharge_date) index goes.
 */
const UP = [
  `ALTER TABLE settlement_run ADD COLUMN status text NOT NULL DEFAULT 'finished'
     CHECK (status IN ('running', 'finished', 'failed'))`,
  'ALTER TABLE settlement_run ADD COLUMN person_years_total integer NOT NULL DEFAULT 0',
  'ALTER TABLE settlement_run ADD COLUMN batches integer NOT NULL DEFAULT 0',
  'ALTER TABLE settlement_run ADD COLUMN error text',
  'ALTER TABLE settlement_run ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()',
  `CREATE INDEX settlement_run_open_idx ON settlement_run (policy_set_id, region_code)
     WHERE status <> 'finished'`,
  `CREATE UNIQUE INDEX settlement_claim_key
     ON settlement (institution_code, claim_no, revision, county_code)`,
  'DROP INDEX settlement_claim_revision_key',
  'DROP INDEX settlement_claim_idx',
  'DROP INDEX settlement_policy_idx',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'CREATE INDEX settlement_policy_idx ON settlement (policy_set_id, discharge_date)',
    'CREATE INDEX settlement_claim_idx ON settlement (institution_code, claim_no)',
    `CREATE UNIQUE INDEX settlement_claim_revision_key
       ON settlement (county_code, institution_code, claim_no, revision)`,
    'DROP INDEX settlement_claim_key',
    'DROP INDEX settlement_run_open_idx',
    'ALTER TABLE settlement_run DROP COLUMN updated_at',
    'ALTER TABLE settlement_run DROP COLUMN error',
    'ALTER TABLE settlement_run DROP COLUMN batches',
    'ALTER TABLE settlement_run DROP COLUMN person_years_total',
    'ALTER TABLE settlement_run DROP COLUMN status',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
