import { parseCitizenId } from '@healthaid/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { DEMO_COUNTY_CODE } from './demo-accounts.ts';
import { seedDemoPopulationIfEmpty } from './demo-population.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('demo population seed', () => {
  it('loads the full demo county (2,000 households) quickly, once', async () => {
    const started = performance.now();
    const loaded = await seedDemoPopulationIfEmpty(t.database.db, DEMO_COUNTY_CODE);
    const ms = performance.now() - started;
    expect(loaded?.households).toBe(2_000);
    expect(loaded?.persons).toBeGreaterThan(5_500);
    expect(loaded?.persons).toBeLessThan(6_500);
    // ~2 s standalone on PGlite; the margin absorbs a loaded CI machine running test files in parallel.
    expect(ms).toBeLessThan(30_000);
    expect(await seedDemoPopulationIfEmpty(t.database.db, DEMO_COUNTY_CODE)).toBeNull();
    const index = await t.database.db
      .selectFrom('person_id_index')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(index.n)).toBe(loaded?.persons);
  });

  it('places persons in real villages with valid IDs, visible through the scoped API', async () => {
    const sample = await t.database.db
      .selectFrom('person as p')
      .innerJoin('region as r', 'r.code', 'p.village_code')
      .select(['p.id_number', 'r.level'])
      .limit(200)
      .execute();
    for (const row of sample) {
      expect(row.level).toBe('village');
      expect(parseCitizenId(row.id_number, { today: '2026-11-23' }).ok).toBe(true);
    }
    const township = await t.login('township');
    const response = await t.as(township, { method: 'GET', url: '/api/v1/persons?pageSize=5' });
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBeGreaterThan(50);
    for (const person of response.json().items) {
      expect(person.villageCode.startsWith('130321100')).toBe(true);
    }
  });
});
