import { sql } from 'kysely';
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
/** A twelfth of the demo county: rates scale, the file stays quick on both engines. */
const PERSONS = 6_000;
const SCALE = PERSONS / 70_000;

beforeAll(async () => {
  t = await createTestApp();
  // The same steps as seedDemoIfEmpty with a smaller population (createTestApp seeds accounts only).
  await seedDemoPopulationIfEmpty(t.database, DEMO_COUNTY_CODE, { persons: PERSONS });
  const started = performance.now();
  loaded = await seedDemoActivityIfEmpty(t.database, DEMO_COUNTY_CODE);
  activityMs = performance.now() - started;
  await flushRegistryStats(t.database.db);
  county = await t.login('county');
}, 300_000);
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
    expect(c.diagnoses).toBeGreaterThan(PERSONS * 0.35);
    expect(c.verified / c.diagnoses).toBeGreaterThan(0.9);
    expect(c.rejected).toBeGreaterThan(0);
    // The source county: 719 大病 and 2,681 severe mental disorder patients among ~70,000.
    expect(c.majorPatients).toBeGreaterThan(719 * SCALE * 0.75);
    expect(c.majorPatients).toBeLessThan(719 * SCALE * 1.25);
    expect(c.mentalPatients).toBeGreaterThan(2_681 * SCALE * 0.85);
    expect(c.mentalPatients).toBeLessThan(2_681 * SCALE * 1.15);
    expect(c.treatmentCases).toBeGreaterThanOrEqual(c.majorPatients);
    expect(c.teams).toBeGreaterThan(5);
    expect(c.contracts).toBeGreaterThan(PERSONS * 0.8);
    expect(c.enrolments).toBeGreaterThan(PERSONS * 0.2);
    expect(c.visits).toBeGreaterThan(c.enrolments * 3);
    expect(c.fulfilments).toBeGreaterThan(c.visits * 0.8);
    expect(c.settlements).toBeGreaterThan(PERSONS * 0.06);
    expect(c.settlements).toBeLessThan(PERSONS * 0.14);
    // ~2–4 s standalone on PGlite; the margin absorbs a loaded machine running files in parallel.
    expect(activityMs).toBeLessThan(90_000);
    expect(await seedDemoActivityIfEmpty(t.database, DEMO_COUNTY_CODE)).toBeNull();
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
    // 签约率 is not a dashboard key figure (computed in memory, seconds for a county); the indicator API has it.
    const contracts = await t.as(county, {
      method: 'GET',
      url: `/api/v1/indicators/contract_rate?${PERIOD}`,
    });
    expect(contracts.statusCode, contracts.body).toBe(200);
    expect(contracts.json<{ value: Figure | null }>().value?.numerator).toBeGreaterThan(0);
  });
});

describe('demo activity integrity (loaded with COPY, triggers and key checks skipped where allowed)', () => {
  it('has no dangling references and keeps every identity sequence past the loaded ids', async () => {
    const orphans: [string, string][] = [
      [
        'person without household',
        'SELECT count(*) FROM person p WHERE p.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM household h WHERE h.county_code = p.county_code AND h.id = p.household_id)',
      ],
      [
        'category without person',
        'SELECT count(*) FROM person_category c WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.county_code = c.county_code AND p.id = c.person_id)',
      ],
      [
        'diagnosis without person',
        'SELECT count(*) FROM diagnosis d WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.county_code = d.county_code AND p.id = d.person_id)',
      ],
      [
        'case without diagnosis',
        'SELECT count(*) FROM treatment_case c WHERE NOT EXISTS (SELECT 1 FROM diagnosis d WHERE d.county_code = c.county_code AND d.id = c.first_diagnosis_id AND d.person_id = c.person_id)',
      ],
      [
        'event without case',
        'SELECT count(*) FROM treatment_case_event e WHERE NOT EXISTS (SELECT 1 FROM treatment_case c WHERE c.county_code = e.county_code AND c.id = e.case_id)',
      ],
      [
        'renewal without contract',
        'SELECT count(*) FROM fd_contract r WHERE r.renewed_from_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fd_contract c WHERE c.county_code = r.county_code AND c.id = r.renewed_from_id AND c.person_id = r.person_id)',
      ],
      [
        'visit without enrolment',
        'SELECT count(*) FROM fu_visit v WHERE NOT EXISTS (SELECT 1 FROM fu_enrolment e WHERE e.county_code = v.county_code AND e.id = v.enrolment_id AND e.person_id = v.person_id)',
      ],
      [
        'fulfilment outside its contract',
        'SELECT count(*) FROM fd_fulfilment f WHERE NOT EXISTS (SELECT 1 FROM fd_contract c WHERE c.county_code = f.county_code AND c.id = f.contract_id AND c.person_id = f.person_id AND f.service_date BETWEEN c.start_date AND c.end_date)',
      ],
      [
        'fulfilment without visit',
        'SELECT count(*) FROM fd_fulfilment f WHERE f.visit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fu_visit v WHERE v.county_code = f.county_code AND v.id = f.visit_id)',
      ],
      [
        'fulfilment without checkup',
        'SELECT count(*) FROM fd_fulfilment f WHERE f.checkup_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM health_checkup k WHERE k.county_code = f.county_code AND k.id = f.checkup_id)',
      ],
      [
        'settlement without person',
        "SELECT count(*) FROM settlement s WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.county_code = s.county_code AND p.id = s.person_id AND p.status = 'normal')",
      ],
      [
        'settlement without policy',
        'SELECT count(*) FROM settlement s WHERE NOT EXISTS (SELECT 1 FROM policy_set p WHERE p.id = s.policy_set_id)',
      ],
    ];
    for (const [what, query] of orphans) {
      const { rows } = await sql.raw<{ count: number }>(query).execute(t.database.db);
      expect({ what, count: Number(rows[0]?.count) }).toEqual({ what, count: 0 });
    }
    for (const table of [
      'household',
      'person',
      'person_category',
      'diagnosis',
      'treatment_case',
      'fd_contract',
      'fu_enrolment',
      'fu_visit',
      'health_checkup',
      'fd_fulfilment',
      'settlement',
    ]) {
      const { rows } = await sql<{ max: number; next: number }>`
        SELECT (SELECT max(id) FROM ${sql.table(table)})::bigint AS max,
          nextval(pg_get_serial_sequence(${table}, 'id'))::bigint AS next`.execute(t.database.db);
      expect({ table, ok: Number(rows[0]?.next) > Number(rows[0]?.max) }).toEqual({ table, ok: true });
    }
  });

  it('gives the demo doctor’s village a due list with overdue patients', async () => {
    const doctor = await t.login('doctor');
    const response = await t.as(doctor, {
      method: 'GET',
      url: '/api/v1/chronic/overdue?region=130321100201&asOf=2026-11-01&pageSize=200',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ total: number; items: { villageCode: string }[] }>();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((i) => i.villageCode === '130321100201')).toBe(true);
  });

  it('has treatment cases in every status', async () => {
    const { rows } = await sql<{ status: string }>`SELECT DISTINCT status FROM treatment_case`.execute(
      t.database.db,
    );
    expect(rows.map((r) => r.status)).toEqual(
      expect.arrayContaining(['waiting', 'treating', 'treated', 'not_ready']),
    );
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
  }, 600_000);
});
