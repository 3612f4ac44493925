import { buildCitizenId } from '@healthaid/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-database.ts';
import type { Database } from '../../db/database.ts';
import { flushRegistryStats } from '../indicators/registry-stats.ts';

/**
 * The statement-level dirty-marking triggers of the registry aggregates (migration
 * 2026_12_06_1201_registry_stats_statement_triggers): which household keys each write marks.
 */
let database: Database;
const V1 = '130321100201';
const V2 = '130321100202';
let sequence = 500;
const newId = () => {
  sequence += 2;
  return buildCitizenId({ addressCode: '130321', birthDate: '1975-07-07', sequence });
};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await flushRegistryStats(database.db);
});

const dirty = async () =>
  (
    await sql<{ household_key: string }>`SELECT household_key FROM registry_stats_dirty ORDER BY 1`.execute(
      database.db,
    )
  ).rows.map((r) => r.household_key);

async function household(no: string, village = V1): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO household (county_code, household_no, village_code, main_cause)
    VALUES ('130321', ${no}, ${village}, '因病') RETURNING id`.execute(database.db);
  return rows[0]?.id ?? 0;
}

async function person(householdId: number | null): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO person (county_code, id_number, name, sex, birth_date, household_id, village_code)
    VALUES ('130321', ${newId()}, '测试', 'M', '1975-07-07', ${householdId}, ${V1}) RETURNING id`.execute(
    database.db,
  );
  return rows[0]?.id ?? 0;
}

describe('registry aggregates: dirty marking', () => {
  it('marks every household (and lone person) of a multi-row INSERT once', async () => {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO household (county_code, household_no, village_code)
      SELECT '130321', 'T-M' || g, ${V1} FROM generate_series(1, 3) g RETURNING id`.execute(database.db);
    const [a, b] = rows.map((r) => r.id);
    await sql`
      INSERT INTO person (county_code, id_number, name, sex, birth_date, household_id, village_code)
      VALUES ('130321', ${newId()}, '甲', 'M', '1975-07-07', ${a}, ${V1}),
             ('130321', ${newId()}, '乙', 'F', '1975-07-07', ${a}, ${V1}),
             ('130321', ${newId()}, '丙', 'F', '1975-07-07', ${b}, ${V1})`.execute(database.db);
    expect(await dirty()).toEqual(rows.map((r) => `h${r.id}`).sort());
    await flushRegistryStats(database.db);
    const lone = await person(null);
    expect(await dirty()).toEqual([`p${lone}`]);
  });

  it('marks on UPDATE only when a counted column changes, with the old and the new household', async () => {
    const [h1, h2] = [await household('T-U1'), await household('T-U2')];
    const p = await person(h1);
    await flushRegistryStats(database.db);
    await sql`UPDATE person SET phone = '13800000000', name = '改名' WHERE id = ${p}`.execute(database.db);
    await sql`UPDATE household SET address = '新地址' WHERE id = ${h1}`.execute(database.db);
    await sql`UPDATE person SET status = 'normal' WHERE id = ${p}`.execute(database.db);
    expect(await dirty()).toEqual([]);

    await sql`UPDATE person SET household_id = ${h2} WHERE id = ${p}`.execute(database.db);
    expect(await dirty()).toEqual([`h${h1}`, `h${h2}`].sort());
    await flushRegistryStats(database.db);
    await sql`UPDATE person SET status = 'dead', status_date = '2025-01-01' WHERE id = ${p}`.execute(
      database.db,
    );
    expect(await dirty()).toEqual([`h${h2}`]);
    await flushRegistryStats(database.db);
    await sql`UPDATE household SET main_cause = '因残' WHERE id = ${h1}`.execute(database.db);
    await sql`UPDATE household SET village_code = ${V2} WHERE id = ${h2}`.execute(database.db);
    expect(await dirty()).toEqual([`h${h1}`, `h${h2}`].sort());
  });

  it('marks the person’s household for category inserts, changes and deletes', async () => {
    const h = await household('T-C1');
    const p = await person(h);
    const lone = await person(null);
    await flushRegistryStats(database.db);
    const { rows } = await sql<{ id: number }>`
      INSERT INTO person_category (county_code, person_id, category, valid_from)
      VALUES ('130321', ${p}, 'dibao', '2024-01-01'), ('130321', ${lone}, 'tekun', '2024-01-01')
      RETURNING id`.execute(database.db);
    expect(await dirty()).toEqual([`h${h}`, `p${lone}`].sort());
    await flushRegistryStats(database.db);
    await sql`UPDATE person_category SET source = '民政' WHERE person_id = ${p}`.execute(database.db);
    expect(await dirty()).toEqual([]);
    await sql`UPDATE person_category SET valid_to = '2025-01-01' WHERE person_id = ${p}`.execute(database.db);
    expect(await dirty()).toEqual([`h${h}`]);
    await flushRegistryStats(database.db);
    await sql`DELETE FROM person_category WHERE id = ${rows[1]?.id ?? 0}`.execute(database.db);
    expect(await dirty()).toEqual([`p${lone}`]);
  });

  it('marks deleted households and persons', async () => {
    const h = await household('T-D1');
    const p = await person(h);
    await flushRegistryStats(database.db);
    await sql`DELETE FROM person WHERE id = ${p}`.execute(database.db);
    await sql`DELETE FROM household WHERE id = ${h}`.execute(database.db);
    expect(await dirty()).toEqual([`h${h}`]);
  });
});
