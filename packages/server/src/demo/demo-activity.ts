import crypto from 'node:crypto';
import {
  addDays,
  ageOn,
  categoriesOnDate,
  classifyPersonDiseases,
  createAccumulators,
  DISEASE_CATALOGS,
  decideNextVisit,
  divRoundHalfUp,
  fromEpochDay,
  type IsoDate,
  listPersonDiseases,
  lookupIcd10,
  openTreatmentCase,
  PERSON_CATEGORIES,
  pendingVerification,
  type RegistryCategory,
  type SettlementResult,
  settleClaim,
  type TClassifiableDiagnosis,
  type TFollowUpVisit,
  type TPolicySet,
  type TSettlementAccumulators,
  type TSettlementClaim,
  type TTreatmentCase,
  toEpochDay,
  transitionDiagnosisVerification,
  transitionTreatmentCase,
  type VerificationStatus,
  ZFollowUpVisit,
} from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  flagCheckupResults,
  formatContractNo,
  minimumContractEnd,
  renewalPeriod,
} from '../modules/chronic/chronic-rules.ts';
import { assessVisit } from '../modules/chronic/follow-ups.service.ts';
import { createRandom, DEMO_POPULATION_DEFAULTS, type Random } from './demo-population.ts';

/**
 * Deterministic demo activity on top of the demo population: diagnoses with their verification and
 * 三个一批 classification, the 大病 treatment ledger, family-doctor teams, contracts, follow-ups and
 * checkups, and one-stop inpatient settlements — so the dashboard, indicators and module pages of the demo
 * county show a county that has been using the system. Rows are computed with the same domain functions
 * the services use and inserted directly (multi-row INSERTs in one transaction). No clock: every date is
 * derived from `asOf`.
 */

export type DemoActivityOptions = { seed?: number; asOf?: IsoDate };
export type DemoActivityCounts = {
  diagnoses: number;
  verified: number;
  rejected: number;
  treatmentCases: number;
  teams: number;
  contracts: number;
  enrolments: number;
  visits: number;
  checkups: number;
  fulfilments: number;
  settlements: number;
};

type Trx = Transaction<DB>;

const CHUNK = 500;
const DEMO_INSTITUTION = 'H130321001';
const POLICY_CODE = 'hebei-qinglong-130321';

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    result.push(rows.slice(i, i + size));
  }
  return result;
}

async function insertAll<R>(rows: readonly R[], insert: (part: R[]) => Promise<unknown>): Promise<void> {
  for (const part of chunks(rows)) {
    await insert(part);
  }
}

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

function dateBetween(random: Random, from: IsoDate, to: IsoDate): IsoDate {
  const a = toEpochDay(from);
  const b = toEpochDay(to);
  return b <= a ? from : fromEpochDay(random.int(a, b));
}

type DiseaseSpec = { code: string; minAge: number; maxAge: number; weight: number; sex?: 'M' | 'F' };

/** Conditions of the rural poor, weighted; codes are looked up in the ICD-10 table for their names. */
const ADULT_DISEASES: readonly DiseaseSpec[] = [
  { code: 'I10.x00', minAge: 35, maxAge: 120, weight: 34 },
  { code: 'E11.900', minAge: 35, maxAge: 120, weight: 16 },
  { code: 'I69.300', minAge: 50, maxAge: 120, weight: 8 },
  { code: 'K29.500', minAge: 20, maxAge: 120, weight: 10 },
  { code: 'J44.900', minAge: 50, maxAge: 120, weight: 6 },
  { code: 'I25.100', minAge: 45, maxAge: 120, weight: 6 },
  { code: 'M17.900', minAge: 45, maxAge: 120, weight: 6 },
  { code: 'H25.900', minAge: 60, maxAge: 120, weight: 3 },
  { code: 'N18.900', minAge: 40, maxAge: 120, weight: 2 },
  { code: 'N18.500', minAge: 40, maxAge: 120, weight: 1 },
  { code: 'C16.900', minAge: 45, maxAge: 120, weight: 2 },
  { code: 'C34.900', minAge: 45, maxAge: 120, weight: 2 },
  { code: 'C15.900', minAge: 50, maxAge: 120, weight: 1 },
  { code: 'C50.900', minAge: 30, maxAge: 120, weight: 2, sex: 'F' },
];
const CHILD_DISEASES: readonly DiseaseSpec[] = [
  { code: 'C92.400', minAge: 0, maxAge: 17, weight: 2 },
  { code: 'C91.000', minAge: 0, maxAge: 17, weight: 2 },
  { code: 'Q21.100', minAge: 0, maxAge: 17, weight: 2 },
];

const SOURCES = [
  ['health_check', 35],
  ['clinic_visit', 30],
  ['home_visit', 15],
  ['import', 10],
  ['insurance_settlement', 10],
] as const;
const INSTITUTIONS = ['青龙满族自治县医院', '青龙满族自治县中医院', '秦皇岛市第一医院', '乡镇卫生院'];
const REJECT_REASONS = ['复核病历资料，不符合诊断标准', '经上级医院复查排除', '体检初筛异常，复查正常'];
const NOT_READY_REASONS = ['患者身体状况暂不耐受手术', '需先控制合并症后再行治疗', '患者及家属暂缓治疗'];

type PersonRow = {
  id: number;
  id_number: string;
  village_code: string;
  household_id: number | null;
  birth_date: IsoDate;
  sex: 'M' | 'F';
};

type PlannedDiagnosis = {
  key: string;
  person: PersonRow;
  icdCode: string;
  name: string;
  diagnosedOn: IsoDate;
  registeredOn: IsoDate;
  source: string;
  institution: string;
  verification: { status: VerificationStatus; statusDate: IsoDate; by: string; reason: string | null };
};

/** Loads the demo activity unless the county already has diagnoses (or has no population yet). */
export async function seedDemoActivityIfEmpty(
  db: Kysely<DB>,
  countyCode: string,
  options: DemoActivityOptions = {},
): Promise<DemoActivityCounts | null> {
  const existing = await db
    .selectFrom('diagnosis')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    return null;
  }
  const asOf = options.asOf ?? DEMO_POPULATION_DEFAULTS.asOf;
  const random = createRandom(options.seed ?? DEMO_POPULATION_DEFAULTS.seed + 100);
  const persons = (await db
    .selectFrom('person')
    .select(['id', 'id_number', 'village_code', 'household_id', 'birth_date', 'sex'])
    .where('county_code', '=', countyCode)
    .where('status', '=', 'normal')
    .orderBy('id')
    .execute()) as PersonRow[];
  if (persons.length === 0) {
    return null;
  }
  const categoryRows = await db
    .selectFrom('person_category')
    .select(['person_id', 'category', 'valid_from', 'valid_to'])
    .where('county_code', '=', countyCode)
    .execute();
  const periods = new Map<
    number,
    { category: RegistryCategory; validFrom: IsoDate; validTo: IsoDate | null }[]
  >();
  for (const c of categoryRows) {
    const list = periods.get(c.person_id) ?? [];
    list.push({ category: c.category as RegistryCategory, validFrom: c.valid_from, validTo: c.valid_to });
    periods.set(c.person_id, list);
  }
  const users = new Map(
    (await db.selectFrom('app_user').select(['id', 'username', 'display_name']).execute()).map((u) => [
      u.username,
      u,
    ]),
  );
  const countyUser = users.get('county');
  const doctorUser = users.get('doctor');
  const clerkUser = users.get('clerk');
  const policyRow = await db
    .selectFrom('policy_set')
    .select(['id', 'body'])
    .where('code', '=', POLICY_CODE)
    .where('status', '=', 'published')
    .orderBy('version', 'desc')
    .executeTakeFirst();

  return db.transaction().execute(async (trx) => {
    const counts: DemoActivityCounts = {
      diagnoses: 0,
      verified: 0,
      rejected: 0,
      treatmentCases: 0,
      teams: 0,
      contracts: 0,
      enrolments: 0,
      visits: 0,
      checkups: 0,
      fulfilments: 0,
      settlements: 0,
    };
    const ctx = {
      trx,
      countyCode,
      asOf,
      random,
      counts,
      countyUser: countyUser ?? null,
      doctorUserId: doctorUser?.id ?? null,
    };
    const diagnoses = await seedDiagnoses(ctx, persons);
    await seedChronic(ctx, persons, diagnoses);
    if (policyRow) {
      await seedSettlements(
        ctx,
        diagnoses,
        periods,
        { id: policyRow.id, body: policyRow.body as TPolicySet },
        clerkUser?.id ?? null,
      );
    }
    return counts;
  });
}

type Ctx = {
  trx: Trx;
  countyCode: string;
  asOf: IsoDate;
  random: Random;
  counts: DemoActivityCounts;
  countyUser: { id: number; username: string; display_name: string } | null;
  doctorUserId: number | null;
};

/** Stored diagnoses with their real ids. */
type SeededDiagnosis = PlannedDiagnosis & { id: number };

// ------------------------------------------------------------------ diagnoses and treatment ledger

function diagnosisProbability(age: number): number {
  if (age < 18) {
    return 0.03;
  }
  if (age < 45) {
    return 0.18;
  }
  if (age < 60) {
    return 0.45;
  }
  return 0.62;
}

async function seedDiagnoses(ctx: Ctx, persons: readonly PersonRow[]): Promise<SeededDiagnosis[]> {
  const { random, asOf, countyCode, trx, counts } = ctx;
  const verifierName = ctx.countyUser?.display_name ?? '县卫健局业务员';
  const registrar = 'doctor';
  const planned: PlannedDiagnosis[] = [];
  for (const person of persons) {
    const age = ageOn(person.birth_date, asOf);
    if (!random.chance(diagnosisProbability(age))) {
      continue;
    }
    const pool = (age < 18 ? CHILD_DISEASES : ADULT_DISEASES).filter(
      (d) => age >= d.minAge && age <= d.maxAge && (d.sex === undefined || d.sex === person.sex),
    );
    if (pool.length === 0) {
      continue;
    }
    const wanted =
      age < 18
        ? 1
        : random.weighted([
            [1, 55],
            [2, 33],
            [3, 12],
          ] as const);
    const codes = new Set<string>();
    for (let i = 0; i < wanted * 3 && codes.size < wanted; i += 1) {
      codes.add(random.weighted(pool.map((d) => [d.code, d.weight] as const)));
    }
    for (const code of codes) {
      const entry = lookupIcd10(code);
      if (!entry) {
        continue;
      }
      const diagnosedOn = dateBetween(random, maxDate('2025-01-01', person.birth_date), addDays(asOf, -10));
      const registeredOn = minDate(addDays(diagnosedOn, random.int(0, 30)), asOf);
      let verification = pendingVerification(registeredOn, registrar);
      if (random.chance(0.85)) {
        const rejected = random.chance(0.05);
        const changed = transitionDiagnosisVerification(verification, {
          to: rejected ? 'rejected' : 'verified',
          date: minDate(addDays(registeredOn, random.int(2, 40)), asOf),
          reason: rejected ? random.pick(REJECT_REASONS) : undefined,
          actorRole: 'county',
          by: verifierName,
        });
        if (changed.ok) {
          verification = changed.value;
        }
      }
      planned.push({
        key: `${person.id}|${entry.code}`,
        person,
        icdCode: entry.code,
        name: entry.name,
        diagnosedOn,
        registeredOn,
        source: random.weighted(SOURCES),
        institution: random.pick(INSTITUTIONS),
        verification,
      });
    }
  }

  // Insert, then classify each person with the real ids exactly as the diseases service does.
  const ids = new Map<string, number>();
  for (const part of chunks(planned)) {
    const rows = await trx
      .insertInto('diagnosis')
      .values(
        part.map((d) => ({
          county_code: countyCode,
          person_id: d.person.id,
          icd_code: d.icdCode,
          name: d.name,
          is_uncoded: false,
          institution: d.institution,
          diagnosed_on: d.diagnosedOn,
          source: d.source,
          registered_on: d.registeredOn,
          verification_status: d.verification.status,
          status_date: d.verification.statusDate,
          status_by: d.verification.by,
          reason: d.verification.reason,
          verified_by: d.verification.status === 'pending' ? null : (ctx.countyUser?.id ?? null),
          verified_at:
            d.verification.status === 'pending'
              ? null
              : new Date(`${d.verification.statusDate}T10:00:00+08:00`),
          created_by: ctx.doctorUserId,
        })),
      )
      .returning(['id', 'person_id', 'icd_code'])
      .execute();
    for (const row of rows) {
      ids.set(`${row.person_id}|${row.icd_code}`, row.id);
    }
  }
  const seeded: SeededDiagnosis[] = planned.map((d) => ({ ...d, id: ids.get(d.key) as number }));
  counts.diagnoses = seeded.length;
  counts.verified = seeded.filter((d) => d.verification.status === 'verified').length;
  counts.rejected = seeded.filter((d) => d.verification.status === 'rejected').length;

  const byPerson = new Map<number, SeededDiagnosis[]>();
  for (const d of seeded) {
    byPerson.set(d.person.id, [...(byPerson.get(d.person.id) ?? []), d]);
  }
  const classified: {
    id: number;
    line: string;
    key: string;
    itemCode: string | null;
    itemName: string | null;
    reason: string;
  }[] = [];
  const cases: {
    person: PersonRow;
    disease: ReturnType<typeof listPersonDiseases>[number];
    verifiedOn: IsoDate;
  }[] = [];
  for (const list of byPerson.values()) {
    const person = list[0]?.person as PersonRow;
    const classifications = classifyPersonDiseases({
      personId: String(person.id),
      diagnoses: list.map(
        (d): TClassifiableDiagnosis => ({
          diagnosisId: String(d.id),
          icdCode: d.icdCode,
          name: d.name,
          diagnosedOn: d.diagnosedOn,
          verificationStatus: d.verification.status,
        }),
      ),
      birthDate: person.birth_date,
      catalogs: DISEASE_CATALOGS,
      regionCode: person.village_code,
    });
    for (const c of classifications) {
      classified.push({
        id: Number(c.diagnosisId),
        line: c.line,
        key: c.personDiseaseKey,
        itemCode: c.itemCode,
        itemName: c.itemName,
        reason: c.reason,
      });
    }
    for (const disease of listPersonDiseases(classifications)) {
      if (disease.line === 'major_treatment') {
        const first = list.find((d) => String(d.id) === disease.firstDiagnosisId);
        cases.push({
          person,
          disease,
          verifiedOn: first?.verification.statusDate ?? disease.firstDiagnosedOn,
        });
      }
    }
  }
  // One UPDATE … FROM (VALUES …) per chunk rather than one statement per diagnosis.
  for (const part of chunks(classified)) {
    const values = part.map(
      (c) =>
        sql`(${c.id}::bigint, ${c.line}, ${c.key}, ${c.itemCode}::text, ${c.itemName}::text, ${c.reason})`,
    );
    await sql`UPDATE diagnosis d SET disease_line = v.line, person_disease_key = v.key, item_code = v.item_code,
        item_name = v.item_name, classification_reason = v.reason
      FROM (VALUES ${sql.join(values)}) AS v(id, line, key, item_code, item_name, reason)
      WHERE d.county_code = ${countyCode} AND d.id = v.id`.execute(trx);
  }
  await seedTreatmentCases(ctx, cases);
  return seeded;
}

async function seedTreatmentCases(
  ctx: Ctx,
  cases: { person: PersonRow; disease: ReturnType<typeof listPersonDiseases>[number]; verifiedOn: IsoDate }[],
): Promise<void> {
  const { random, asOf, countyCode, trx } = ctx;
  const who = ctx.countyUser?.display_name ?? '县卫健局业务员';
  const planned: {
    values: Record<string, unknown>;
    ledger: TTreatmentCase;
    details: Record<string, unknown>;
  }[] = [];
  for (const { person, disease, verifiedOn } of cases) {
    const openedOn = minDate(addDays(verifiedOn, random.int(0, 10)), asOf);
    let ledger = openTreatmentCase(openedOn);
    const target = random.weighted([
      ['waiting', 15],
      ['treating', 30],
      ['treated', 45],
      ['not_ready', 10],
    ] as const);
    const step = (
      to: TTreatmentCase['status'],
      days: number,
      extra: { reason?: string; outcome?: 'cured' | 'improved' | 'not_improved' },
    ) => {
      const date = addDays(ledger.statusDate, days);
      if (date > asOf) {
        return;
      }
      const next = transitionTreatmentCase(ledger, { to, date, ...extra });
      if (next.ok) {
        ledger = next.value;
      }
    };
    if (target === 'not_ready') {
      step('not_ready', random.int(2, 20), { reason: random.pick(NOT_READY_REASONS) });
    } else if (target !== 'waiting') {
      step('treating', random.int(3, 25), {});
      if (target === 'treated' && ledger.status === 'treating') {
        step('treated', random.int(10, 60), {
          outcome: random.weighted([
            ['cured', 25],
            ['improved', 60],
            ['not_improved', 15],
          ] as const),
        });
      }
    }
    const details = {
      designatedHospitalCode: DEMO_INSTITUTION,
      expertGroup: '县级大病救治专家组',
      treatmentPlan: `按${disease.itemName ?? '大病'}临床路径规范治疗`,
      costQuotaFen: random.int(20, 80) * 100_000,
    };
    planned.push({
      ledger,
      details,
      values: {
        county_code: countyCode,
        person_id: person.id,
        person_disease_key: disease.personDiseaseKey,
        item_code: disease.itemCode,
        item_name: disease.itemName,
        first_diagnosis_id: Number(disease.firstDiagnosisId),
        opened_on: openedOn,
        status: ledger.status,
        status_date: ledger.statusDate,
        reason: ledger.reason,
        outcome: ledger.outcome,
        details: JSON.stringify(details),
        created_by: ctx.countyUser?.id ?? null,
      },
    });
  }
  const events: Record<string, unknown>[] = [];
  for (const part of chunks(planned)) {
    const rows = await trx
      .insertInto('treatment_case')
      .values(part.map((p) => p.values) as never)
      .returning(['id', 'person_id', 'person_disease_key'])
      .execute();
    const byKey = new Map(rows.map((r) => [`${r.person_id}|${r.person_disease_key}`, r.id]));
    for (const p of part) {
      const caseId = byKey.get(`${p.values.person_id}|${p.values.person_disease_key}`) as number;
      p.ledger.history.forEach((event, i) => {
        events.push({
          county_code: countyCode,
          case_id: caseId,
          status: event.status,
          event_date: event.date,
          reason: event.reason,
          outcome: event.outcome,
          details: i === 0 || event.status === 'treating' ? JSON.stringify(p.details) : null,
          created_by: ctx.countyUser?.id ?? null,
          created_by_name: who,
        });
      });
    }
  }
  await insertAll(events, (part) =>
    trx
      .insertInto('treatment_case_event')
      .values(part as never)
      .execute(),
  );
  ctx.counts.treatmentCases = planned.length;
}

// ------------------------------------------------------------------ family doctors and follow-ups

const DOCTOR_SURNAMES = ['王', '李', '张', '刘', '赵', '孙', '于', '高', '马', '杨', '郭', '佟'];
const DOCTOR_GIVEN = [
  '建国',
  '秀兰',
  '志强',
  '丽华',
  '海涛',
  '春梅',
  '立新',
  '玉霞',
  '德明',
  '桂芳',
  '永生',
  '淑珍',
];

type Contract = {
  personId: number;
  villageCode: string;
  start: IsoDate;
  lastDay: IsoDate;
  id: number;
};

async function seedChronic(ctx: Ctx, persons: readonly PersonRow[], diagnoses: readonly SeededDiagnosis[]) {
  const { random, asOf, countyCode, trx, counts } = ctx;
  const year = Number(asOf.slice(0, 4));
  const yearStart = `${year}-01-01`;

  // One team per township, serving all its villages.
  const villages = await trx
    .selectFrom('region as v')
    .innerJoin('region as t', 't.code', 'v.parent_code')
    .select(['v.code', 't.code as township_code', 't.name as township_name'])
    .where('v.level', '=', 'village')
    .where('v.code', 'like', `${countyCode}%`)
    .orderBy('v.code')
    .execute();
  const townships = new Map<string, { name: string; villages: string[] }>();
  for (const v of villages) {
    const t = townships.get(v.township_code) ?? { name: v.township_name, villages: [] };
    t.villages.push(v.code);
    townships.set(v.township_code, t);
  }
  const doctorOfTeam = new Map<string, string>();
  const teamValues = [...townships.entries()].map(([code, t]) => {
    const person = () => `${random.pick(DOCTOR_SURNAMES)}${random.pick(DOCTOR_GIVEN)}`;
    const doctor = person();
    doctorOfTeam.set(code, doctor);
    const institution = /(镇|乡)$/.test(t.name) ? `${t.name}卫生院` : `${t.name}社区卫生服务中心`;
    return {
      county_code: countyCode,
      name: `${t.name}家庭医生团队`,
      institution_name: institution,
      members: JSON.stringify([
        { role: 'doctor', name: doctor, phone: `139${random.int(10_000_000, 99_999_999)}` },
        { role: 'nurse', name: person() },
        { role: 'public_health', name: person() },
      ]),
    };
  });
  const teamIdByTownship = new Map<string, number>();
  if (teamValues.length > 0) {
    const rows = await trx.insertInto('fd_team').values(teamValues).returning(['id', 'name']).execute();
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    for (const [code, t] of townships) {
      teamIdByTownship.set(code, byName.get(`${t.name}家庭医生团队`) as number);
    }
    const links = [...townships.entries()].flatMap(([code, t]) =>
      t.villages.map((village_code) => ({
        county_code: countyCode,
        team_id: teamIdByTownship.get(code) as number,
        village_code,
      })),
    );
    await insertAll(links, (part) => trx.insertInto('fd_team_village').values(part).execute());
  }
  counts.teams = teamValues.length;

  // The 基础包 package.
  const pkg = await trx
    .insertInto('fd_package')
    .values({
      county_code: countyCode,
      name: '基础包',
      kind: 'basic',
      description: '脱贫人口家庭医生签约基础服务包',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const itemRows = await trx
    .insertInto('fd_package_item')
    .values(
      [
        ['高血压随访', 'followup_hypertension', 4, 0, 0],
        ['糖尿病随访', 'followup_diabetes', 4, 0, 0],
        ['年度健康体检', 'health_check', 1, 12_000, 12_000],
      ].map(([name, service_code, count_per_year, price_fen, subsidy_fen]) => ({
        county_code: countyCode,
        package_id: pkg.id,
        name: name as string,
        service_code: service_code as string,
        count_per_year: count_per_year as number,
        price_fen: price_fen as number,
        subsidy_fen: subsidy_fen as number,
        payer: 'public_health',
      })),
    )
    .returning(['id', 'service_code'])
    .execute();
  const itemOf = new Map(itemRows.map((i) => [i.service_code, i.id]));

  // Who is a hypertension / diabetes patient (any diagnosis not ruled out).
  const chronicOf = new Map<
    number,
    { hypertension?: SeededDiagnosis; diabetes?: SeededDiagnosis; stroke: boolean }
  >();
  for (const d of diagnoses) {
    if (d.verification.status === 'rejected') {
      continue;
    }
    const entry = chronicOf.get(d.person.id) ?? { stroke: false };
    if (d.icdCode.startsWith('I10')) {
      entry.hypertension = d;
    } else if (d.icdCode.startsWith('E11')) {
      entry.diabetes = d;
    } else if (d.icdCode.startsWith('I69') || d.icdCode.startsWith('I25')) {
      entry.stroke = true;
    }
    chronicOf.set(d.person.id, entry);
  }

  // Contracts: ~70 % of the population (more among chronic patients); some renewed, a few cancelled.
  const townshipOf = (villageCode: string) => `${villageCode.slice(0, 9)}000`;
  const sequence = new Map<number, number>();
  const contractNo = (startDate: IsoDate) => {
    const y = Number(startDate.slice(0, 4));
    const n = (sequence.get(y) ?? 0) + 1;
    sequence.set(y, n);
    return formatContractNo(countyCode, y, n);
  };
  type Planned = {
    values: Record<string, unknown>;
    person: PersonRow;
    renewal: Record<string, unknown> | null;
  };
  const plannedContracts: Planned[] = [];
  for (const person of persons) {
    const chronic = chronicOf.get(person.id);
    const isPatient = chronic?.hypertension !== undefined || chronic?.diabetes !== undefined;
    if (!random.chance(isPatient ? 0.9 : 0.68)) {
      continue;
    }
    const teamId = teamIdByTownship.get(townshipOf(person.village_code));
    if (teamId === undefined) {
      continue;
    }
    const doctor = doctorOfTeam.get(townshipOf(person.village_code)) ?? null;
    const base = {
      county_code: countyCode,
      person_id: person.id,
      household_id: person.household_id,
      village_code: person.village_code,
      team_id: teamId,
      package_ids: [pkg.id],
      doctor_name: doctor,
      signed_by: ctx.doctorUserId,
    };
    if (random.chance(0.3)) {
      // Signed last year; most renewed the day after it ended.
      const start = dateBetween(random, `${year - 1}-01-01`, `${year - 1}-10-31`);
      const end = minimumContractEnd(start);
      const renewed = random.chance(0.82) ? renewalPeriod(end) : null;
      plannedContracts.push({
        person,
        values: {
          ...base,
          contract_no: contractNo(start),
          start_date: start,
          end_date: end,
          status: 'signed',
        },
        renewal:
          renewed && renewed.startDate <= asOf
            ? {
                ...base,
                contract_no: contractNo(renewed.startDate),
                start_date: renewed.startDate,
                end_date: renewed.endDate,
                status: 'renewed',
              }
            : null,
      });
      continue;
    }
    const start = dateBetween(random, yearStart, minDate(`${year}-06-30`, asOf));
    const cancelled = random.chance(0.03);
    const cancelDate = cancelled ? minDate(addDays(start, random.int(30, 200)), asOf) : null;
    plannedContracts.push({
      person,
      values: {
        ...base,
        contract_no: contractNo(start),
        start_date: start,
        end_date: minimumContractEnd(start),
        status: cancelled ? 'cancelled' : 'signed',
        cancel_reason: cancelled ? random.pick(['moved', 'voluntary', 'refused_year'] as const) : null,
        cancel_date: cancelDate,
        cancel_note: cancelled ? '演示数据：居民申请解约' : null,
      },
      renewal: null,
    });
  }
  const contracts: Contract[] = [];
  const contractIdOf = new Map<string, number>();
  const insertContracts = async (rows: Record<string, unknown>[]) => {
    for (const part of chunks(rows)) {
      const inserted = await trx
        .insertInto('fd_contract')
        .values(part as never)
        .returning([
          'id',
          'contract_no',
          'person_id',
          'village_code',
          'start_date',
          'end_date',
          'cancel_date',
        ])
        .execute();
      for (const r of inserted) {
        contractIdOf.set(r.contract_no, r.id);
        contracts.push({
          id: r.id,
          personId: r.person_id,
          villageCode: r.village_code,
          start: r.start_date,
          lastDay: r.cancel_date ? addDays(r.cancel_date, -1) : r.end_date,
        });
      }
    }
  };
  await insertContracts(plannedContracts.map((p) => p.values));
  await insertContracts(
    plannedContracts
      .filter((p) => p.renewal !== null)
      .map((p) => ({ ...p.renewal, renewed_from_id: contractIdOf.get(p.values.contract_no as string) })),
  );
  counts.contracts = contracts.length;
  const contractsOf = new Map<number, Contract[]>();
  for (const c of contracts) {
    contractsOf.set(c.personId, [...(contractsOf.get(c.personId) ?? []), c]);
  }
  const contractOn = (personId: number, date: IsoDate) =>
    contractsOf.get(personId)?.find((c) => c.start <= date && c.lastDay >= date);
  const fulfilments: Record<string, unknown>[] = [];
  const fulfil = (
    person: PersonRow,
    date: IsoDate,
    serviceCode: string,
    by: string,
    link: Record<string, number>,
  ) => {
    const contract = contractOn(person.id, date);
    const itemId = itemOf.get(serviceCode);
    if (contract && itemId !== undefined) {
      fulfilments.push({
        county_code: countyCode,
        contract_id: contract.id,
        item_id: itemId,
        person_id: person.id,
        village_code: person.village_code,
        service_date: date,
        performed_by: by,
        performed_by_user_id: ctx.doctorUserId,
        ...link,
      });
    }
  };

  // Enrolments and 2–5 follow-ups each in the year, computed with the service's assessVisit.
  type PlannedEnrolment = {
    values: Record<string, unknown>;
    person: PersonRow;
    visits: Record<string, unknown>[];
  };
  const enrolments: PlannedEnrolment[] = [];
  const doctorNameOf = (person: PersonRow) => doctorOfTeam.get(townshipOf(person.village_code)) ?? '村医';
  for (const [personId, chronic] of chronicOf) {
    for (const disease of ['hypertension', 'diabetes'] as const) {
      const diagnosis = chronic[disease];
      if (!diagnosis) {
        continue;
      }
      const person = diagnosis.person;
      const managedFrom = minDate(addDays(diagnosis.diagnosedOn, random.int(0, 14)), asOf);
      const visits: Record<string, unknown>[] = [];
      let nextDue = decideNextVisit({
        disease: 'hypertension',
        visitDate: managedFrom,
        classification: 'unsatisfactory',
      }).nextDueDate;
      let previous: string | null = null;
      let date = maxDate(
        addDays(managedFrom, random.int(3, 20)),
        dateBetween(random, yearStart, `${year}-03-15`),
      );
      const wanted = random.weighted([
        [2, 15],
        [3, 30],
        [4, 40],
        [5, 15],
      ] as const);
      const controlled = random.chance(disease === 'hypertension' ? 0.68 : 0.6);
      for (let i = 0; i < wanted && date <= asOf; i += 1) {
        const onTarget = controlled ? random.chance(0.85) : random.chance(0.25);
        const measurement =
          disease === 'hypertension'
            ? onTarget
              ? { systolic: random.int(112, 138), diastolic: random.int(68, 88) }
              : { systolic: random.int(142, 178), diastolic: random.int(86, 104) }
            : { fastingGlucoseTenths: onTarget ? random.int(48, 69) : random.int(72, 128) };
        const form = ZFollowUpVisit.parse({
          disease,
          visitDate: date,
          method: random.weighted([
            ['clinic', 60],
            ['home', 40],
          ] as const),
          doctorName: doctorNameOf(person),
          outcome: 'continue',
          symptoms: ['none'],
          ...measurement,
          hasAdverseReaction: false,
          adherence: random.weighted([
            ['regular', 80],
            ['intermittent', 15],
            ['none', 5],
          ] as const),
        }) as TFollowUpVisit;
        const assessment = assessVisit(form, {
          age: ageOn(person.birth_date, date),
          previousClassification: previous,
          notifiedOn: null,
        });
        previous = assessment.classification;
        nextDue = assessment.decision.nextDueDate;
        visits.push({
          county_code: countyCode,
          person_id: personId,
          village_code: person.village_code,
          disease,
          visit_date: date,
          method: form.method,
          form: JSON.stringify(form),
          systolic: 'systolic' in measurement ? measurement.systolic : null,
          diastolic: 'diastolic' in measurement ? measurement.diastolic : null,
          fasting_glucose_tenths:
            'fastingGlucoseTenths' in measurement ? measurement.fastingGlucoseTenths : null,
          danger_grade: null,
          classification: assessment.classification,
          is_red_alert: assessment.referral.isRedAlert,
          referral_triggers: JSON.stringify(assessment.referral.triggers),
          should_refer: assessment.decision.shouldRefer,
          next_due_date: nextDue,
          next_reason: assessment.decision.reason,
          outcome: 'continue',
          is_first_visit_late: null,
          doctor_name: form.doctorName,
          recorded_by: ctx.doctorUserId,
        });
        // Most are seen again about a quarter later (an unsatisfactory visit is usually rechecked
        // within weeks); some come late, which leaves a share overdue at the end.
        const gap = random.weighted([
          [random.int(80, 92), 80],
          [random.int(110, 160), 20],
        ] as const);
        date = addDays(date, assessment.classification === 'satisfactory' ? gap : random.int(14, 21));
      }
      enrolments.push({
        person,
        visits,
        values: {
          county_code: countyCode,
          person_id: personId,
          village_code: person.village_code,
          disease,
          managed_from: managedFrom,
          has_stroke_or_mi: chronic.stroke,
          next_due_date: nextDue,
        },
      });
    }
  }
  const visitRows: { values: Record<string, unknown>; person: PersonRow }[] = [];
  for (const part of chunks(enrolments)) {
    const rows = await trx
      .insertInto('fu_enrolment')
      .values(part.map((e) => e.values) as never)
      .returning(['id', 'person_id', 'disease'])
      .execute();
    const idOf = new Map(rows.map((r) => [`${r.person_id}|${r.disease}`, r.id]));
    for (const e of part) {
      const enrolmentId = idOf.get(`${e.person.id}|${e.values.disease}`) as number;
      for (const v of e.visits) {
        visitRows.push({ person: e.person, values: { ...v, enrolment_id: enrolmentId } });
      }
    }
  }
  counts.enrolments = enrolments.length;
  for (const part of chunks(visitRows)) {
    const rows = await trx
      .insertInto('fu_visit')
      .values(part.map((v) => v.values) as never)
      .returning(['id'])
      .execute();
    part.forEach((v, i) => {
      const id = rows[i]?.id;
      if (id !== undefined) {
        fulfil(
          v.person,
          v.values.visit_date as IsoDate,
          `followup_${v.values.disease}`,
          v.values.doctor_name as string,
          {
            visit_id: id,
          },
        );
      }
    });
  }
  counts.visits = visitRows.length;

  // Annual checkups: most chronic patients and about half of the other contracted elderly.
  const checkups: { person: PersonRow; values: Record<string, unknown> }[] = [];
  for (const person of persons) {
    const isPatient = chronicOf.has(person.id);
    const age = ageOn(person.birth_date, asOf);
    if (!contractsOf.has(person.id) || !random.chance(isPatient ? 0.8 : age >= 65 ? 0.5 : 0.08)) {
      continue;
    }
    const results = {
      systolic: random.int(108, 165),
      diastolic: random.int(64, 100),
      fastingGlucoseTenths: random.int(45, 95),
      bmiTenths: random.int(185, 295),
      totalCholesterolTenths: random.int(35, 68),
      ecgAbnormal: random.chance(0.08),
    };
    const flags = flagCheckupResults(results);
    checkups.push({
      person,
      values: {
        county_code: countyCode,
        person_id: person.id,
        village_code: person.village_code,
        check_date: dateBetween(random, `${year}-03-01`, minDate(`${year}-09-30`, asOf)),
        results: JSON.stringify(results),
        abnormal_flags: JSON.stringify(flags),
        conclusion: flags.length === 0 ? '未见明显异常' : `异常：${flags.map((f) => f.label).join('、')}`,
        doctor_name: doctorNameOf(person),
        recorded_by: ctx.doctorUserId,
      },
    });
  }
  for (const part of chunks(checkups)) {
    const rows = await trx
      .insertInto('health_checkup')
      .values(part.map((c) => c.values) as never)
      .returning(['id'])
      .execute();
    part.forEach((c, i) => {
      const id = rows[i]?.id;
      if (id !== undefined) {
        fulfil(c.person, c.values.check_date as IsoDate, 'health_check', c.values.doctor_name as string, {
          checkup_id: id,
        });
      }
    });
  }
  counts.checkups = checkups.length;
  await insertAll(fulfilments, (part) =>
    trx
      .insertInto('fd_fulfilment')
      .values(part as never)
      .execute(),
  );
  counts.fulfilments = fulfilments.length;
}

// ------------------------------------------------------------------ one-stop settlements

/** Same canonical JSON as the settlements service, so a retry of a demo claim is recognised as one. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const BASE_LAYERS = new Set(['basic_insurance', 'critical_illness', 'medical_assistance']);
const SETTLEMENT_TARGET = 300;

/** Policy-scope cost (yuan) of one admission by the kind of disease. */
function admissionCostYuan(random: Random, icdCode: string): number {
  if (icdCode.startsWith('C') || icdCode.startsWith('N18.5')) {
    return random.int(18_000, 85_000);
  }
  if (icdCode.startsWith('I69') || icdCode.startsWith('I25') || icdCode.startsWith('Q21')) {
    return random.int(8_000, 40_000);
  }
  return random.int(2_500, 12_000);
}

async function seedSettlements(
  ctx: Ctx,
  diagnoses: readonly SeededDiagnosis[],
  periods: Map<number, { category: RegistryCategory; validFrom: IsoDate; validTo: IsoDate | null }[]>,
  policy: { id: number; body: TPolicySet },
  clerkId: number | null,
): Promise<void> {
  const { random, asOf, countyCode, trx } = ctx;
  const year = Number(asOf.slice(0, 4));
  const ill = new Map<number, SeededDiagnosis[]>();
  for (const d of diagnoses) {
    if (d.verification.status !== 'rejected') {
      ill.set(d.person.id, [...(ill.get(d.person.id) ?? []), d]);
    }
  }
  // Serious conditions first in line for a hospital stay.
  const patients = [...ill.values()].filter(() => random.chance(0.3));
  const claims: { person: PersonRow; claim: TSettlementClaim }[] = [];
  let serial = 0;
  for (const list of patients) {
    if (claims.length >= SETTLEMENT_TARGET) {
      break;
    }
    const person = list[0]?.person as PersonRow;
    const serious = list.find((d) => /^(C|N18\.5|I69|I25|Q21)/.test(d.icdCode));
    const main = serious ?? (list[0] as SeededDiagnosis);
    const admissions = serious ? random.int(1, 3) : 1;
    let from = maxDate(`${year}-01-05`, main.diagnosedOn);
    for (let i = 0; i < admissions; i += 1) {
      const admission = dateBetween(random, from, minDate(addDays(from, 120), addDays(asOf, -25)));
      const discharge = addDays(admission, random.int(3, 18));
      if (admission < from || discharge > asOf) {
        break;
      }
      from = addDays(discharge, 7);
      serial += 1;
      const policyScopeFen = admissionCostYuan(random, main.icdCode) * 100;
      const outOfCatalogueFen = random.chance(0.4)
        ? divRoundHalfUp(policyScopeFen * random.int(2, 8), 100)
        : 0;
      const treatFirstPayLater = random.chance(0.85);
      claims.push({
        person,
        claim: {
          claimId: `ZY${year}${serial.toString().padStart(5, '0')}`,
          institutionLevel: 'county',
          visitType: 'inpatient',
          admissionDate: admission,
          dischargeDate: discharge,
          diagnosisCodes: [main.icdCode, ...list.filter((d) => d !== main).map((d) => d.icdCode)].slice(0, 3),
          totalFen: policyScopeFen + outOfCatalogueFen,
          policyScopeFen,
          outOfCatalogueFen,
          hasOutOfCatalogueConsent: outOfCatalogueFen > 0,
          categoryBFirstSelfPayFen: divRoundHalfUp(policyScopeFen * random.int(2, 6), 100),
          treatFirstPayLater,
          depositFen: treatFirstPayLater ? random.int(10, 50) * 10_000 : 0,
        },
      });
    }
  }
  // Settle in discharge order per person so the yearly accumulators chain as they do live.
  claims.sort(
    (a, b) => a.person.id - b.person.id || a.claim.dischargeDate.localeCompare(b.claim.dischargeDate),
  );
  const rows: Record<string, unknown>[] = [];
  const accumulators = new Map<string, { personId: number; year: number; body: TSettlementAccumulators }>();
  for (const { person, claim } of claims) {
    const claimYear = Number(claim.dischargeDate.slice(0, 4));
    const key = `${person.id}|${claimYear}`;
    const before = accumulators.get(key)?.body ?? createAccumulators(claimYear);
    const categories = categoriesOnDate(periods.get(person.id) ?? [], claim.dischargeDate).filter((c) =>
      (PERSON_CATEGORIES as readonly string[]).includes(c),
    );
    let result: SettlementResult;
    try {
      result = settleClaim(policy.body, claim, before, categories as never);
    } catch {
      continue;
    }
    const layerPaid = (code: string) => result.layers.find((l) => l.code === code)?.paidFen ?? 0;
    const { nextAccumulators, ...stored } = result;
    accumulators.set(key, { personId: person.id, year: claimYear, body: nextAccumulators });
    rows.push({
      county_code: countyCode,
      person_id: person.id,
      institution_code: DEMO_INSTITUTION,
      claim_no: claim.claimId,
      request_hash: crypto
        .createHash('sha256')
        .update(stableStringify({ idNumber: person.id_number, institutionCode: DEMO_INSTITUTION, claim }))
        .digest('hex'),
      policy_set_id: policy.id,
      visit_type: claim.visitType,
      institution_level: claim.institutionLevel,
      admission_date: claim.admissionDate,
      discharge_date: claim.dischargeDate,
      year: claimYear,
      categories: JSON.stringify(categories),
      claim: JSON.stringify(claim),
      result: JSON.stringify({ ...stored, nextAccumulators }),
      accumulators_before: JSON.stringify(before),
      total_fen: result.totalFen,
      basic_fen: layerPaid('basic_insurance'),
      critical_fen: layerPaid('critical_illness'),
      assistance_fen: layerPaid('medical_assistance'),
      other_fen: result.layers.filter((l) => !BASE_LAYERS.has(l.code)).reduce((s, l) => s + l.paidFen, 0),
      self_pay_fen: result.patientPaysFen,
      borne_fen: result.borneByFen,
      in_scope_fen: claim.policyScopeFen,
      in_scope_self_pay_fen: result.patientPolicyScopeFen,
      deposit_waived_fen: result.depositWaivedFen,
      is_treat_first_pay_later:
        claim.treatFirstPayLater && (result.depositWaivedFen > 0 || claim.depositFen === 0),
      created_by: clerkId,
    });
  }
  await insertAll(rows, (part) =>
    trx
      .insertInto('settlement')
      .values(part as never)
      .execute(),
  );
  await insertAll(
    [...accumulators.values()].map((a) => ({
      county_code: countyCode,
      person_id: a.personId,
      year: a.year,
      body: JSON.stringify(a.body),
    })),
    (part) => trx.insertInto('settlement_accumulator').values(part).execute(),
  );
  ctx.counts.settlements = rows.length;
}
