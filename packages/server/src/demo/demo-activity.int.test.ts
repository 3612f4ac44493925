import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/test-app.ts';
import { flushRegistryStats } from '../modules/indicators/registry-stats.ts';
import { DEMO_COUNTY_CODE } from './demo-accounts.ts';
import { seedDemoActivityIfEmpty } from './demo-activity.ts';
import { seedDemoPopulationIfEmpty } from './demo-population.ts';

let t: TestApp;
let county: Session;
let loaded: Awaited<ReturnType<typeof seedDemoActivityIfEmpty>>;
let activityMs = 0;

beforeAll(async () => {
  t = await createTestApp();
  // The same steps as seedDemoIfEmpty with the population enabled (createTestApp seeds accounts only).
  await seedDemoPopulationIfEmpty(t.database.db, DEMO_COUNTY_CODE);
  const started = performance.now();
  loaded = await seedDemoActivityIfEmpty(t.database.db, DEMO_COUNTY_CODE);
  activityMs = performance.now() - started;
  await flushRegistryStats(t.database.db);
  county = await t.login('county');
}, 120_000);
afterAll(async () => {
  await t.close();
});

type Figure = { numerator: number; denominator: number | null; display: string };
const PERIOD = 'region=130321&from=2026-01-01&to=2026-11-01';

describe('demo activity seed', () => {
  it('loads plausible activity once, quickly', async () => {
    console.info(`demo activity: ${Math.round(activityMs)} ms`, loaded);
    expect(loaded).not.toBeNull();
    const c = loaded as NonNullable<typeof loaded>;
    expect(c.diagnoses).toBeGreaterThan(1_500);
    expect(c.verified / c.diagnoses).toBeGreaterThan(0.7);
    expect(c.rejected).toBeGreaterThan(0);
    expect(c.treatmentCases).toBeGreaterThan(20);
    expect(c.teams).toBeGreaterThan(5);
    expect(c.contracts).toBeGreaterThan(3_000);
    expect(c.enrolments).toBeGreaterThan(500);
    expect(c.visits).toBeGreaterThan(2 * c.enrolments * 0.8);
    expect(c.fulfilments).toBeGreaterThan(c.visits * 0.5);
    expect(c.settlements).toBeGreaterThan(200);
    expect(c.settlements).toBeLessThanOrEqual(300);
    // ~1–2 s standalone on PGlite; the margin absorbs a loaded machine running files in parallel.
    expect(activityMs).toBeLessThan(30_000);
    expect(await seedDemoActivityIfEmpty(t.database.db, DEMO_COUNTY_CODE)).toBeNull();
  });

  it.each([
    ['contract_rate', 0.5, 0.95],
    ['bp_control_rate', 0.4, 0.9],
    ['diagnosis_verification_rate', 0.6, 1],
    ['major_disease_treatment_rate', 0.4, 1],
  ])('%s for the county is a real ratio in [%d, %d]', async (code, low, high) => {
    const response = await t.as(county, { method: 'GET', url: `/api/v1/indicators/${code}?${PERIOD}` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ isAvailable: boolean; value: Figure | null }>();
    expect(body.isAvailable).toBe(true);
    const value = body.value as Figure;
    expect(value.denominator).toBeGreaterThan(0);
    const ratio = value.numerator / (value.denominator as number);
    expect(ratio).toBeGreaterThanOrEqual(low);
    expect(ratio).toBeLessThanOrEqual(high);
  });

  it('counts the one-stop settlements of the year', async () => {
    const response = await t.as(county, {
      method: 'GET',
      url: `/api/v1/indicators/one_stop_settlements?${PERIOD}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ isAvailable: boolean; value: Figure | null }>();
    expect(body.isAvailable).toBe(true);
    expect(body.value?.numerator).toBeGreaterThan(200);
  });

  it('fills the dashboard key figures', async () => {
    const response = await t.as(county, { method: 'GET', url: `/api/v1/dashboard?${PERIOD}` });
    expect(response.statusCode, response.body).toBe(200);
    const figures = response.json<{
      keyFigures: { code: string; isAvailable: boolean; value: Figure | null }[];
    }>().keyFigures;
    const missing = figures.filter((f) => f.isAvailable && (f.value === null || f.value.numerator === 0));
    expect(missing.map((f) => f.code)).toEqual([]);
    expect(figures.find((f) => f.code === 'contract_rate')?.value?.numerator).toBeGreaterThan(0);
  });
});

describe('roll-up consistency on the demo county', () => {
  it('every available indicator of the county equals the sum of its townships (numerator and denominator)', async () => {
    const session = await t.login('county');
    const catalogue = await t.as(session, { method: 'GET', url: '/api/v1/indicators' });
    const codes = catalogue
      .json<{ items: { code: string; isAvailable: boolean }[] }>()
      .items.filter((i) => i.isAvailable)
      .map((i) => i.code);
    expect(codes.length).toBeGreaterThanOrEqual(20);
    for (const code of codes) {
      const response = await t.as(session, {
        method: 'GET',
        url: `/api/v1/indicators/${code}?region=130321&from=2026-01-01&to=2026-11-01&children=true`,
      });
      expect(response.statusCode, `${code}: ${response.body}`).toBe(200);
      const body = response.json<{
        value: { numerator: number; denominator: number | null };
        children: { value: { numerator: number; denominator: number | null } }[];
      }>();
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
  });
});
