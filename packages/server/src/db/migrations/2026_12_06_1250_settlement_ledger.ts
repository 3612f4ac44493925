import { type Kysely, sql } from 'kysely';

/**
 * One-stop settlement ledger (issue 6, second part):
 *
 * - settlement_outsider: an insured person who is not in the county's health-poverty registry (or not in the
 *   caller's scope). They are settled as ordinary insured persons (普通参保人员); a settlement row points at
 *   either a registry person or an outsider, never both. Their yearly totals live in
 *   settlement_outsider_accumulator (same JSON as settlement_accumulator).
 * - settlement revisions: a corrected or re-settled claim keeps its old row (status 'reversed',
 *   replaced_by_id → the new revision) and gets a new row with revision + 1; claim_seq (the id of the first
 *   revision) orders claims with the same discharge date. Only one revision per claim is 'settled'.
 * - settlement_reversal: one reversal entry (冲销分录) per reversed settlement, its amounts negated, so that the
 *   entries of a claim always sum to its current settlement.
 * - settlement_run: one re-settlement run (claim correction, policy correction, back-dated claim, reversal)
 *   with its counts; reversals and new revisions point at it.
 * - settlement_idempotency_key: Idempotency-Key header values per institution with the hash of the request.
 * - settlement_import: claim import files (HIS / insurance exports) per institution and checksum.
 */
const UP = [
  `CREATE TABLE settlement_outsider (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     id_number text NOT NULL,
     name text,
     birth_date date,
     sex char(1),
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, id_number)
   )`,
  `CREATE TABLE settlement_outsider_accumulator (
     county_code char(6) NOT NULL,
     outsider_id bigint NOT NULL,
     year integer NOT NULL,
     body jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, outsider_id, year),
     FOREIGN KEY (county_code, outsider_id) REFERENCES settlement_outsider (county_code, id)
   )`,
  `CREATE TABLE settlement_run (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('claim_correction','policy_correction','backdated_claim','reversal')),
     reason text NOT NULL,
     region_code char(12) NOT NULL,
     policy_set_id bigint REFERENCES policy_set(id),
     person_years integer NOT NULL DEFAULT 0,
     claims integer NOT NULL DEFAULT 0,
     reversals integer NOT NULL DEFAULT 0,
     new_settlements integer NOT NULL DEFAULT 0,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  'ALTER TABLE settlement ALTER COLUMN person_id DROP NOT NULL',
  'ALTER TABLE settlement ADD COLUMN outsider_id bigint',
  `ALTER TABLE settlement ADD CONSTRAINT settlement_outsider_fk
     FOREIGN KEY (county_code, outsider_id) REFERENCES settlement_outsider (county_code, id)`,
  `ALTER TABLE settlement ADD CONSTRAINT settlement_insured_check
     CHECK ((person_id IS NULL) <> (outsider_id IS NULL))`,
  /* Scope region of an outsider's settlement (the institution's region); registry persons use their village. */
  'ALTER TABLE settlement ADD COLUMN region_code char(12)',
  'ALTER TABLE settlement ADD COLUMN revision integer NOT NULL DEFAULT 1',
  'ALTER TABLE settlement ADD COLUMN claim_seq bigint',
  'ALTER TABLE settlement ADD COLUMN replaced_by_id bigint',
  'ALTER TABLE settlement ADD COLUMN run_id bigint REFERENCES settlement_run(id)',
  `ALTER TABLE settlement ADD COLUMN source text NOT NULL DEFAULT 'window'
     CHECK (source IN ('window','api','import','resettlement','seed'))`,
  'ALTER TABLE settlement DROP CONSTRAINT IF EXISTS settlement_county_code_institution_code_claim_no_key',
  `CREATE UNIQUE INDEX settlement_claim_revision_key
     ON settlement (county_code, institution_code, claim_no, revision)`,
  `CREATE UNIQUE INDEX settlement_claim_current_key
     ON settlement (county_code, institution_code, claim_no) WHERE status = 'settled'`,
  `CREATE INDEX settlement_outsider_idx ON settlement (county_code, outsider_id, year, discharge_date)
     WHERE outsider_id IS NOT NULL`,
  'CREATE INDEX settlement_policy_idx ON settlement (policy_set_id, discharge_date)',
  `CREATE TABLE settlement_reversal (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     settlement_id bigint NOT NULL,
     run_id bigint REFERENCES settlement_run(id),
     reason text NOT NULL,
     total_fen bigint NOT NULL,
     basic_fen bigint NOT NULL,
     critical_fen bigint NOT NULL,
     assistance_fen bigint NOT NULL,
     other_fen bigint NOT NULL,
     self_pay_fen bigint NOT NULL,
     borne_fen bigint NOT NULL,
     in_scope_fen bigint NOT NULL,
     in_scope_self_pay_fen bigint NOT NULL,
     deposit_waived_fen bigint NOT NULL,
     body jsonb NOT NULL,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, settlement_id),
     FOREIGN KEY (county_code, settlement_id) REFERENCES settlement (county_code, id)
   )`,
  /* Reversal entries for settlements reversed before this migration. */
  `INSERT INTO settlement_reversal (county_code, settlement_id, reason, total_fen, basic_fen, critical_fen,
     assistance_fen, other_fen, self_pay_fen, borne_fen, in_scope_fen, in_scope_self_pay_fen, deposit_waived_fen,
     body, created_by, created_at)
   SELECT county_code, id, coalesce(reversed_reason, '冲销'), -total_fen, -basic_fen, -critical_fen,
     -assistance_fen, -other_fen, -self_pay_fen, -borne_fen, -in_scope_fen, -in_scope_self_pay_fen,
     -deposit_waived_fen, jsonb_build_object('reason', coalesce(reversed_reason, '冲销')), reversed_by,
     coalesce(reversed_at, now())
   FROM settlement WHERE status = 'reversed'`,
  `CREATE TABLE settlement_idempotency_key (
     county_code char(6) NOT NULL,
     institution_code text NOT NULL,
     idempotency_key text NOT NULL,
     request_hash text NOT NULL,
     settlement_id bigint NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, institution_code, idempotency_key),
     FOREIGN KEY (county_code, settlement_id) REFERENCES settlement (county_code, id)
   )`,
  'CREATE INDEX settlement_idempotency_lookup_idx ON settlement_idempotency_key (institution_code, idempotency_key)',
  `CREATE TABLE settlement_import (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     institution_code text NOT NULL,
     file_name text NOT NULL,
     checksum text NOT NULL,
     row_count integer NOT NULL,
     settled_count integer NOT NULL,
     unchanged_count integer NOT NULL,
     total_fen bigint NOT NULL,
     patient_pays_fen bigint NOT NULL,
     settlement_ids jsonb NOT NULL,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, institution_code, checksum)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TABLE IF EXISTS settlement_import',
    'DROP TABLE IF EXISTS settlement_idempotency_key',
    'DROP TABLE IF EXISTS settlement_reversal',
    'DROP INDEX IF EXISTS settlement_policy_idx',
    'DROP INDEX IF EXISTS settlement_outsider_idx',
    'DROP INDEX IF EXISTS settlement_claim_current_key',
    'DROP INDEX IF EXISTS settlement_claim_revision_key',
    `ALTER TABLE settlement ADD CONSTRAINT settlement_county_code_institution_code_claim_no_key
       UNIQUE (county_code, institution_code, claim_no)`,
    'ALTER TABLE settlement DROP COLUMN source',
    'ALTER TABLE settlement DROP COLUMN run_id',
    'ALTER TABLE settlement DROP COLUMN replaced_by_id',
    'ALTER TABLE settlement DROP COLUMN claim_seq',
    'ALTER TABLE settlement DROP COLUMN revision',
    'ALTER TABLE settlement DROP COLUMN region_code',
    'ALTER TABLE settlement DROP CONSTRAINT settlement_insured_check',
    'ALTER TABLE settlement DROP CONSTRAINT settlement_outsider_fk',
    'ALTER TABLE settlement DROP COLUMN outsider_id',
    'ALTER TABLE settlement ALTER COLUMN person_id SET NOT NULL',
    'DROP TABLE IF EXISTS settlement_run',
    'DROP TABLE IF EXISTS settlement_outsider_accumulator',
    'DROP TABLE IF EXISTS settlement_outsider',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
