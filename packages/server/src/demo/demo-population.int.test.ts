import { parseCitizenId } from '@healthaid/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { flushRegistryStats } from '../modules/indicators/registry-stats.ts';
import { DEMO_COUNTY_CODE } from './demo-accounts.ts';
import { seedDemoPopulationIfEmpty } from './demo-population.ts';

let t: TestApp;
let loaded: Awaited<ReturnType<typeof seedDemoPopulationIfEmpty>>;
beforeAll(async () => {
  t = await createTestApp();
  loaded = await seedDemoPopulationIfEmpty(t.database, DEMO_COUNTY_CODE, { persons: 3_000 });
}, 120_000);
afterAll(async () => {
  await t.close();
});

const count = async (table: string) =>
  Number(
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db))
      .rows[0]?.n,
  );

describe('demo population loaded with COPY', () => {
  it('loads exactly the persons asked for, once, with their index, categories and incomes', async () => {
    expect(loaded?.persons).toBe(3_000);
    expect(loaded?.households).toBeGreaterThan(850);
    expect(await count('person')).toBe(3_000);
    expect(await count('person_id_index')).toBe(3_000);
    expect(await count('household')).toBe(loaded?.households);
    expect(await count('person_category')).toBe(loaded?.categories);
    expect(await count('household_income')).toBeGreaterThan((loaded?.households ?? 0) * 4);
    expect(await seedDemoPopulationIfEmpty(t.database, DEMO_COUNTY_CODE, { persons: 3_000 })).toBeNull();
  });

  it('keeps the identity sequences past the loaded ids, so ordinary inserts still work', async () => {
    const max = await sql<{ h: number; p: number }>`
      SELECT (SELECT max(id) FROM household)::int AS h, (SELECT max(id) FROM person)::int AS p`.execute(
      t.database.db,
    );
    const household = await t.database.db
      .insertInto('household')
      .values({ county_code: '130321', household_no: 'X-1', village_code: '130321100201' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(household.id).toBeGreaterThan(max.rows[0]?.h ?? 0);
    await t.database.db.deleteFrom('household').where('id', '=', household.id).execute();
    await flushRegistryStats(t.database.db);
  });

  it('writes the registry aggregates a full recompute would write', async () => {
    const snapshot = async () =>
      (
        await sql<{ k: string; delta: number }>`
          SELECT village_code || metric || day AS k, sum(delta)::int AS delta FROM registry_count_delta
          GROUP BY 1 HAVING sum(delta) <> 0 ORDER BY 1`.execute(t.database.db)
      ).rows;
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(100);
    await sql`INSERT INTO registry_stats_dirty SELECT county_code, 'h' || id FROM household ON CONFLICT DO NOTHING`.execute(
      t.database.db,
    );
    expect(await flushRegistryStats(t.database.db)).toBe(loaded?.households);
    expect(await snapshot()).toEqual(before);
  });

  it('places persons in real villages with valid IDs, visible through the scoped API', async () => {
    const sample = await t.database.db
      .selectFrom('person as p')
      .innerJoin('region as r', 'r.code', 'p.village_code')
      .select(['p.id_number', 'r.level', 'p.sex', 'p.birth_date'])
      .execute();
    expect(sample).toHaveLength(3_000);
    for (const row of sample) {
      expect(row.level).toBe('village');
      const parsed = parseCitizenId(row.id_number, { today: '2026-11-23' });
      expect(parsed.ok && parsed.value.birthDate === row.birth_date && parsed.value.sex === row.sex).toBe(
        true,
      );
    }
    const township = await t.login('township');
    const response = await t.as(township, { method: 'GET', url: '/api/v1/persons?pageSize=5' });
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBeGreaterThan(50);
    for (const person of response.json().items) {
      expect(person.villageCode.startsWith('130321100')).toBe(true);
    }
    const doctorVillage = await t.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_code', '=', '130321100201')
      .executeTakeFirstOrThrow();
    expect(Number(doctorVillage.n)).toBeGreaterThan(0);
  });
});
