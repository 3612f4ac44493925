import { type Kysely, sql } from 'kysely';

/**
 * Population registry (一人一档). Person-level tables carry `county_code char(6)` as the first column of
 * their primary key and of every foreign key between them: the distribution key when the schema is
 * distributed by county (Citus `create_distributed_table(..., 'county_code')`). `person_id_index` maps
 * an ID number to its county for cross-county lookups (identity check, duplicate check); under Citus it
 * would be distributed by `id_number`.
 */
const UP = [
  `CREATE TABLE household (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     household_no text NOT NULL,
     village_code char(12) NOT NULL REFERENCES region(code),
     address text,
     head_name text,
     poverty_attribute text CHECK (poverty_attribute IN ('general','dibao','tekun')),
     main_cause text,
     other_causes text[] NOT NULL DEFAULT '{}',
     registered_year smallint,
     exit_status text NOT NULL DEFAULT 'not_exited' CHECK (exit_status IN ('not_exited','exited')),
     exit_year smallint,
     monitoring_type text CHECK (monitoring_type IN ('unstable','edge','sudden')),
     risk_status text CHECK (risk_status IN ('not_eliminated','eliminated')),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, household_no)
   )`,
  'CREATE INDEX household_village_idx ON household (county_code, village_code)',
  `CREATE TABLE household_income (
     county_code char(6) NOT NULL,
     household_id bigint NOT NULL,
     year smallint NOT NULL,
     per_capita_net_income_fen bigint NOT NULL CHECK (per_capita_net_income_fen >= 0),
     PRIMARY KEY (county_code, household_id, year),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id)
   )`,
  `CREATE TABLE person (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     id_number char(18) NOT NULL,
     name text NOT NULL,
     sex char(1) NOT NULL CHECK (sex IN ('M','F')),
     birth_date date NOT NULL,
     household_id bigint,
     relation text,
     phone text,
     village_code char(12) NOT NULL REFERENCES region(code),
     status text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal','dead','moved_out')),
     status_date date,
     is_insured boolean NOT NULL DEFAULT true,
     has_premium_subsidy boolean NOT NULL DEFAULT false,
     disability_cert text,
     needs_verification boolean NOT NULL DEFAULT false,
     verification_reason text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     UNIQUE (county_code, id_number),
     FOREIGN KEY (county_code, household_id) REFERENCES household (county_code, id)
   )`,
  'CREATE INDEX person_village_idx ON person (county_code, village_code, id)',
  'CREATE INDEX person_household_idx ON person (county_code, household_id)',
  'CREATE INDEX person_name_idx ON person (county_code, name)',
  `CREATE TABLE person_id_index (
     id_number char(18) PRIMARY KEY,
     county_code char(6) NOT NULL,
     person_id bigint NOT NULL
   )`,
  `CREATE TABLE person_category (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     person_id bigint NOT NULL,
     category text NOT NULL CHECK (category IN
       ('poor_registered','poverty_exited','dibao','tekun','severe_disability','monitored','dibao_edge')),
     valid_from date NOT NULL,
     valid_to date,
     source text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     CHECK (valid_to IS NULL OR valid_to >= valid_from)
   )`,
  'CREATE INDEX person_category_person_idx ON person_category (county_code, person_id, category, valid_from)',
  `CREATE TABLE import_batch (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     kind text NOT NULL,
     source_department text,
     file_name text NOT NULL,
     checksum char(64) NOT NULL,
     is_full_list boolean NOT NULL DEFAULT false,
     status text NOT NULL CHECK (status IN ('previewed','committed','failed')),
     counts jsonb NOT NULL DEFAULT '{}',
     user_id bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     committed_at timestamptz,
     PRIMARY KEY (county_code, id)
   )`,
  'CREATE INDEX import_batch_checksum_idx ON import_batch (county_code, kind, checksum)',
  `CREATE TABLE change_log (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     entity_type text NOT NULL,
     entity_id bigint NOT NULL,
     person_id bigint,
     field text NOT NULL,
     old_value text,
     new_value text,
     reason_type text NOT NULL CHECK (reason_type IN ('import','verification','manual','system')),
     reason_ref text,
     changed_by bigint REFERENCES app_user(id),
     changed_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id)
   )`,
  'CREATE INDEX change_log_entity_idx ON change_log (county_code, entity_type, entity_id, changed_at)',
  'CREATE INDEX change_log_person_idx ON change_log (county_code, person_id, changed_at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'change_log',
    'import_batch',
    'person_category',
    'person_id_index',
    'person',
    'household_income',
    'household',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
