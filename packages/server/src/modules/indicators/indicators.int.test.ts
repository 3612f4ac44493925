import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSmallRegistry } from '../../../test/fixtures/small-registry.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

/** Figures computed by hand from the small registry fixture (see its comment). */
let t: TestApp;
let county: Session;
let township: Session;
let viewer: Session;

beforeAll(async () => {
  t = await createTestApp();
  await seedSmallRegistry(t.database.db);
  county = await t.login('county');
  township = await t.login('township');
  viewer = await t.login('viewer');
});

afterAll(async () => {
  await t.close();
});

const get = (session: Session, url: string) => t.as(session, { method: 'GET', url });

describe('indicators', () => {
  it('lists the catalogue with definitions and whether a source exists', async () => {
    const response = await get(county, '/api/v1/indicators');
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: { code: string; name: string; isAvailable: boolean }[] }>().items;
    expect(items.find((i) => i.code === 'poor_persons')).toMatchObject({
      name: '建档立卡人数',
      isAvailable: true,
    });
    expect(items.length).toBeGreaterThanOrEqual(35);
  });

  it.each([
    ['poor_persons', '2026-11-23', 6, null, '6'],
    ['poor_households', '2026-11-23', 3, null, '3'],
    ['illness_poor_households', '2026-11-23', 2, null, '2'],
    ['illness_poor_persons', '2026-11-23', 4, null, '4'],
    ['illness_poor_household_share', '2026-11-23', 2, 3, '66.67%'],
    ['monitored_persons', '2026-11-23', 2, null, '2'],
    ['monitored_households', '2026-11-23', 2, null, '2'],
    ['poor_persons', '2025-12-31', 8, null, '8'],
    ['illness_poor_household_share', '2025-12-31', 3, 4, '75.00%'],
  ])('%s on %s for the county = %i / %s', async (code, to, numerator, denominator, display) => {
    const response = await get(county, `/api/v1/indicators/${code}?region=130321&to=${to}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      code,
      region: { code: '130321000000', name: '青龙满族自治县' },
      to,
      isAvailable: true,
      value: { numerator, denominator, display },
    });
  });

  it('breaks a figure down by child region, listing every child', async () => {
    const response = await get(
      county,
      '/api/v1/indicators/poor_persons?region=130321&to=2026-11-23&children=true',
    );
    const children = response.json<{ children: { code: string; value: { numerator: number } }[] }>().children;
    expect(children.find((c) => c.code === '130321100000')?.value.numerator).toBe(4);
    expect(children.find((c) => c.code === '130321101000')?.value.numerator).toBe(2);
    expect(children.filter((c) => c.value.numerator === 0).length).toBe(children.length - 2);
  });

  it('keeps a township user to his township: defaults to it, refuses another', async () => {
    const own = await get(township, '/api/v1/indicators/poor_persons?to=2026-11-23');
    expect(own.json()).toMatchObject({ region: { code: '130321100000' }, value: { numerator: 4 } });
    const other = await get(township, '/api/v1/indicators/poor_persons?region=130321101&to=2026-11-23');
    expect(other.statusCode).toBe(403);
    const members = await get(
      township,
      '/api/v1/indicators/poor_persons/members?region=130321&to=2026-11-23',
    );
    expect(members.statusCode).toBe(403);
  });

  it('lists the persons behind a figure with masked ID numbers, paged', async () => {
    const response = await get(
      county,
      '/api/v1/indicators/illness_poor_persons/members?region=130321&to=2026-11-23&page=1&pageSize=3',
    );
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      total: number;
      items: { name: string; idNumber: string; villageName: string }[];
    }>();
    expect(body.total).toBe(4);
    expect(body.items).toHaveLength(3);
    expect(body.items[0]).toMatchObject({
      name: '张一',
      idNumber: '130321********0011',
      villageName: '大杖子村村民委员会',
    });
    const denominators = await get(
      county,
      '/api/v1/indicators/illness_poor_household_share/members?region=130321&to=2026-11-23&part=denominator',
    );
    expect(denominators.json<{ items: { householdNo: string }[] }>().items.map((i) => i.householdNo)).toEqual(
      ['H-A', 'H-B', 'H-D'],
    );
  });

  it('gives aggregates to a city viewer but no personal rows', async () => {
    const value = await get(viewer, '/api/v1/indicators/poor_persons?region=130321&to=2026-11-23');
    expect(value.statusCode).toBe(200);
    const members = await get(viewer, '/api/v1/indicators/poor_persons/members?region=130321&to=2026-11-23');
    expect(members.statusCode).toBe(403);
  });

  it('marks indicators without a source as unavailable instead of 0', async () => {
    // Any catalogue entry no module supplies yet (modules add their sources over time).
    const catalogue = (await get(county, '/api/v1/indicators')).json<{
      items: { code: string; isAvailable: boolean }[];
    }>();
    const unsupplied = catalogue.items.find((i) => !i.isAvailable);
    expect(unsupplied).toBeDefined();
    const response = await get(county, `/api/v1/indicators/${unsupplied?.code}?region=130321`);
    expect(response.json()).toMatchObject({ isAvailable: false, value: null });
  });

  it('explains bad requests in Chinese', async () => {
    expect((await get(county, '/api/v1/indicators/no_such')).json().error.message).toContain(
      '指标“no_such”不存在',
    );
    const period = await get(county, '/api/v1/indicators/poor_persons?from=2026-05-01&to=2026-01-01');
    expect(period.statusCode).toBe(400);
    expect(period.json().error.message).toContain('晚于结束日期');
    expect((await get(county, '/api/v1/indicators/poor_persons?to=2026-02-30')).statusCode).toBe(400);
    expect((await get(county, '/api/v1/indicators/poor_persons?region=abc')).statusCode).toBe(400);
  });

  it('exports the members to Excel and audits the export', async () => {
    const response = await get(
      county,
      '/api/v1/indicators/poor_persons/members.xlsx?region=130321&to=2026-11-23',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('action', '=', 'indicator.members_export')
      .execute();
    expect(audit).toEqual([{ action: 'indicator.members_export', entity_id: 'poor_persons' }]);
  });
});

describe('dashboard', () => {
  it('shows key figures, children, trend and distributions live, and reflects a write at once', async () => {
    const url = '/api/v1/dashboard?region=130321&from=2026-01-01&to=2026-11-23';
    const response = await get(county, url);
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      keyFigures: { code: string; isAvailable: boolean; value: { display: string } | null }[];
      children: { code: string; figures: Record<string, { numerator: number } | null> }[];
      trend: { month: string; poorPersons: number; monitoredPersons: number }[];
      categories: { key: string; count: number }[];
      causes: { label: string; count: number }[];
    }>();
    expect(body.keyFigures.find((f) => f.code === 'poor_persons')?.value?.display).toBe('6');
    // No settlements yet: a real 0 (not a missing figure).
    expect(body.keyFigures.find((f) => f.code === 'one_stop_settlements')).toMatchObject({
      isAvailable: true,
      value: { numerator: 0 },
    });
    expect(body.children.find((c) => c.code === '130321100000')?.figures.poor_persons?.numerator).toBe(4);
    expect(body.trend.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    // 张三 died on 2026-06-01: counted at the end of May, not at the end of June.
    expect(body.trend[4]?.poorPersons).toBe(7);
    expect(body.trend[5]?.poorPersons).toBe(6);
    // 李二 became 监测对象 on 2026-03-01.
    expect(body.trend[1]?.monitoredPersons).toBe(1);
    expect(body.trend[2]?.monitoredPersons).toBe(2);
    expect(body.categories).toEqual(
      expect.arrayContaining([
        { key: 'poor_registered', label: '建档立卡贫困人口', count: 4 },
        { key: 'monitored', label: '监测对象', count: 2 },
      ]),
    );
    expect(body.causes).toEqual([
      { key: '因病', label: '因病', count: 2 },
      { key: '因学', label: '因学', count: 1 },
    ]);

    // A new 监测对象 shows up on the next request.
    const person = await t.database.db
      .selectFrom('person')
      .select('id')
      .where('name', '=', '赵一')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('person_category')
      .values({
        county_code: '130321',
        person_id: person.id,
        category: 'monitored',
        valid_from: '2026-11-01',
      })
      .execute();
    const after = (await get(county, url)).json<typeof body>();
    expect(after.keyFigures.find((f) => f.code === 'monitored_persons')?.value?.display).toBe('3');
  });

  it('refuses a region outside the caller scope', async () => {
    expect((await get(township, '/api/v1/dashboard?region=130321101')).statusCode).toBe(403);
  });
});

describe('statistics tables', () => {
  it('lists child regions with two-level headers, a total and ratios', async () => {
    const response = await get(
      county,
      '/api/v1/statistics/tables/registry_basic?region=130321&to=2026-11-23',
    );
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      groups: { title: string; columns: { key: string; title: string }[] }[];
      rows: { code: string; name: string; cells: Record<string, { display: string }> }[];
      total: { name: string; cells: Record<string, { display: string }> };
    }>();
    expect(body.groups.map((g) => g.title)).toEqual([
      '建档立卡（含脱贫）',
      '其中：因病致贫',
      '监测对象',
      '按人员类别（人）',
    ]);
    const qinglong = body.rows.find((r) => r.code === '130321100000');
    expect(qinglong?.cells.poor_persons?.display).toBe('4');
    expect(qinglong?.cells.illness_share?.display).toBe('50.00%');
    expect(body.rows.find((r) => r.name === '都阳路街道')?.cells.illness_share?.display).toBe('—');
    // Totals are the county's figures (the dashboard test above added one 监测对象).
    expect(body.total.name).toBe('合计');
    expect(body.total.cells.poor_households?.display).toBe('3');
    expect(body.total.cells.illness_share?.display).toBe('66.67%');
  });

  it('exports the submitted layout to Excel and prints as HTML', async () => {
    const xlsx = await get(
      county,
      '/api/v1/statistics/tables/poverty_causes.xlsx?region=130321&to=2026-11-23',
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell('A1').value).toBe('青龙满族自治县建档立卡户致贫原因统计表');
    expect(sheet?.getCell('B3').value).toBe('合计');
    expect(sheet?.getCell('C3').value).toBe('主要致贫原因（户）');
    expect(sheet?.getCell('C4').value).toBe('因病');
    const totalRow = sheet?.getRow((sheet?.rowCount ?? 0) - 2);
    expect(totalRow?.getCell(1).value).toBe('合计');
    expect(totalRow?.getCell(2).value).toBe(3);
    expect(totalRow?.getCell(3).value).toBe(2);
    const html = await get(
      county,
      '/api/v1/statistics/tables/registry_basic.html?region=130321&to=2026-11-23',
    );
    expect(html.body).toContain('<th colspan="3">其中：因病致贫</th>');
    expect((await get(township, '/api/v1/statistics/tables/registry_basic?region=130321')).statusCode).toBe(
      403,
    );
    expect((await get(county, '/api/v1/statistics/tables/nope')).statusCode).toBe(404);
  });
});

describe('registry aggregates', () => {
  const COUNTS = [
    'poor_households',
    'poor_persons',
    'illness_poor_households',
    'illness_poor_persons',
    'monitored_households',
    'monitored_persons',
  ];
  type Figure = { value: { numerator: number; denominator: number | null } };
  type WithChildren = Figure & { children: ({ code: string } & Figure)[] };

  async function rollUp(code: string, region: string, to: string) {
    const body = (
      await get(county, `/api/v1/indicators/${code}?region=${region}&to=${to}&children=true`)
    ).json<WithChildren>();
    return {
      total: body.value.numerator,
      sum: body.children.reduce((n, c) => n + c.value.numerator, 0),
      byChild: new Map(body.children.map((c) => [c.code, c.value.numerator])),
    };
  }

  it.each(
    COUNTS,
  )('%s: the county is the sum of its townships, a township the sum of its villages', async (code) => {
    for (const to of ['2025-12-31', '2026-11-23']) {
      const countyFigure = await rollUp(code, '130321', to);
      if (to === '2026-11-23') {
        expect(countyFigure.total).toBeGreaterThan(0);
      }
      expect(countyFigure.sum).toBe(countyFigure.total);
      const township = await rollUp(code, '130321100', to);
      expect(township.sum).toBe(township.total);
      expect(township.total).toBe(countyFigure.byChild.get('130321100000'));
    }
  });

  it.each([
    ['130321', 'the county'],
    ['130321100', 'a township'],
  ])('gives every dashboard key figure of %s (%s) as the indicator API does', async (region) => {
    const period = `region=${region}&from=2026-01-01&to=2026-11-23`;
    const dashboard = (await get(county, `/api/v1/dashboard?${period}`)).json<{
      keyFigures: { code: string; isAvailable: boolean; value: unknown }[];
    }>();
    expect(dashboard.keyFigures.length).toBeGreaterThanOrEqual(9);
    for (const figure of dashboard.keyFigures) {
      const api = (await get(county, `/api/v1/indicators/${figure.code}?${period}`)).json<{
        isAvailable: boolean;
        value: unknown;
      }>();
      expect({ code: figure.code, isAvailable: figure.isAvailable, value: figure.value }).toEqual({
        code: figure.code,
        isAvailable: api.isAvailable,
        value: api.value,
      });
    }
  });

  it('moves figures between townships on the next dashboard read when a household moves', async () => {
    const url = '/api/v1/dashboard?region=130321&from=2026-01-01&to=2026-11-23';
    type Dashboard = {
      keyFigures: { code: string; value: { numerator: number } | null }[];
      children: { code: string; figures: Record<string, { numerator: number } | null> }[];
    };
    const read = async () => {
      const body = (await get(county, url)).json<Dashboard>();
      const child = (code: string, figure: string) =>
        body.children.find((c) => c.code === code)?.figures[figure]?.numerator;
      return {
        countyPoor: body.keyFigures.find((f) => f.code === 'poor_persons')?.value?.numerator,
        qinglong: child('130321100000', 'poor_persons'),
        zushan: child('130321101000', 'poor_persons'),
        childSum: body.children.reduce((n, c) => n + (c.figures.poor_persons?.numerator ?? 0), 0),
      };
    };
    expect(await read()).toEqual({ countyPoor: 6, qinglong: 4, zushan: 2, childSum: 6 });

    // Household D (2 poor persons) moves from 祖山镇 to 青龙镇 village 202.
    const db = t.database.db;
    const household = await db
      .selectFrom('household')
      .select('id')
      .where('household_no', '=', 'H-D')
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('household')
        .set({ village_code: '130321100202' })
        .where('id', '=', household.id)
        .execute();
      await trx
        .updateTable('person')
        .set({ village_code: '130321100202' })
        .where('household_id', '=', household.id)
        .execute();
    });
    expect(await read()).toEqual({ countyPoor: 6, qinglong: 6, zushan: 0, childSum: 6 });

    // A death lowers the figure from its date on (and only from then: the 2025 figure keeps him).
    const member = await db
      .selectFrom('person')
      .select('id')
      .where('household_id', '=', household.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('person')
      .set({ status: 'dead', status_date: '2026-10-01' })
      .where('id', '=', member.id)
      .execute();
    expect(await read()).toEqual({ countyPoor: 5, qinglong: 5, zushan: 0, childSum: 5 });
    expect((await rollUp('poor_persons', '130321', '2025-12-31')).total).toBe(8);
  });
});
