import { checkScreeningEligibility, type ScreeningProgramme } from '@healthaid/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/test-app.ts';
import { refreshPlannerStatistics } from '../db/planner-statistics.ts';
import { DEMO_COUNTY_CODE } from './demo-accounts.ts';
import { seedDemoPopulationIfEmpty } from './demo-population.ts';
import { seedDemoSupportIfEmpty } from './demo-support.ts';

let t: TestApp;
let county: Session;
let loaded: Awaited<ReturnType<typeof seedDemoSupportIfEmpty>>;
let supportMs = 0;
/** A ninth of the demo county: volumes scale with the registry. */
const PERSONS = 8_000;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoPopulationIfEmpty(t.database, DEMO_COUNTY_CODE, { persons: PERSONS });
  const started = performance.now();
  loaded = await seedDemoSupportIfEmpty(t.database.db, DEMO_COUNTY_CODE);
  supportMs = performance.now() - started;
  // As seedDemoIfEmpty does after loading (PGlite has no autovacuum).
  await refreshPlannerStatistics(t.database.db);
  county = await t.login('county');
}, 300_000);
afterAll(async () => {
  await t.close();
});

type Figure = { numerator: number; denominator: number | null };
const PERIOD = 'region=130321&from=2026-01-01&to=2026-11-01';
const CODES = [
  'cervical_screening_rate',
  'breast_screening_rate',
  'prenatal_screening_rate',
  'prenatal_ultrasound_screening_rate',
  'newborn_screening_rate',
  'newborn_hearing_screening_rate',
  'visit_coverage_rate',
  'policy_awareness_rate',
  'health_kits_distributed',
];

describe('demo screening and household-support data', () => {
  it('loads plausible volumes once', async () => {
    console.info(`demo support: ${Math.round(supportMs)} ms`, loaded);
    const c = loaded as NonNullable<typeof loaded>;
    expect(c.campaigns).toBe(3);
    // Residents ≈ 3 × the registry: ~200 live births and ~350 two-cancer tasks a year at this size.
    expect(c.screenings).toBeGreaterThan(PERSONS * 0.2);
    expect(c.screenings).toBeLessThan(PERSONS * 0.5);
    expect(c.visits).toBeGreaterThan(PERSONS * 0.3);
    expect(c.surveys).toBeGreaterThan(c.visits * 0.3);
    expect(c.kits).toBeGreaterThan(c.visits * 0.3);
    expect(await seedDemoSupportIfEmpty(t.database.db, DEMO_COUNTY_CODE)).toBeNull();
  });

  it('gives every indicator a real value for the year so far', { timeout: 300_000 }, async () => {
    const ranges: Record<string, [number, number]> = {
      cervical_screening_rate: [0.6, 1],
      breast_screening_rate: [0.6, 1],
      prenatal_screening_rate: [0.6, 1],
      newborn_screening_rate: [0.6, 1],
      visit_coverage_rate: [0.9, 1],
      policy_awareness_rate: [0.75, 1],
    };
    for (const [code, [low, high]] of Object.entries(ranges)) {
      const response = await t.as(county, { method: 'GET', url: `/api/v1/indicators/${code}?${PERIOD}` });
      const value = response.json<{ value: Figure }>().value;
      const ratio = value.numerator / (value.denominator as number);
      expect(
        { code, ok: ratio >= low && ratio <= high },
        `${code}: ${value.numerator}/${value.denominator}`,
      ).toEqual({
        code,
        ok: true,
      });
    }
    const kits = await t.as(county, {
      method: 'GET',
      url: `/api/v1/indicators/health_kits_distributed?${PERIOD}`,
    });
    expect(kits.json<{ value: Figure }>().value.numerator).toBeGreaterThan(PERSONS * 0.1);
  });

  it('rolls up: the county equals the sum of its townships', { timeout: 300_000 }, async () => {
    for (const code of CODES) {
      const response = await t.as(county, {
        method: 'GET',
        url: `/api/v1/indicators/${code}?${PERIOD}&children=true`,
      });
      const body = response.json<{ value: Figure; children: { value: Figure }[] }>();
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

  it('writes only records the entry rules accept, counted once per person, programme and year', async () => {
    const rows = await t.database.db
      .selectFrom('screening_record')
      .select([
        'programme',
        'method',
        'sex',
        'birth_date',
        'screened_on',
        'gestational_days',
        'birth_time',
        'screened_time',
      ])
      .execute();
    const refused = rows.filter(
      (r) =>
        !checkScreeningEligibility({
          programme: r.programme as ScreeningProgramme,
          method: r.method,
          sex: r.sex,
          birthDate: r.birth_date,
          screenedOn: r.screened_on,
          gestationalDays: r.gestational_days,
          birthTime: r.birth_time,
          screenedTime: r.screened_time,
        }).isEligible,
    );
    expect(refused).toEqual([]);
    const uncounted = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT programme, subject_key, screening_year FROM screening_record WHERE NOT is_voided
        GROUP BY 1, 2, 3 HAVING count(*) FILTER (WHERE is_counted) <> 1) x`.execute(t.database.db);
    expect(uncounted.rows[0]?.n).toBe(0);
    const rechecks = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM screening_record WHERE NOT is_counted`.execute(t.database.db);
    expect(rechecks.rows[0]?.n).toBeGreaterThan(0);
  });
});
