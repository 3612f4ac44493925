/**
 * Fixtures for the chronic module's database tests (imported by *.int.test.ts only): persons inserted
 * directly (the registry module is built separately), a team and packages created through the API.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Session, TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';

export const VILLAGE_DOCTOR = '130321100201';
export const VILLAGE_SAME_TOWNSHIP = '130321100202';
export const VILLAGE_OTHER_TOWNSHIP = '130321101201';
export const COUNTY = '130321';

let serial = 0;

export async function insertPerson(
  db: Kysely<DB>,
  options: {
    name: string;
    village: string;
    birthDate?: string;
    sex?: 'M' | 'F';
    householdId?: number | null;
  },
): Promise<number> {
  serial += 1;
  const birthDate = options.birthDate ?? '1960-05-01';
  const idNumber = `${COUNTY}${birthDate.replaceAll('-', '')}${String(serial).padStart(3, '0')}X`;
  const row = await db
    .insertInto('person')
    .values({
      county_code: COUNTY,
      id_number: idNumber,
      name: options.name,
      sex: options.sex ?? 'M',
      birth_date: birthDate,
      village_code: options.village,
      household_id: options.householdId ?? null,
      phone: '13800000000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertHousehold(db: Kysely<DB>, village: string, no: string): Promise<number> {
  const row = await db
    .insertInto('household')
    .values({ county_code: COUNTY, household_no: no, village_code: village })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addCategory(
  db: Kysely<DB>,
  personId: number,
  category: 'poor_registered' | 'monitored',
) {
  await db
    .insertInto('person_category')
    .values({ county_code: COUNTY, person_id: personId, category, valid_from: '2020-01-01' })
    .execute();
}

export type Setup = {
  teamA: number;
  teamB: number;
  basic: number;
  personal: number;
  itemIds: Record<string, number>;
};

/** Team A serves the doctor's township's two villages, team B the other township; one basic package. */
export async function setupTeamsAndPackages(t: TestApp, county: Session): Promise<Setup> {
  const team = async (name: string, villages: string[]) => {
    const res = await t.as(county, {
      method: 'POST',
      url: '/api/v1/chronic/teams',
      payload: {
        name,
        institutionName: '青龙镇卫生院',
        members: [
          { role: 'doctor', name: `${name}医生`, phone: '13900000000' },
          { role: 'nurse', name: `${name}护士` },
          { role: 'public_health', name: `${name}公卫` },
        ],
        villageCodes: villages,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };
  const teamA = await team('青龙镇一队', [VILLAGE_DOCTOR, VILLAGE_SAME_TOWNSHIP]);
  const teamB = await team('牛心山一队', [VILLAGE_OTHER_TOWNSHIP]);
  const pkg = async (name: string, kind: string, items: unknown[]) => {
    const res = await t.as(county, {
      method: 'POST',
      url: '/api/v1/chronic/packages',
      payload: { name, kind, items },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number; items: { id: number; serviceCode: string }[] }>();
  };
  const basic = await pkg('基础包', 'basic', [
    {
      name: '高血压随访',
      serviceCode: 'followup_hypertension',
      countPerYear: 4,
      priceFen: 0,
      subsidyFen: 0,
      payer: 'public_health',
    },
    {
      name: '糖尿病随访',
      serviceCode: 'followup_diabetes',
      countPerYear: 4,
      priceFen: 0,
      subsidyFen: 0,
      payer: 'public_health',
    },
    {
      name: '年度健康体检',
      serviceCode: 'health_check',
      countPerYear: 1,
      priceFen: 12000,
      subsidyFen: 12000,
      payer: 'public_health',
    },
  ]);
  const personal = await pkg('慢病个性化包', 'personalised', [
    {
      name: '上门服务',
      serviceCode: 'home_visit',
      countPerYear: 2,
      priceFen: 5000,
      subsidyFen: 3000,
      payer: 'resident',
    },
  ]);
  const itemIds = Object.fromEntries(basic.items.map((i) => [i.serviceCode, i.id]));
  return { teamA, teamB, basic: basic.id, personal: personal.id, itemIds };
}

export function hypertensionVisit(overrides: Record<string, unknown> = {}) {
  return {
    disease: 'hypertension',
    visitDate: '2026-03-01',
    method: 'clinic',
    doctorName: '李医生',
    outcome: 'continue',
    symptoms: ['none'],
    systolic: 130,
    diastolic: 80,
    hasAdverseReaction: false,
    adherence: 'regular',
    ...overrides,
  };
}

export function diabetesVisit(overrides: Record<string, unknown> = {}) {
  return {
    disease: 'diabetes',
    visitDate: '2026-03-01',
    method: 'clinic',
    doctorName: '李医生',
    outcome: 'continue',
    symptoms: ['none'],
    fastingGlucoseTenths: 60,
    hasAdverseReaction: false,
    adherence: 'regular',
    ...overrides,
  };
}

export function mentalVisit(overrides: Record<string, unknown> = {}) {
  return {
    disease: 'mental',
    visitDate: '2026-03-01',
    method: 'home',
    doctorName: '李医生',
    outcome: 'continue',
    dangerGrade: 0,
    symptoms: [],
    insight: 'complete',
    sleep: 'good',
    diet: 'good',
    socialFunction: {
      selfCare: 'good',
      housework: 'good',
      work: 'good',
      learning: 'good',
      interpersonal: 'good',
    },
    hospitalisation: 'never',
    hasAdverseReaction: false,
    adherence: 'regular',
    ...overrides,
  };
}

export function tuberculosisVisit(overrides: Record<string, unknown> = {}) {
  return {
    disease: 'tuberculosis',
    visitDate: '2026-03-01',
    method: 'home',
    doctorName: '李医生',
    outcome: 'continue',
    visitKind: 'first_home',
    diagnosisDate: '2026-02-20',
    treatmentPhase: 'intensive',
    supervisor: 'family',
    dosesTaken: 0,
    dosesPlanned: 0,
    hasAdverseReaction: false,
    ...overrides,
  };
}
