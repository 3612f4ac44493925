import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSmallRegistry } from '../../../test/fixtures/small-registry.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let county: Session;
let township: Session;

beforeAll(async () => {
  t = await createTestApp();
  await seedSmallRegistry(t.database.db);
  county = await t.login('county');
  township = await t.login('township');
});

afterAll(async () => {
  await t.close();
});

type Segment = { type: 'text' | 'figure'; text: string; code?: string; isMissing?: boolean };
type Rendered = {
  region: { name: string };
  report: { title: string; sections: { heading: string; paragraphs: Segment[][] }[]; missingCount: number };
};

const joined = (paragraph: Segment[] | undefined) => (paragraph ?? []).map((s) => s.text).join('');

describe('work reports', () => {
  it('generates the default report from live figures, with provenance and missing data flagged', async () => {
    const response = await t.as(county, {
      method: 'GET',
      url: '/api/v1/reports/generate?region=130321&from=2026-01-01&to=2026-11-23',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<Rendered>();
    expect(body.report.title).toBe('青龙满族自治县卫健局健康扶贫工作总结汇报（2026-01-01至2026-11-23）');
    expect(joined(body.report.sections[0]?.paragraphs[0])).toBe(
      '青龙满族自治县现有建档立卡贫困户3户，6人。其中因病致贫2户，4人，占贫困户的66.67%。现有监测对象2户，2人。',
    );
    const figures = body.report.sections
      .flatMap((s) => s.paragraphs.flat())
      .filter((s) => s.type === 'figure');
    expect(figures.find((f) => f.code === 'poor_households')).toMatchObject({ text: '3', isMissing: false });
    // Modules without data sources yet are flagged, never printed as 0.
    expect(figures.find((f) => f.code === 'rectification_rate')).toMatchObject({
      text: '【缺数据】',
      isMissing: true,
    });
    expect(body.report.missingCount).toBe(figures.filter((f) => f.isMissing).length);
  });

  it('scopes figures to the caller: a township user gets his township', async () => {
    const response = await t.as(township, { method: 'GET', url: '/api/v1/reports/generate?to=2026-11-23' });
    const body = response.json<Rendered>();
    expect(body.region.name).toBe('青龙镇');
    expect(joined(body.report.sections[0]?.paragraphs[0])).toContain('现有建档立卡贫困户2户，4人');
    const other = await t.as(township, { method: 'GET', url: '/api/v1/reports/generate?region=130321101' });
    expect(other.statusCode).toBe(403);
  });

  it('saves an edited template, refuses unknown placeholders with their place, and renders it', async () => {
    const bad = await t.as(county, {
      method: 'POST',
      url: '/api/v1/reports/templates',
      payload: {
        name: '简报',
        body: { title: '简报', sections: [{ heading: '一', paragraphs: ['共{{poor_househlds}}户'] }] },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe(
      '模板有 1 处错误：第1节第1段 {{poor_househlds}}：未知的指标“poor_househlds”',
    );

    const created = await t.as(county, {
      method: 'POST',
      url: '/api/v1/reports/templates',
      payload: {
        name: '简报<script>',
        body: {
          title: '{{region}}简报',
          sections: [{ heading: '概况', paragraphs: ['共{{poor_households}}户<b>{{poor_persons}}</b>人'] }],
        },
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number }>().id;
    const list = await t.as(county, { method: 'GET', url: '/api/v1/reports/templates' });
    expect(list.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toContain('简报<script>');

    const html = await t.as(county, {
      method: 'GET',
      url: `/api/v1/reports/generate.html?templateId=${id}&region=130321&to=2026-11-23`,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    // Template text is escaped; figures carry their source.
    expect(html.body).toContain(
      '共<span class="figure" title="建档立卡户数：区划 130321000000，2026-01-01 至 2026-11-23">3</span>',
    );
    expect(html.body).toContain('户&lt;b&gt;');
    expect(html.body).not.toContain('<b>');

    const docx = await t.as(county, {
      method: 'GET',
      url: `/api/v1/reports/generate.docx?templateId=${id}&region=130321&to=2026-11-23`,
    });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(String(docx.headers['content-disposition'])).toContain('filename*=UTF-8');

    const audits = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['report_template.create', 'report.generate'])
      .execute();
    expect(audits.map((a) => a.action).sort()).toEqual([
      'report.generate',
      'report.generate',
      'report_template.create',
    ]);
  });

  it('previews an unsaved template and keeps the built-in template undeletable', async () => {
    const preview = await t.as(county, {
      method: 'POST',
      url: '/api/v1/reports/preview',
      payload: {
        body: {
          title: 't',
          sections: [
            {
              heading: 'h',
              paragraphs: [
                '{{illness_poor_household_share.numerator}}/{{illness_poor_household_share.denominator}}',
              ],
            },
          ],
        },
        region: '130321',
        to: '2026-11-23',
      },
    });
    expect(joined(preview.json<Rendered>().report.sections[0]?.paragraphs[0])).toBe('2/3');
    const del = await t.as(county, { method: 'DELETE', url: '/api/v1/reports/templates/0' });
    expect(del.statusCode).toBe(400);
    expect(del.json().error.message).toBe('默认模板不能删除');
  });
});
