import { type Kysely, sql } from 'kysely';

/**
 * Disease catalogues edited by county administrators (the national and provincial versions shipped with
 * the domain package stay in code and are never stored here).
 *
 * - `disease_catalog`: one version of one list, a draft or published. A trigger refuses any UPDATE or
 *   DELETE of a published row, so a published version never changes even if application code tries.
 *   Not person-level: a small reference table like `region`.
 * - `reclassification_run` / `classification_change`: when a version is published, every verified
 *   diagnosis in its region is re-classified in the same transaction; each run and every diagnosis whose
 *   line or disease changed is recorded (who moved where, and why).
 */
const UP = [
  `CREATE TABLE disease_catalog (
     code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     name text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('major','chronic4','chronic6','outpatient_special','severe')),
     version text NOT NULL,
     effective_from date NOT NULL,
     effective_to date,
     extends text,
     region_code char(12) NOT NULL REFERENCES region(code),
     based_on text,
     status text NOT NULL CHECK (status IN ('draft','published')),
     published_on date,
     published_by text,
     items jsonb NOT NULL DEFAULT '[]',
     created_by bigint REFERENCES app_user(id),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  'CREATE INDEX disease_catalog_region_idx ON disease_catalog (region_code, status)',
  `CREATE FUNCTION disease_catalog_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF OLD.status = 'published' THEN
       RAISE EXCEPTION 'published disease catalogue % is immutable (已发布的病种目录不能修改)', OLD.code;
     END IF;
     IF TG_OP = 'DELETE' THEN
       RETURN OLD;
     END IF;
     RETURN NEW;
   END
   $$`,
  `CREATE TRIGGER disease_catalog_immutable BEFORE UPDATE OR DELETE ON disease_catalog
     FOR EACH ROW EXECUTE FUNCTION disease_catalog_published_immutable()`,
  `CREATE TABLE reclassification_run (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     catalog_code text NOT NULL REFERENCES disease_catalog(code),
     region_code char(12) NOT NULL,
     persons integer NOT NULL,
     diagnoses integer NOT NULL,
     moves integer NOT NULL,
     changes integer NOT NULL,
     applied_by bigint REFERENCES app_user(id),
     applied_by_name text,
     applied_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (county_code, id)
   )`,
  `CREATE TABLE classification_change (
     county_code char(6) NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     run_id bigint NOT NULL,
     person_id bigint NOT NULL,
     diagnosis_id bigint NOT NULL,
     from_line text,
     to_line text,
     from_item_name text,
     to_item_name text,
     reason text,
     PRIMARY KEY (county_code, id),
     FOREIGN KEY (county_code, run_id) REFERENCES reclassification_run (county_code, id),
     FOREIGN KEY (county_code, person_id) REFERENCES person (county_code, id),
     FOREIGN KEY (county_code, diagnosis_id) REFERENCES diagnosis (county_code, id)
   )`,
  'CREATE INDEX classification_change_person_idx ON classification_change (county_code, person_id)',
  'CREATE INDEX classification_change_run_idx ON classification_change (county_code, run_id, id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['classification_change', 'reclassification_run', 'disease_catalog']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  await sql.raw('DROP FUNCTION IF EXISTS disease_catalog_published_immutable()').execute(db);
}
