import { type Kysely, sql } from 'kysely';

/**
 * The registry aggregates' dirty marking (migration 2026_11_23_1050_registry_stats) as statement-level
 * triggers with transition tables: one set-based INSERT … SELECT DISTINCT per statement instead of one
 * PL/pgSQL call and one INSERT per row, so a 200k-row import marks its households in one pass.
 *
 * What is marked is unchanged: the household key ('h<id>', or 'p<id>' for a person without household) of
 * every inserted and deleted household, person and person category; on UPDATE, the old and the new key of
 * rows whose counted columns changed (household: main_cause, village_code; person: status, status_date,
 * household_id, village_code; person_category: person_id, category, valid_from, valid_to). The row-level
 * triggers fired when those columns were merely named in the SET list; these fire when the values differ
 * (a row written with the same values has the same facts, so nothing needs recomputing).
 * Transition tables allow one event per trigger, hence three triggers per table.
 */
const key = (alias: string) =>
  `CASE WHEN ${alias}.household_id IS NULL THEN 'p' || ${alias}.id ELSE 'h' || ${alias}.household_id END`;

const FUNCTIONS = [
  `CREATE FUNCTION registry_mark_households() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       INSERT INTO registry_stats_dirty SELECT DISTINCT county_code, 'h' || id FROM new_rows
       ON CONFLICT DO NOTHING;
     ELSIF TG_OP = 'DELETE' THEN
       INSERT INTO registry_stats_dirty SELECT DISTINCT county_code, 'h' || id FROM old_rows
       ON CONFLICT DO NOTHING;
     ELSE
       INSERT INTO registry_stats_dirty
       SELECT k.county_code, k.household_key
       FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (o.county_code, 'h' || o.id), (n.county_code, 'h' || n.id))
         AS k(county_code, household_key)
       WHERE (o.county_code, o.main_cause, o.village_code) IS DISTINCT FROM (n.county_code, n.main_cause, n.village_code)
       GROUP BY 1, 2
       ON CONFLICT DO NOTHING;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION registry_mark_persons() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       INSERT INTO registry_stats_dirty SELECT DISTINCT n.county_code, ${key('n')} FROM new_rows n
       ON CONFLICT DO NOTHING;
     ELSIF TG_OP = 'DELETE' THEN
       INSERT INTO registry_stats_dirty SELECT DISTINCT o.county_code, ${key('o')} FROM old_rows o
       ON CONFLICT DO NOTHING;
     ELSE
       INSERT INTO registry_stats_dirty
       SELECT k.county_code, k.household_key
       FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (o.county_code, ${key('o')}), (n.county_code, ${key('n')}))
         AS k(county_code, household_key)
       WHERE (o.county_code, o.status, o.status_date, o.household_id, o.village_code)
         IS DISTINCT FROM (n.county_code, n.status, n.status_date, n.household_id, n.village_code)
       GROUP BY 1, 2
       ON CONFLICT DO NOTHING;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION registry_mark_person_categories() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       INSERT INTO registry_stats_dirty
       SELECT DISTINCT p.county_code, ${key('p')}
       FROM (SELECT DISTINCT county_code, person_id FROM new_rows) c
       JOIN person p ON p.county_code = c.county_code AND p.id = c.person_id
       ON CONFLICT DO NOTHING;
     ELSIF TG_OP = 'DELETE' THEN
       INSERT INTO registry_stats_dirty
       SELECT DISTINCT p.county_code, ${key('p')}
       FROM (SELECT DISTINCT county_code, person_id FROM old_rows) c
       JOIN person p ON p.county_code = c.county_code AND p.id = c.person_id
       ON CONFLICT DO NOTHING;
     ELSE
       INSERT INTO registry_stats_dirty
       SELECT DISTINCT p.county_code, ${key('p')}
       FROM (
         SELECT k.county_code, k.person_id
         FROM old_rows o JOIN new_rows n ON n.id = o.id
         CROSS JOIN LATERAL (VALUES (o.county_code, o.person_id), (n.county_code, n.person_id))
           AS k(county_code, person_id)
         WHERE (o.county_code, o.person_id, o.category, o.valid_from, o.valid_to)
           IS DISTINCT FROM (n.county_code, n.person_id, n.category, n.valid_from, n.valid_to)
         GROUP BY 1, 2
       ) c
       JOIN person p ON p.county_code = c.county_code AND p.id = c.person_id
       ON CONFLICT DO NOTHING;
     END IF;
     RETURN NULL;
   END $$`,
];

const TABLES = [
  ['household', 'household_registry_stats', 'registry_mark_households'],
  ['person', 'person_registry_stats', 'registry_mark_persons'],
  ['person_category', 'person_category_registry_stats', 'registry_mark_person_categories'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, rowTrigger] of TABLES) {
    await sql.raw(`DROP TRIGGER ${rowTrigger} ON ${table}`).execute(db);
  }
  for (const statement of FUNCTIONS) {
    await sql.raw(statement).execute(db);
  }
  for (const [table, trigger, fn] of TABLES) {
    for (const [event, referencing] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ] as const) {
      await sql
        .raw(
          `CREATE TRIGGER ${trigger}_${event.toLowerCase()} AFTER ${event} ON ${table}
           REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, trigger, fn] of TABLES) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}_${event} ON ${table}`).execute(db);
    }
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
  }
  for (const statement of [
    `CREATE TRIGGER household_registry_stats AFTER INSERT OR DELETE OR UPDATE OF main_cause, village_code ON household
       FOR EACH ROW EXECUTE FUNCTION registry_mark_household()`,
    `CREATE TRIGGER person_registry_stats AFTER INSERT OR DELETE OR UPDATE OF status, status_date, household_id, village_code ON person
       FOR EACH ROW EXECUTE FUNCTION registry_mark_person()`,
    `CREATE TRIGGER person_category_registry_stats AFTER INSERT OR UPDATE OR DELETE ON person_category
       FOR EACH ROW EXECUTE FUNCTION registry_mark_person_category()`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
