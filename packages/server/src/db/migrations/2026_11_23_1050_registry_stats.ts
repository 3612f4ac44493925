import { type Kysely, sql } from 'kysely';

/**
 * Incremental aggregates of the registry (see packages/domain/src/indicators/registry-facts.ts).
 * - registry_stats_dirty: households (key 'h<id>', or 'p<id>' for a person without household) whose facts
 *   changed; filled by triggers on household, person and person_category, so every writer is covered.
 * - registry_fact_event: the current +1/−1 events of each household, to subtract when it changes.
 * - registry_count_delta: per-village sums of events by metric and day; a count on D for a region is the sum
 *   of its villages' rows up to D. Maintained on write (flushed before every read), never rebuilt nightly.
 */
const UP = [
  `CREATE TABLE registry_stats_dirty (
     county_code char(6) NOT NULL,
     household_key text NOT NULL,
     PRIMARY KEY (county_code, household_key)
   )`,
  `CREATE TABLE registry_fact_event (
     county_code char(6) NOT NULL,
     household_key text NOT NULL,
     village_code char(12) NOT NULL,
     metric text NOT NULL,
     day date NOT NULL,
     delta integer NOT NULL,
     PRIMARY KEY (county_code, household_key, metric, day)
   )`,
  `CREATE TABLE registry_count_delta (
     county_code char(6) NOT NULL,
     village_code char(12) NOT NULL,
     metric text NOT NULL,
     day date NOT NULL,
     delta bigint NOT NULL,
     PRIMARY KEY (county_code, village_code, metric, day)
   )`,
  'CREATE INDEX registry_count_delta_metric_idx ON registry_count_delta (metric, village_code, day)',
  `CREATE FUNCTION registry_mark_household() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       INSERT INTO registry_stats_dirty VALUES (OLD.county_code, 'h' || OLD.id) ON CONFLICT DO NOTHING;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       INSERT INTO registry_stats_dirty VALUES (NEW.county_code, 'h' || NEW.id) ON CONFLICT DO NOTHING;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION registry_mark_person() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       INSERT INTO registry_stats_dirty
       VALUES (OLD.county_code, CASE WHEN OLD.household_id IS NULL THEN 'p' || OLD.id ELSE 'h' || OLD.household_id END)
       ON CONFLICT DO NOTHING;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       INSERT INTO registry_stats_dirty
       VALUES (NEW.county_code, CASE WHEN NEW.household_id IS NULL THEN 'p' || NEW.id ELSE 'h' || NEW.household_id END)
       ON CONFLICT DO NOTHING;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION registry_mark_person_category() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE r record;
   BEGIN
     IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
     INSERT INTO registry_stats_dirty
     SELECT p.county_code, CASE WHEN p.household_id IS NULL THEN 'p' || p.id ELSE 'h' || p.household_id END
     FROM person p WHERE p.county_code = r.county_code AND p.id = r.person_id
     ON CONFLICT DO NOTHING;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER household_registry_stats AFTER INSERT OR DELETE OR UPDATE OF main_cause, village_code ON household
     FOR EACH ROW EXECUTE FUNCTION registry_mark_household()`,
  `CREATE TRIGGER person_registry_stats AFTER INSERT OR DELETE OR UPDATE OF status, status_date, household_id, village_code ON person
     FOR EACH ROW EXECUTE FUNCTION registry_mark_person()`,
  `CREATE TRIGGER person_category_registry_stats AFTER INSERT OR UPDATE OR DELETE ON person_category
     FOR EACH ROW EXECUTE FUNCTION registry_mark_person_category()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) {
    await sql.raw(statement).execute(db);
  }
  // Households and persons already registered get their facts at the first flush.
  await sql`INSERT INTO registry_stats_dirty SELECT county_code, 'h' || id FROM household`.execute(db);
  await sql`INSERT INTO registry_stats_dirty SELECT county_code, 'p' || id FROM person WHERE household_id IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TRIGGER IF EXISTS person_category_registry_stats ON person_category',
    'DROP TRIGGER IF EXISTS person_registry_stats ON person',
    'DROP TRIGGER IF EXISTS household_registry_stats ON household',
    'DROP FUNCTION IF EXISTS registry_mark_person_category()',
    'DROP FUNCTION IF EXISTS registry_mark_person()',
    'DROP FUNCTION IF EXISTS registry_mark_household()',
    'DROP TABLE IF EXISTS registry_count_delta',
    'DROP TABLE IF EXISTS registry_fact_event',
    'DROP TABLE IF EXISTS registry_stats_dirty',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
