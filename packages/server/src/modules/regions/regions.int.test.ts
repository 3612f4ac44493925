import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('region data loaded by the migrations', () => {
  it('holds all provinces, cities, counties, townships and the shipped villages', async () => {
    const rows = await t.database.db
      .selectFrom('region')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .execute();
    const counts = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
    expect(counts.province).toBe(31);
    expect(counts.city).toBeGreaterThan(330);
    expect(counts.county).toBeGreaterThan(2900);
    expect(counts.township).toBeGreaterThan(41_000);
    expect(counts.village).toBe(406 + 2494);
  });

  it('hangs townships of county-less cities (东莞) under the city', async () => {
    const row = await t.database.db
      .selectFrom('region')
      .select(['parent_code', 'county_code'])
      .where('code', '=', '441900003000')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ parent_code: '441900000000', county_code: '441900' });
  });
});

describe('GET /regions/{code}/children, scoped', () => {
  it('lists a county’s townships for a county user, with hasChildren', async () => {
    const session = await t.login('county');
    const response = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321/children' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as {
      code: string;
      name: string;
      level: string;
      hasChildren: boolean;
    }[];
    expect(items.length).toBe(25);
    expect(items.find((i) => i.code === '130321100000')).toMatchObject({
      name: '青龙镇',
      level: 'township',
      hasChildren: true,
    });
  });

  it('keeps a township user inside his township', async () => {
    const session = await t.login('township');
    const scope = await t.as(session, { method: 'GET', url: '/api/v1/regions/scope' });
    expect(scope.json()).toMatchObject({ code: '130321100000', name: '青龙镇', level: 'township' });
    expect(scope.json().path).toEqual([{ code: '130321100000', name: '青龙镇', level: 'township' }]);
    const own = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321100/children' });
    expect(own.statusCode).toBe(200);
    const other = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321101/children' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
    const parent = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321/children' });
    expect(parent.statusCode).toBe(403);
    const missing = await t.as(session, { method: 'GET', url: '/api/v1/regions/130321100999' });
    expect([403, 404]).toContain(missing.statusCode);
  });

  it.each([
    'abc',
    '1303211',
    "13'; drop table region;--",
    '1'.repeat(13),
  ])('refuses malformed code %j', async (code) => {
    const session = await t.login('county');
    const response = await t.as(session, {
      method: 'GET',
      url: `/api/v1/regions/${encodeURIComponent(code)}/children`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('行政区划代码');
  });

  it('requires a login', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/regions/130321/children' });
    expect(response.statusCode).toBe(401);
  });
});
