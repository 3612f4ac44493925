import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import type { ChronicScope } from './chronic-data-scope.ts';
import { addCategory, COUNTY, insertPerson, setupTeamsAndPackages } from './chronic-test-fixtures.ts';
import { computeIndicatorParts } from './indicators.service.ts';
import { countSigningByGroup } from './signing.repository.ts';

/**
 * 签约率 in SQL (countSigningByGroup, the catalogue's contracted_persons/contract_rate and the 驾驶舱's 家庭医生签约
 * card) against the in-memory `signing` part of the chronic indicators, on edge cases. Period 2026 unless said:
 * - 甲一 (village 201) poor, contract 2026 → key, signed.
 * - 乙二 (201) poor, contract 2026 cancelled on 03-01 → signed in 2026, not in Q2 (last day 02-28).
 * - 丙三 (201) poor, contract from 03-01 cancelled on 03-01 (its start day) → never in force: not signed.
 * - 丁四 (202) 监测对象, contract 2025 only (ends before the period) → key, not signed.
 * - 戊五 (201) poor, dead, contract 2026 → not counted at all.
 * - 己六 (201) poor until 2025-12-31 (category ends before the period), contract 2025-07 – 2026-06 → not key in
 *   2026; key and signed in the second half of 2025.
 * - 庚七 (202) hypertension managed since 2025, contract 2026 → key, signed.
 * - 辛八 (201) 'chronic' (not a key disease) managed, contract 2026 → not key.
 * - 壬九 (201) diabetes managed until 2025-10-31, contract 2026 → not key in 2026; key, not signed, in 2025.
 * - 癸十 (101201, another township) poor, contract 2026 → counted for the county, not for 青龙镇.
 * - 子十一 (201) poor, a pending contract → not signed.
 * - 丑十二 (201) poor, a contract of status 'renewed' in 2026 → signed.
 * - 寅十三 (201) poor, contract from 2027 → not signed.
 * - 卯十四 (201) poor, a contract cancelled in 2025 and one in force → signed, counted once.
 * County 2026: 10 key persons, 6 signed. 青龙镇: 9 key (201: 7, 202: 2), 5 signed (201: 4, 202: 1).
 */
let t: TestApp;
let county: Session;
let township: Session;
let serial = 0;

const TOWNSHIP = '130321100';
const V201 = '130321100201';
const V202 = '130321100202';
const OTHER = '130321101201';

beforeAll(async () => {
  t = await createTestApp();
  county = await t.login('county');
  township = await t.login('township');
  const { teamA, basic } = await setupTeamsAndPackages(t, county);
  const db = t.database.db;
  const contract = async (
    personId: number,
    village: string,
    startDate: string,
    endDate: string,
    status: 'signed' | 'renewed' | 'cancelled' | 'pending' = 'signed',
    cancelDate: string | null = null,
  ) => {
    serial += 1;
    await db
      .insertInto('fd_contract')
      .values({
        county_code: COUNTY,
        contract_no: `QY-TEST-${serial}`,
        person_id: personId,
        village_code: village,
        team_id: teamA,
        package_ids: [basic],
        start_date: startDate,
        end_date: endDate,
        status,
        cancel_reason: status === 'cancelled' ? 'voluntary' : null,
        cancel_date: cancelDate,
      })
      .execute();
  };
  const enrol = async (
    personId: number,
    village: string,
    disease: 'hypertension' | 'diabetes' | 'chronic',
    from: string,
    until: string | null,
  ) => {
    await db
      .insertInto('fu_enrolment')
      .values({
        county_code: COUNTY,
        person_id: personId,
        village_code: village,
        disease,
        managed_from: from,
        managed_until: until,
        end_reason: until ? 'moved' : null,
        next_due_date: '2026-03-01',
      })
      .execute();
  };
  const person = (name: string, village: string) => insertPerson(db, { name, village });

  const p1 = await person('甲一', V201);
  await addCategory(db, p1, 'poor_registered');
  await contract(p1, V201, '2026-01-01', '2026-12-31');

  const p2 = await person('乙二', V201);
  await addCategory(db, p2, 'poor_registered');
  await contract(p2, V201, '2026-01-01', '2026-12-31', 'cancelled', '2026-03-01');

  const p3 = await person('丙三', V201);
  await addCategory(db, p3, 'poor_registered');
  await contract(p3, V201, '2026-03-01', '2026-12-31', 'cancelled', '2026-03-01');

  const p4 = await person('丁四', V202);
  await addCategory(db, p4, 'monitored');
  await contract(p4, V202, '2025-01-01', '2025-12-31');

  const p5 = await person('戊五', V201);
  await addCategory(db, p5, 'poor_registered');
  await contract(p5, V201, '2026-01-01', '2026-12-31');
  await db
    .updateTable('person')
    .set({ status: 'dead', status_date: '2026-05-01' })
    .where('county_code', '=', COUNTY)
    .where('id', '=', p5)
    .execute();

  const p6 = await person('己六', V201);
  await db
    .insertInto('person_category')
    .values({
      county_code: COUNTY,
      person_id: p6,
      category: 'poor_registered',
      valid_from: '2020-01-01',
      valid_to: '2025-12-31',
    })
    .execute();
  await contract(p6, V201, '2025-07-01', '2026-06-30');

  const p7 = await person('庚七', V202);
  await enrol(p7, V202, 'hypertension', '2025-03-01', null);
  await contract(p7, V202, '2026-01-01', '2026-12-31');

  const p8 = await person('辛八', V201);
  await enrol(p8, V201, 'chronic', '2025-03-01', null);
  await contract(p8, V201, '2026-01-01', '2026-12-31');

  const p9 = await person('壬九', V201);
  await enrol(p9, V201, 'diabetes', '2025-01-01', '2025-10-31');
  await contract(p9, V201, '2026-01-01', '2026-12-31');

  const p10 = await person('癸十', OTHER);
  await addCategory(db, p10, 'poor_registered');
  await contract(p10, OTHER, '2026-01-01', '2026-12-31');

  const p11 = await person('子十一', V201);
  await addCategory(db, p11, 'poor_registered');
  await contract(p11, V201, '2026-01-01', '2026-12-31', 'pending');

  const p12 = await person('丑十二', V201);
  await addCategory(db, p12, 'poor_registered');
  await contract(p12, V201, '2025-12-01', '2026-11-30', 'renewed');

  const p13 = await person('寅十三', V201);
  await addCategory(db, p13, 'poor_registered');
  await contract(p13, V201, '2027-01-01', '2027-12-31');

  const p14 = await person('卯十四', V201);
  await addCategory(db, p14, 'poor_registered');
  await contract(p14, V201, '2025-01-01', '2025-12-31', 'cancelled', '2025-06-01');
  await contract(p14, V201, '2026-02-01', '2027-01-31');
});

afterAll(async () => {
  await t.close();
});

const scopeOf = (prefix: string): ChronicScope => ({
  villagePrefix: prefix,
  countyCode: prefix.slice(0, 6),
  institutionCode: null,
  villageCodes: null,
});

/** The in-memory `signing` part, counted per group of village codes as [groupKey, signed, keyPersons]. */
async function inMemory(prefix: string, from: string, to: string, groupLength: number) {
  const { signing } = await computeIndicatorParts(
    t.database.db,
    { regionCode: prefix.padEnd(12, '0'), scope: scopeOf(prefix) },
    from,
    to,
  );
  const groups = new Map<string, [string, number, number]>();
  const group = (villageCode: string) => {
    const key = villageCode.slice(0, groupLength);
    const g = groups.get(key) ?? [key, 0, 0];
    groups.set(key, g);
    return g;
  };
  for (const m of signing.numerator) {
    group(m.villageCode)[1]++;
  }
  for (const m of signing.denominator ?? []) {
    group(m.villageCode)[2]++;
  }
  return [...groups.values()].sort((a, b) => a[0].localeCompare(b[0]));
}

async function inSql(prefix: string, from: string, to: string, groupLength: number) {
  const groups = await countSigningByGroup(t.database.db, scopeOf(prefix), { from, to }, groupLength);
  return groups.map((g) => [g.groupKey, g.signed, g.keyPersons]);
}

describe('签约率 in SQL', () => {
  it('matches the figures worked out by hand', async () => {
    expect(await inSql('130321', '2026-01-01', '2026-12-31', 6)).toEqual([['130321', 6, 10]]);
    expect(await inSql(TOWNSHIP, '2026-01-01', '2026-12-31', 12)).toEqual([
      [V201, 4, 7],
      [V202, 1, 2],
    ]);
    // Q2: 乙二's contract ended with its cancellation on 03-01.
    expect(await inSql(TOWNSHIP, '2026-04-01', '2026-06-30', 9)).toEqual([[TOWNSHIP, 4, 9]]);
  });

  it.each([
    ['130321', '2026-01-01', '2026-12-31'],
    ['130321', '2026-04-01', '2026-06-30'],
    ['130321', '2025-06-01', '2025-12-31'],
    ['130321', '2026-03-01', '2026-03-01'],
    [TOWNSHIP, '2026-01-01', '2026-12-31'],
    [TOWNSHIP, '2025-06-01', '2025-12-31'],
    [V201, '2026-01-01', '2026-12-31'],
    ['130321101', '2026-01-01', '2026-12-31'],
  ])('equals the in-memory signing part for %s, %s – %s, per village group', async (prefix, from, to) => {
    for (const groupLength of [prefix.length, 9, 12].filter((n) => n >= prefix.length)) {
      const expected = await inMemory(prefix, from, to, groupLength);
      expect(expected.length).toBeGreaterThan(0);
      expect(await inSql(prefix, from, to, groupLength)).toEqual(expected);
    }
  });

  it('gives the catalogue figures of 签约人数 and 签约率', async () => {
    const get = async (code: string, region: string) => {
      const res = await t.as(county, {
        method: 'GET',
        url: `/api/v1/indicators/${code}?region=${region}&from=2026-01-01&to=2026-12-31&children=true`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{
        value: { numerator: number; denominator: number | null; display: string };
        children: { code: string; value: { numerator: number; denominator: number | null } }[];
      }>();
    };
    const rate = await get('contract_rate', '130321100000');
    expect(rate.value).toMatchObject({ numerator: 5, denominator: 9, display: '55.56%' });
    expect(rate.children.filter((c) => c.value.denominator).map((c) => [c.code, c.value])).toEqual([
      [V201, expect.objectContaining({ numerator: 4, denominator: 7 })],
      [V202, expect.objectContaining({ numerator: 1, denominator: 2 })],
    ]);
    expect((await get('contracted_persons', '130321000000')).value).toMatchObject({
      numerator: 6,
      denominator: null,
      display: '6',
    });
    // The members still come from the in-memory computation: the same persons.
    const members = await t.as(county, {
      method: 'GET',
      url: '/api/v1/indicators/contract_rate/members?region=130321100000&from=2026-01-01&to=2026-12-31&part=numerator',
    });
    expect(
      members
        .json<{ items: { name: string }[] }>()
        .items.map((m) => m.name)
        .sort(),
    ).toEqual(['丑十二', '乙二', '卯十四', '庚七', '甲一'].sort());
  });
});

type FamilyDoctor = {
  region: { code: string };
  contractedPersons: { numerator: number; display: string };
  keyPersons: number;
  contractRate: { numerator: number; denominator: number; display: string; value: number | null };
  children: {
    code: string;
    name: string;
    contractedPersons: { numerator: number };
    keyPersons: number;
    contractRate: { numerator: number; denominator: number; display: string };
  }[];
};

describe('GET /dashboard/family-doctor', () => {
  const url = (query: string) => `/api/v1/dashboard/family-doctor?from=2026-01-01&to=2026-12-31${query}`;

  it('gives the county its totals and every township', async () => {
    const res = await t.as(county, { method: 'GET', url: url('&region=130321') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<FamilyDoctor>();
    expect(body.region.code).toBe('130321000000');
    expect(body.contractedPersons).toMatchObject({ numerator: 6, display: '6' });
    expect(body.keyPersons).toBe(10);
    expect(body.contractRate).toMatchObject({ numerator: 6, denominator: 10, display: '60.00%' });
    const withKeyPersons = body.children.filter((c) => c.keyPersons > 0);
    expect(withKeyPersons.map((c) => [c.code, c.contractedPersons.numerator, c.keyPersons])).toEqual([
      ['130321100000', 5, 9],
      ['130321101000', 1, 1],
    ]);
    expect(withKeyPersons[0]?.contractRate.display).toBe('55.56%');
    // Townships without key persons are listed with zeros and no rate.
    const empty = body.children.find((c) => c.keyPersons === 0);
    expect(empty?.contractRate).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });

  it('gives a township user only his township (its villages as children)', async () => {
    const res = await t.as(township, { method: 'GET', url: url('') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<FamilyDoctor>();
    expect(body.region.code).toBe('130321100000');
    expect(body.contractRate).toMatchObject({ numerator: 5, denominator: 9 });
    expect(
      body.children
        .filter((c) => c.keyPersons > 0)
        .map((c) => [c.code, c.contractRate.numerator, c.keyPersons]),
    ).toEqual([
      [V201, 4, 7],
      [V202, 1, 2],
    ]);
  });

  it('refuses a region outside the caller’s scope, in Chinese', async () => {
    const res = await t.as(township, { method: 'GET', url: url('&region=130321101') });
    expect(res.statusCode).toBe(403);
    const name = (
      await t.database.db
        .selectFrom('region')
        .select('name')
        .where('code', '=', '130321101000')
        .executeTakeFirstOrThrow()
    ).name;
    expect(res.json<{ error: { message: string } }>().error.message).toBe(
      `行政区划“${name}”不在您的管辖范围内`,
    );
    const reversed = await t.as(county, {
      method: 'GET',
      url: '/api/v1/dashboard/family-doctor?from=2026-03-01&to=2026-01-31',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json<{ error: { message: string } }>().error.message).toBe(
      '开始日期 2026-03-01 晚于结束日期 2026-01-31',
    );
  });
});
