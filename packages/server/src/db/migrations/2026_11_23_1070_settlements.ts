import { QINGLONG_2024_POLICY, type TPolicySet, YANCHENG_2023_POLICY } from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';

/**
 * One-stop settlement (三重保障一站式结算): versioned policy sets, settlements and the yearly
 * per-person accumulators the engine reads and writes.
 *
 * - policy_set: a published row is immutable (the service refuses edits and a trigger refuses any
 *   UPDATE of a published row). `body` is the full TPolicySet the engine used.
 * - settlement: person-level (county_code first); idempotent per institution and claim number.
 *   Money columns are bigint fen.
 * - settlement_accumulator: the person-year totals, locked (SELECT … FOR UPDATE) and updated in the
 *   same transaction as the settlement.
 *
 * The two example policies (青龙 2024, 盐城 2023) are seeded as published so a fresh install can settle.
 */
const UP = [
  `CREATE TABLE policy_set (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     code text NOT NULL,
     name text NOT NULL,
     region_code char(12) NOT NULL,
     version integer NOT NULL,
     effective_from date NOT NULL,
     effective_to date,
     status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
     body jsonb NOT NULL,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     published_by bigint REFERENCES app_user(id),
     published_at timestamptz,
     UNIQUE (code, version)
   )`,
  'CREATE INDEX policy_set_region_idx ON policy_set (region_code, effective_from)',
  `CREATE FUNCTION policy_set_refuse_published_update() RETURNS trigger AS $$
   BEGIN
     IF OLD.status = 'published' THEN
       RAISE EXCEPTION 'published policy_set % is immutable', OLD.id;
     END IF;
     RETURN NEW;
   END;
   $$ LANGUAGE plpgsql`,
  `CREATE TRIGGER policy_set_published_immutable BEFORE UPDATE ON policy_set
     FOR EACH ROW EXECUTE FUNCTION policy_set_refuse_published_update()`,
  `CREATE TABLE settlement (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     person_id bigint NOT NULL,
     institution_code text NOT NULL,
     claim_no text NOT NULL,
     request_hash text NOT NULL,
     policy_set_id bigint NOT NULL REFERENCES policy_set(id),
     visit_type text NOT NULL,
     institution_level text NOT NULL,
     admission_date date NOT NULL,
     discharge_date date NOT NULL,
     year integer NOT NULL,
     categories jsonb NOT NULL,
     claim jsonb NOT NULL,
     result jsonb NOT NULL,
     accumulators_before jsonb NOT NULL,
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
     is_treat_first_pay_later boolean NOT NULL,
     status text NOT NULL DEFAULT 'settled' CHECK (status IN ('settled','reversed')),
     reversed_reason text,
     reversed_by bigint REFERENCES app_user(id),
     reversed_at timestamptz,
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, institution_code, claim_no),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id)
   )`,
  'CREATE INDEX settlement_claim_idx ON settlement (institution_code, claim_no)',
  'CREATE INDEX settlement_person_idx ON settlement (county_code, person_id, year, discharge_date)',
  'CREATE INDEX settlement_date_idx ON settlement (county_code, discharge_date)',
  `CREATE TABLE settlement_accumulator (
     county_code char(6) NOT NULL,
     person_id bigint NOT NULL,
     year integer NOT NULL,
     body jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, person_id, year),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id)
   )`,
];

const SEEDED: readonly TPolicySet[] = [QINGLONG_2024_POLICY, YANCHENG_2023_POLICY];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
  for (const policy of SEEDED) {
    await sql`INSERT INTO policy_set
        (code, name, region_code, version, effective_from, effective_to, status, body, published_at)
      VALUES (${policy.id}, ${policy.name}, ${policy.regionCode}, ${policy.version}, ${policy.effectiveFrom},
        ${policy.effectiveTo}, 'published', ${JSON.stringify(policy)}, now())`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['settlement_accumulator', 'settlement', 'policy_set']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  await sql.raw('DROP FUNCTION IF EXISTS policy_set_refuse_published_update()').execute(db);
}
