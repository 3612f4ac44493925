import { chinaDateOf } from '@healthaid/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

const COUNTY = '130321';
const today = chinaDateOf(new Date());

let t: TestApp;
let county: Session;
let township: Session;
let viewer: Session;
let adult = 0;
let child = 0;
let adultDx = 0;

type Catalog = {
  code: string;
  status: string;
  source: string;
  canEdit: boolean;
  items: { code: string }[];
  resolvedItems: { code: string; isInherited: boolean }[];
  problems: string[];
  runs: { moves: number; changes: number }[];
};
type Preview = {
  moves: number;
  persons: number;
  counts: { from: string | null; to: string | null; count: number }[];
  items: {
    personName: string;
    diagnosisName: string;
    fromLabel: string;
    toLabel: string;
    toItemName: string;
  }[];
};

const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });
const send = (s: Session, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.as(s, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
const message = (res: { json: <T>() => T }) => res.json<{ error: { message: string } }>().error.message;

let serial = 0;
async function personWithVerifiedDiagnosis(name: string, birthDate: string, icdCode: string) {
  serial += 1;
  const person = await t.database.db
    .insertInto('person')
    .values({
      county_code: COUNTY,
      id_number: `${COUNTY}${birthDate.replaceAll('-', '')}${String(800 + serial)}X`,
      name,
      sex: 'M',
      birth_date: birthDate,
      village_code: '130321100201',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dx = await send(county, 'POST', `/api/v1/persons/${person.id}/diagnoses`, {
    icdCode,
    diagnosedOn: '2025-05-01',
    source: 'clinic_visit',
  });
  const id = dx.json<{ id: number }>().id;
  expect((await send(county, 'POST', `/api/v1/diagnoses/${id}/verify`, { to: 'verified' })).statusCode).toBe(
    200,
  );
  return { personId: person.id, diagnosisId: id };
}

beforeAll(async () => {
  t = await createTestApp();
  [county, township, viewer] = await Promise.all([t.login('county'), t.login('township'), t.login('viewer')]);
  ({ personId: adult, diagnosisId: adultDx } = await personWithVerifiedDiagnosis(
    '孙肝病',
    '1960-01-01',
    'K74.600',
  ));
  ({ personId: child } = await personWithVerifiedDiagnosis('孙小肝', '2015-06-01', 'K74.600'));
});
afterAll(async () => {
  await t.close();
});

describe('catalogue drafts', () => {
  it('lists the shipped versions to everyone and refuses to edit them', async () => {
    const list = (await get(viewer, '/api/v1/disease-catalogs')).json<Catalog[]>();
    expect(list.filter((c) => c.source === 'builtin').map((c) => c.code)).toEqual(
      expect.arrayContaining(['national-major-2017', 'national-major-2020', 'yancheng-major-2021']),
    );
    expect(list.every((c) => !c.canEdit)).toBe(true);
    const edit = await send(county, 'PUT', '/api/v1/disease-catalogs/national-major-2020/items', {
      code: 'x',
      name: 'x',
      icdPatterns: ['C15'],
    });
    expect(edit.statusCode).toBe(409);
    expect(message(edit)).toContain('不能修改；如需调整，请以它为基础新建草稿');
  });

  it('creates a local list extending the 2020 national one, with items validated in Chinese', async () => {
    const created = await send(county, 'POST', '/api/v1/disease-catalogs', {
      mode: 'extend',
      sourceCode: 'national-major-2020',
      code: 'qinglong-major-2025',
      name: '青龙满族自治县大病专项救治病种（本地扩展）',
      version: '2025',
      effectiveFrom: '2025-01-01',
    });
    expect(created.statusCode).toBe(201);
    const draft = created.json<Catalog>();
    expect(draft).toMatchObject({ status: 'draft', canEdit: true, items: [] });
    expect(draft.resolvedItems.length).toBe(30);
    expect(draft.resolvedItems.every((i) => i.isInherited)).toBe(true);

    const bad = await send(county, 'PUT', '/api/v1/disease-catalogs/qinglong-major-2025/items', {
      code: 'liver-cirrhosis',
      name: '肝硬化',
      icdPatterns: ['K7'],
      ageRule: { minAge: 18 },
    });
    expect(bad.statusCode).toBe(400);
    expect(message(bad)).toContain('ICD匹配规则格式无效');

    const added = await send(county, 'PUT', '/api/v1/disease-catalogs/qinglong-major-2025/items', {
      code: 'liver-cirrhosis',
      name: '肝硬化',
      icdPatterns: ['K74'],
      ageRule: { minAge: 18 },
    });
    expect(added.statusCode).toBe(200);
    expect(added.json<Catalog>().items.map((i) => i.code)).toEqual(['liver-cirrhosis']);
    expect(added.json<Catalog>().problems).toEqual([]);

    const badDates = await send(county, 'PATCH', '/api/v1/disease-catalogs/qinglong-major-2025', {
      effectiveTo: '2024-12-31',
    });
    expect(badDates.statusCode).toBe(400);
    expect(message(badDates)).toContain('失效日期不能早于生效日期');
  });

  it('keeps drafts to county editors of the region', async () => {
    expect(
      (await get(viewer, '/api/v1/disease-catalogs')).json<Catalog[]>().some((c) => c.status === 'draft'),
    ).toBe(false);
    expect((await get(viewer, '/api/v1/disease-catalogs/qinglong-major-2025')).statusCode).toBe(404);
    expect(
      (
        await send(township, 'PUT', '/api/v1/disease-catalogs/qinglong-major-2025/items', {
          code: 'a',
          name: 'a',
          icdPatterns: ['C15'],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await get(township, '/api/v1/disease-catalogs/qinglong-major-2025/reclassification')).statusCode,
    ).toBe(403);
  });
});

describe('re-classification diff and publishing', () => {
  it('previews who moves where: the adult to 大病集中救治, the child (age rule) stays', async () => {
    const preview = await get(county, '/api/v1/disease-catalogs/qinglong-major-2025/reclassification');
    expect(preview.statusCode).toBe(200);
    const body = preview.json<Preview>();
    expect(body.moves).toBe(1);
    expect(body.counts).toEqual([
      {
        from: 'chronic_contract',
        to: 'major_treatment',
        count: 1,
        fromLabel: '慢病签约服务管理一批',
        toLabel: '大病集中救治一批',
      },
    ]);
    expect(body.items).toEqual([
      expect.objectContaining({
        personName: '孙肝病',
        diagnosisName: '肝硬化',
        fromLabel: '慢病签约服务管理一批',
        toLabel: '大病集中救治一批',
        toItemName: '肝硬化',
      }),
    ]);
    // Nothing is applied by a preview.
    const stored = await t.database.db
      .selectFrom('diagnosis')
      .select('disease_line')
      .where('id', '=', adultDx)
      .executeTakeFirstOrThrow();
    expect(stored.disease_line).toBe('chronic_contract');
  });

  it('refuses to publish when the data changed since the preview, and changes nothing', async () => {
    const res = await send(county, 'POST', '/api/v1/disease-catalogs/qinglong-major-2025/publish', {
      expectedMoves: 5,
    });
    expect(res.statusCode).toBe(409);
    expect(message(res)).toContain('请重新预览后再发布');
    const row = await t.database.db
      .selectFrom('disease_catalog')
      .select('status')
      .where('code', '=', 'qinglong-major-2025')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
  });

  it('publishes and applies the re-classification in one transaction, with history and audit', async () => {
    const res = await send(county, 'POST', '/api/v1/disease-catalogs/qinglong-major-2025/publish', {
      expectedMoves: 1,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<Catalog & { applied: { moves: number } }>();
    expect(body).toMatchObject({ status: 'published', canEdit: false, applied: { moves: 1 } });
    expect(body.runs).toEqual([expect.objectContaining({ moves: 1 })]);

    const classification = await get(county, `/api/v1/persons/${adult}/classification`);
    expect(
      classification.json<{ personDiseases: { line: string; itemName: string }[] }>().personDiseases,
    ).toEqual([expect.objectContaining({ line: 'major_treatment', itemName: '肝硬化' })]);
    const childLine = await get(county, `/api/v1/persons/${child}/classification`);
    expect(
      childLine.json<{ personDiseases: { line: string; reason: string }[] }>().personDiseases[0],
    ).toMatchObject({
      line: 'chronic_contract',
      reason: expect.stringContaining('诊断时年龄9岁'),
    });
    const changes = await t.database.db
      .selectFrom('classification_change')
      .select(['person_id', 'from_line', 'to_line', 'to_item_name'])
      .execute();
    expect(changes).toEqual([
      { person_id: adult, from_line: 'chronic_contract', to_line: 'major_treatment', to_item_name: '肝硬化' },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'disease_catalog.published')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ moves: 1 });

    // The person-disease can now open a ledger case.
    const opened = await send(county, 'POST', '/api/v1/treatment-cases', {
      personId: adult,
      personDiseaseKey: 'major_treatment:liver-cirrhosis',
    });
    expect(opened.statusCode).toBe(201);
  });

  it('never changes a published version: refused by the service and by the database', async () => {
    const edit = await send(county, 'PUT', '/api/v1/disease-catalogs/qinglong-major-2025/items', {
      code: 'x',
      name: 'x',
      icdPatterns: ['C15'],
    });
    expect(edit.statusCode).toBe(409);
    expect(message(edit)).toContain('已发布，不能修改');
    expect((await send(county, 'DELETE', '/api/v1/disease-catalogs/qinglong-major-2025')).statusCode).toBe(
      409,
    );
    await expect(
      sql`UPDATE disease_catalog SET name = 'x' WHERE code = 'qinglong-major-2025'`.execute(t.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`DELETE FROM disease_catalog WHERE code = 'qinglong-major-2025'`.execute(t.database.db),
    ).rejects.toThrow(/immutable/);
  });

  it('derives a new version by copy; an effective date not after the last version is refused on publish', async () => {
    const copy = await send(county, 'POST', '/api/v1/disease-catalogs', {
      mode: 'copy',
      sourceCode: 'qinglong-major-2025',
      code: 'qinglong-major-2026',
      name: '青龙满族自治县大病专项救治病种（本地扩展）',
      version: '2026',
      effectiveFrom: '2024-12-31',
    });
    expect(copy.statusCode).toBe(201);
    expect(copy.json<Catalog>().items.map((i) => i.code)).toEqual(['liver-cirrhosis']);
    expect(copy.json<Catalog>().problems.join('')).toContain('必须晚于同系列最新已发布版本');
    const publish = await send(county, 'POST', '/api/v1/disease-catalogs/qinglong-major-2026/publish', {});
    expect(publish.statusCode).toBe(400);
    expect((await send(county, 'DELETE', '/api/v1/disease-catalogs/qinglong-major-2026')).statusCode).toBe(
      204,
    );
    expect((await get(county, '/api/v1/disease-catalogs/qinglong-major-2026')).statusCode).toBe(404);
    expect(today >= '2025-01-01').toBe(true);
  });
});

describe('who is ill with what', () => {
  type Ill = { name: string; diseases: { name: string; line: string | null; caseStatus: string | null }[] };
  it('lists persons of a village with every disease, line and ledger status, scoped by region', async () => {
    const res = await get(township, '/api/v1/ill-persons?region=130321100201');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Ill[] }>().items;
    expect(items.map((p) => p.name).sort()).toEqual(['孙小肝', '孙肝病']);
    expect(items.find((p) => p.name === '孙肝病')?.diseases).toEqual([
      expect.objectContaining({ name: '肝硬化', line: 'major_treatment', caseStatus: 'waiting' }),
    ]);
    const other = await get(county, '/api/v1/ill-persons?region=130321101');
    expect(other.json<{ total: number }>().total).toBe(0);
    expect((await get(township, '/api/v1/ill-persons?region=130321101')).statusCode).toBe(403);
    expect((await get(viewer, '/api/v1/ill-persons')).statusCode).toBe(403);
  });
});
