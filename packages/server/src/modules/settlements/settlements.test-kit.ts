import type { TSettlementAccumulators, TSettlementClaim } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { Session, TestApp } from '../../../test/test-app.ts';
import type { DB } from '../../db/schema.ts';

/** Shared fixtures of the settlement database tests. */

export const COUNTY = '130321';
export const VILLAGE = '130321100201';
export const OTHER_COUNTY = '130302';
export const COUNTY_HOSPITAL = 'H130321001';
export const TOWNSHIP_CENTRE = 'H130321002';
export const CLOSED_HOSPITAL = 'H130321099';
export const yuan = (n: number) => n * 100;

/** GB 11643 check digit. */
export function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}

let serial = 0;
/** A fresh valid ID number that no person of the tests holds. */
export function freshIdNumber(countyCode = COUNTY, birth = '19650301'): string {
  serial += 1;
  return withCheckDigit(`${countyCode}${birth}${String(100 + (serial % 900)).padStart(3, '0')}`);
}

export async function insertPerson(
  db: Kysely<DB>,
  countyCode: string,
  village: string,
  categories: string[],
  validFrom = '2016-01-01',
): Promise<{ id: number; idNumber: string }> {
  const idNumber = freshIdNumber(countyCode);
  const row = await db
    .insertInto('person')
    .values({
      county_code: countyCode,
      id_number: idNumber,
      name: `患者${serial}`,
      sex: 'M',
      birth_date: '1965-03-01',
      village_code: village,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('person_id_index')
    .values({ id_number: idNumber, county_code: countyCode, person_id: row.id })
    .execute();
  for (const category of categories) {
    await db
      .insertInto('person_category')
      .values({
        county_code: countyCode,
        person_id: row.id,
        category: category as never,
        valid_from: validFrom,
      })
      .execute();
  }
  return { id: row.id, idNumber };
}

/** The institutions the tests settle at (the institution module may have loaded some already). */
export async function insertInstitutions(db: Kysely<DB>): Promise<void> {
  for (const [code, name, level, region, active] of [
    [COUNTY_HOSPITAL, '青龙满族自治县医院', 'county', '130321000000', true],
    [TOWNSHIP_CENTRE, '青龙镇卫生院', 'township_health_centre', '130321100000', true],
    [CLOSED_HOSPITAL, '已停业医院', 'county', '130321000000', false],
  ] as const) {
    await db
      .insertInto('medical_institution')
      .values({ code, name, level, region_code: region, county_code: COUNTY, active })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

export function claimOf(overrides: Partial<TSettlementClaim> = {}): TSettlementClaim {
  const policyScopeFen = overrides.policyScopeFen ?? yuan(10_000);
  const outOfCatalogueFen = overrides.outOfCatalogueFen ?? 0;
  return {
    claimId: 'C-1',
    institutionLevel: 'county',
    visitType: 'inpatient',
    admissionDate: '2024-03-01',
    dischargeDate: '2024-03-10',
    diagnosisCodes: ['I63.9'],
    totalFen: policyScopeFen + outOfCatalogueFen,
    policyScopeFen,
    outOfCatalogueFen,
    hasOutOfCatalogueConsent: outOfCatalogueFen > 0,
    categoryBFirstSelfPayFen: 0,
    treatFirstPayLater: false,
    depositFen: 0,
    ...overrides,
  };
}

export type Detail = {
  id: number;
  claimNo: string;
  revision: number;
  totalFen: number;
  selfPayFen: number;
  borneFen: number;
  basicFen: number;
  criticalFen: number;
  assistanceFen: number;
  status: string;
  isInRegistry: boolean;
  insuredLabel: string;
  institutionLevel: string;
  replacedById: number | null;
  layers: { code: string; paidFen: number }[];
  explanation: string[];
  trace: { layer: string; ruleCode: string; explanation: string }[];
  depositWaivedFen: number;
  history: {
    revisions: { id: number; status: string }[];
    reversals: { settlementId: number; totalFen: number }[];
  };
};

export function settleWith(t: TestApp) {
  return (
    session: Session,
    idNumber: string,
    claim: Partial<TSettlementClaim> & { claimId: string },
    options: { key?: string; institutionCode?: string; patientName?: string } = {},
  ) =>
    t.as(session, {
      method: 'POST',
      url: '/api/v1/settlements',
      headers: options.key ? { 'idempotency-key': options.key } : {},
      payload: {
        idNumber,
        claim,
        ...(options.institutionCode ? { institutionCode: options.institutionCode } : {}),
        ...(options.patientName ? { patientName: options.patientName } : {}),
      },
    });
}

export async function accumulatorsOf(
  db: Kysely<DB>,
  personId: number,
  year: number,
): Promise<TSettlementAccumulators> {
  const row = await db
    .selectFrom('settlement_accumulator')
    .select('body')
    .where('county_code', '=', COUNTY)
    .where('person_id', '=', personId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return row.body as TSettlementAccumulators;
}

/** Row counts of every table a settlement writes, to prove a refused request wrote nothing. */
export async function writeCounts(db: Kysely<DB>) {
  const count = async (table: keyof DB) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    settlement: await count('settlement'),
    reversal: await count('settlement_reversal'),
    outsider: await count('settlement_outsider'),
    keys: await count('settlement_idempotency_key'),
    accumulators: await count('settlement_accumulator'),
    outsiderAccumulators: await count('settlement_outsider_accumulator'),
  };
}
