import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/test-app.ts';
import { refreshPlannerStatistics } from '../db/planner-statistics.ts';
import { DEMO_COUNTY_CODE } from './demo-accounts.ts';
import { seedDemoActivityIfEmpty } from './demo-activity.ts';
import { type DemoOversightCounts, seedDemoOversightIfEmpty } from './demo-oversight.ts';
import { seedDemoPopulationIfEmpty } from './demo-population.ts';

/** The supervision and early-warning demo on a small demo county (3,000 persons, same generators as the real one). */

let t: TestApp;
let county: Session;
let loaded: DemoOversightCounts | null;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoPopulationIfEmpty(t.database, DEMO_COUNTY_CODE, { persons: 3_000 });
  await seedDemoActivityIfEmpty(t.database, DEMO_COUNTY_CODE);
  await refreshPlannerStatistics(t.database.db);
  loaded = await seedDemoOversightIfEmpty(t.database.db, DEMO_COUNTY_CODE);
  county = await t.login('county');
}, 600_000);
afterAll(async () => {
  await t.close();
});

type Figure = { numerator: number; denominator: number | null };
const PERIOD = 'region=130321&from=2026-01-01&to=2026-11-01';

describe('supervision and early-warning demo', () => {
  it('loads a year of rounds with most problems closed and some open or overdue, once', async () => {
    console.info('demo oversight', loaded);
    const c = loaded as DemoOversightCounts;
    expect(c.rounds).toBe(5);
    expect(c.problems).toBeGreaterThan(40);
    expect(c.closedProblems / c.problems).toBeGreaterThan(0.7);
    expect(c.closedProblems).toBeLessThan(c.problems);
    const overdue = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM sv_problem WHERE status <> 'closed' AND deadline < '2026-11-01'`.execute(
      t.database.db,
    );
    expect(overdue.rows[0]?.n).toBeGreaterThan(0);
    expect(await seedDemoOversightIfEmpty(t.database.db, DEMO_COUNTY_CODE)).toBeNull();
  });

  it('raises warnings from the data with a realistic handling rate', async () => {
    const c = loaded as DemoOversightCounts;
    expect(c.runs).toBe(11);
    expect(c.warnings).toBeGreaterThan(20);
    const rate = c.disposedWarnings / c.warnings;
    expect(rate).toBeGreaterThan(0.6);
    expect(rate).toBeLessThan(0.97);
    const rules = await sql<{ rule_code: string }>`SELECT DISTINCT rule_code FROM ew_warning`.execute(
      t.database.db,
    );
    expect(rules.rows.map((r) => r.rule_code)).toEqual(
      expect.arrayContaining(['high_expense', 'low_income', 'monitored_no_measure']),
    );
    // Every disposed warning went through the domain machine: handled ones carry measures, excluded ones a reason.
    const broken = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ew_warning w
      WHERE (w.status = 'handled' AND NOT EXISTS (SELECT 1 FROM ew_measure m WHERE m.county_code = w.county_code AND m.warning_id = w.id))
         OR (w.status = 'excluded' AND w.reason IS NULL)`.execute(t.database.db);
    expect(broken.rows[0]?.n).toBe(0);
  });

  it('shows the figures through the indicator API, and townships add up to the county', async () => {
    for (const code of ['rectification_rate', 'relapse_warnings', 'warning_handling_rate']) {
      const response = await t.as(county, {
        method: 'GET',
        url: `/api/v1/indicators/${code}?${PERIOD}&children=true`,
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<{ value: Figure; children: { value: Figure }[] }>();
      expect(body.value.numerator).toBeGreaterThan(0);
      const sum = (part: 'numerator' | 'denominator') =>
        body.children.reduce((total, child) => total + (child.value[part] ?? 0), 0);
      expect({ code, numerator: sum('numerator') }).toEqual({ code, numerator: body.value.numerator });
      if (body.value.denominator !== null) {
        expect({ code, denominator: sum('denominator') }).toEqual({
          code,
          denominator: body.value.denominator,
        });
      }
    }
    const rate = (
      await t.as(county, { method: 'GET', url: `/api/v1/indicators/warning_handling_rate?${PERIOD}` })
    ).json<{ value: Figure }>().value;
    const c = loaded as DemoOversightCounts;
    expect(rate).toEqual(expect.objectContaining({ numerator: c.disposedWarnings, denominator: c.warnings }));
  });
});
