import { type Kysely, sql } from 'kysely';
import type { DB } from '../packages/server/src/db/schema.ts';

/**
 * Generates a synthetic registry in SQL (fast: INSERT … SELECT over generate_series): `householdsPerVillage`
 * households of 3 persons in every village under `prefix`. 40 % of households are 因病; 60 % of persons are
 * 建档立卡贫困人口 and 40 % 脱贫人口; 5 % are also 监测对象; 1 % died in the current year.
 * ID numbers are synthetic (unique, not check-digit valid): benchmark data only.
 */
export async function generateRegistry(db: Kysely<DB>, prefix: string, householdsPerVillage: number) {
  const like = `${prefix}%`;
  await sql`
    INSERT INTO household (county_code, household_no, village_code, head_name, poverty_attribute, main_cause, registered_year)
    SELECT substr(v.code, 1, 6), 'B' || v.code || lpad(g::text, 4, '0'), v.code, '户主' || g,
           (ARRAY['general','dibao','tekun'])[1 + g % 3],
           CASE WHEN g % 5 < 2 THEN '因病' WHEN g % 5 = 2 THEN '因残' WHEN g % 5 = 3 THEN '因学' ELSE '缺劳力' END,
           2014 + g % 6
    FROM region v CROSS JOIN generate_series(1, ${householdsPerVillage}) g
    WHERE v.level = 'village' AND v.code LIKE ${like}`.execute(db);
  await sql`
    INSERT INTO person (county_code, id_number, name, sex, birth_date, household_id, relation, village_code, status, status_date)
    SELECT h.county_code, h.county_code || lpad((h.id * 3 + k)::text, 12, '0'), '人员' || h.id || '-' || k,
           CASE WHEN k = 1 THEN 'M' ELSE 'F' END, DATE '1950-01-01' + ((h.id * 7 + k * 365) % 20000)::int,
           h.id, CASE WHEN k = 1 THEN '户主' ELSE '家庭成员' END, h.village_code,
           CASE WHEN (h.id * 3 + k) % 100 = 0 THEN 'dead' ELSE 'normal' END,
           CASE WHEN (h.id * 3 + k) % 100 = 0 THEN DATE '2026-01-01' + ((h.id % 300))::int END
    FROM household h CROSS JOIN generate_series(1, 3) k
    WHERE h.village_code LIKE ${like}`.execute(db);
  await sql`
    INSERT INTO person_category (county_code, person_id, category, valid_from, valid_to)
    SELECT p.county_code, p.id, CASE WHEN p.id % 5 < 3 THEN 'poor_registered' ELSE 'poverty_exited' END,
           DATE '2016-01-01', NULL
    FROM person p WHERE p.village_code LIKE ${like}`.execute(db);
  await sql`
    INSERT INTO person_category (county_code, person_id, category, valid_from, valid_to)
    SELECT p.county_code, p.id, 'monitored', DATE '2026-01-01' + (p.id % 300)::int, NULL
    FROM person p WHERE p.village_code LIKE ${like} AND p.id % 20 = 0`.execute(db);
  await sql`ANALYZE`.execute(db);
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM person WHERE village_code LIKE ${like}`.execute(db);
  return rows[0]?.n ?? 0;
}
