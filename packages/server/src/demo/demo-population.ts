import {
  addDays,
  applyRateBp,
  buildCitizenId,
  categoriesOnDate,
  divRoundHalfUp,
  fromEpochDay,
  type IsoDate,
  type RegistryCategory,
  toEpochDay,
} from '@healthaid/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Deterministic demo population of one county: households in its real villages, persons with valid
 * synthetic citizen IDs (county prefix, plausible birth dates, correct check characters), common names,
 * effective-dated categories, poverty causes (因病 near 40 % of households) and yearly incomes in fen.
 * The same seed and village list always give the same rows. Randomness lives here (server demo code),
 * never in the domain package.
 */

/** Small, fast, seedable PRNG (mulberry32). */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** Integer in [min, max], both inclusive. */
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chance = (probability: number) => next() < probability;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  /** Picks by integer weights. */
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) {
        return value;
      }
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  };
  return { next, int, chance, pick, weighted };
}
export type Random = ReturnType<typeof createRandom>;

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 90],
  ['李', 85],
  ['张', 80],
  ['刘', 70],
  ['陈', 40],
  ['杨', 40],
  ['赵', 45],
  ['黄', 20],
  ['周', 25],
  ['吴', 20],
  ['徐', 20],
  ['孙', 35],
  ['胡', 15],
  ['朱', 15],
  ['高', 30],
  ['林', 10],
  ['何', 12],
  ['郭', 22],
  ['马', 25],
  ['罗', 8],
  ['于', 30],
  ['宋', 20],
  ['韩', 20],
  ['常', 12],
  ['董', 15],
  ['冯', 12],
  ['曹', 12],
  ['邢', 10],
  ['关', 12],
  ['佟', 10],
  ['付', 10],
  ['白', 10],
  ['魏', 10],
  ['田', 12],
  ['崔', 10],
  ['姜', 8],
  ['梁', 8],
  ['贾', 8],
  ['石', 8],
  ['欧阳', 1],
];
const MALE_CHARS = '伟强军磊勇杰涛明刚平辉建国志华海峰斌庆东文成立春福山林俊宝金永德贵全学江';
const FEMALE_CHARS = '芳娜敏静丽艳霞秀英华玉兰桂凤红梅琴云洁颖淑珍翠荣燕萍霞丹莉娟爱春香';

function personName(random: Random, surname: string, sex: 'M' | 'F'): string {
  const chars = Array.from(sex === 'M' ? MALE_CHARS : FEMALE_CHARS);
  const given = random.pick(chars) + (random.chance(0.55) ? random.pick(chars) : '');
  return surname + given;
}

const CAUSES: readonly (readonly [string, number])[] = [
  ['因病', 40],
  ['因残', 14],
  ['因学', 10],
  ['缺劳力', 8],
  ['缺资金', 8],
  ['缺技术', 7],
  ['因灾', 4],
  ['缺土地', 3],
  ['缺水', 2],
  ['交通条件落后', 2],
  ['自身发展动力不足', 1],
  ['其他', 1],
];

export type DemoVillage = { code: string; name: string; townshipName: string };

export type DemoHousehold = {
  household_no: string;
  village_code: string;
  address: string;
  head_name: string;
  poverty_attribute: 'general' | 'dibao' | 'tekun';
  main_cause: string;
  other_causes: string[];
  registered_year: number;
  exit_status: 'not_exited' | 'exited';
  exit_year: number | null;
  monitoring_type: 'unstable' | 'edge' | 'sudden' | null;
  risk_status: 'not_eliminated' | 'eliminated' | null;
};

export type DemoPerson = {
  household_no: string;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: IsoDate;
  relation: string;
  phone: string | null;
  village_code: string;
  status: 'normal' | 'dead' | 'moved_out';
  status_date: IsoDate | null;
  is_insured: boolean;
  has_premium_subsidy: boolean;
  disability_cert: string | null;
  needs_verification: boolean;
  verification_reason: string | null;
  categories: { category: RegistryCategory; valid_from: IsoDate; valid_to: IsoDate | null }[];
};

export type DemoPopulation = {
  households: DemoHousehold[];
  persons: DemoPerson[];
  incomes: { household_no: string; year: number; per_capita_net_income_fen: number }[];
};

export type DemoPopulationOptions = {
  countyCode: string;
  villages: readonly DemoVillage[];
  households: number;
  seed: number;
  /** Reference "today" of the data set (no birth or event after it). */
  asOf: IsoDate;
};

type MemberPlan = { relation: string; sex: 'M' | 'F'; age: number };

function planMembers(random: Random, size: number): MemberPlan[] {
  const headSex = random.chance(0.78) ? 'M' : 'F';
  const headAge = random.int(size === 1 ? 55 : 32, 82);
  const members: MemberPlan[] = [{ relation: '户主', sex: headSex, age: headAge }];
  const other = (sex: 'M' | 'F') => (sex === 'M' ? 'F' : 'M');
  if (size >= 2) {
    members.push({ relation: '配偶', sex: other(headSex), age: Math.max(20, headAge + random.int(-6, 4)) });
  }
  let childAge = headAge - random.int(22, 32);
  while (members.length < size) {
    if (childAge >= 0) {
      const sex = random.chance(0.52) ? 'M' : 'F';
      members.push({ relation: sex === 'M' ? '之子' : '之女', sex, age: childAge });
      childAge -= random.int(2, 6);
      if (childAge >= 22 && members.length < size && random.chance(0.3)) {
        const inLawSex = random.chance(0.7) ? 'F' : 'M';
        members.push({ relation: inLawSex === 'F' ? '之儿媳' : '之女婿', sex: inLawSex, age: childAge + 2 });
      }
    } else if (headAge < 55) {
      const sex = random.chance(0.5) ? 'M' : 'F';
      members.push({ relation: sex === 'M' ? '之父' : '之母', sex, age: headAge + random.int(22, 30) });
    } else {
      const sex = random.chance(0.5) ? 'M' : 'F';
      members.push({ relation: sex === 'M' ? '之孙子' : '之孙女', sex, age: random.int(1, 16) });
    }
  }
  return members.slice(0, size);
}

/** Categories whose premium is (fully or partly) subsidised (资助参保). */
const SUBSIDISED = new Set<RegistryCategory>([
  'poor_registered',
  'poverty_exited',
  'dibao',
  'tekun',
  'severe_disability',
  'monitored',
]);

const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

/** Builds the population in memory (pure given its options; no database). */
export function generateDemoPopulation(options: DemoPopulationOptions): DemoPopulation {
  const { countyCode, villages, seed, asOf } = options;
  if (villages.length === 0) {
    throw new Error(`区县${countyCode}没有村级区划，无法生成演示人口`);
  }
  const random = createRandom(seed);
  const asOfDay = toEpochDay(asOf);
  const asOfYear = Number(asOf.slice(0, 4));
  const usedIds = new Set<string>();
  const perVillage = new Map<string, number>();
  const households: DemoHousehold[] = [];
  const persons: DemoPerson[] = [];
  const incomes: DemoPopulation['incomes'] = [];
  // Village weights: some villages are much poorer than others.
  const villageWeights = villages.map((v) => [v, random.int(1, 6)] as const);

  const uniqueId = (birthDate: IsoDate, sex: 'M' | 'F'): string => {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      let sequence = random.int(0, 999);
      if ((sequence % 2 === 1) !== (sex === 'M')) {
        sequence = (sequence + 1) % 1000;
      }
      const id = buildCitizenId({ addressCode: countyCode, birthDate, sequence });
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
    throw new Error(`无法为出生日期${birthDate}生成不重复的身份证号`);
  };

  for (let h = 0; h < options.households; h += 1) {
    const village = random.weighted(villageWeights);
    const serial = (perVillage.get(village.code) ?? 0) + 1;
    perVillage.set(village.code, serial);
    const householdNo = `${village.code}${serial.toString().padStart(4, '0')}`;
    const size = random.weighted([
      [1, 15],
      [2, 25],
      [3, 24],
      [4, 20],
      [5, 11],
      [6, 5],
    ] as const);
    const surname = random.weighted(SURNAMES);
    const attribute = random.weighted([
      ['general', 70],
      ['dibao', 25],
      ['tekun', 5],
    ] as const);
    const mainCause = random.weighted(CAUSES);
    const otherCauses = random.chance(0.35) ? [random.weighted(CAUSES)].filter((c) => c !== mainCause) : [];
    const registeredYear = random.weighted([
      [2014, 60],
      [2015, 20],
      [2016, 12],
      [2017, 8],
    ] as const);
    const exited = random.chance(0.9);
    const exitYear = exited ? random.int(Math.max(2016, registeredYear + 1), 2020) : null;
    const monitoring = random.chance(0.12)
      ? random.weighted([
          ['unstable', 50],
          ['edge', 35],
          ['sudden', 15],
        ] as const)
      : null;
    const riskEliminated = monitoring !== null && random.chance(0.6);
    const monitoredFrom = monitoring
      ? `${random.int(2021, asOfYear - 1)}-${pad(random.int(1, 12))}-01`
      : null;
    const monitoredTo =
      monitoredFrom && riskEliminated
        ? minDate(addDays(monitoredFrom, random.int(180, 720)), fromEpochDay(asOfDay - 1))
        : null;
    const registeredOn = `${registeredYear}-${pad(random.int(3, 11))}-01`;
    const exitOn = exitYear === null ? null : `${exitYear}-12-31`;
    const villageShort = village.name.replace(/村民委员会$|居民委员会$/, '');
    const members = planMembers(random, size);
    let headName = '';

    for (const member of members) {
      const birthYear = asOfYear - member.age;
      const birthDay = toEpochDay(`${birthYear}-01-01`) + random.int(0, 364);
      const birthDate = fromEpochDay(Math.min(birthDay, asOfDay - 30));
      const name = personName(
        random,
        member.relation === '配偶' ? random.weighted(SURNAMES) : surname,
        member.sex,
      );
      if (member.relation === '户主') {
        headName = name;
      }
      const idNumber = uniqueId(birthDate, member.sex);
      const roll = random.next();
      const status = member.age >= 70 && roll < 0.08 ? 'dead' : roll > 0.985 ? 'moved_out' : 'normal';
      const statusDate = status === 'normal' ? null : fromEpochDay(asOfDay - random.int(30, 1500));
      const endOf = (to: IsoDate | null) =>
        statusDate && (to === null || to > statusDate) ? statusDate : to;
      const validFrom = (from: IsoDate) => maxDate(from, birthDate);
      const categories: DemoPerson['categories'] = [];
      const add = (category: RegistryCategory, from: IsoDate, to: IsoDate | null) => {
        const start = validFrom(from);
        const end = endOf(to);
        if (end === null || end >= start) {
          categories.push({ category, valid_from: start, valid_to: end });
        }
      };
      add('poor_registered', registeredOn, exitOn);
      if (exitYear !== null) {
        add('poverty_exited', `${exitYear + 1}-01-01`, null);
      }
      if (attribute === 'dibao') {
        add('dibao', registeredOn, random.chance(0.2) ? `${random.int(2019, asOfYear - 1)}-06-30` : null);
      } else if (random.chance(0.03)) {
        add('dibao_edge', `${random.int(2021, asOfYear - 1)}-01-01`, null);
      }
      if (attribute === 'tekun' && (member.relation === '户主' || member.age >= 60)) {
        add('tekun', registeredOn, null);
      }
      const isSevereDisabled = (mainCause === '因残' && member.relation === '户主') || random.chance(0.03);
      if (isSevereDisabled) {
        add('severe_disability', `${random.int(2012, asOfYear - 1)}-${pad(random.int(1, 12))}-15`, null);
      }
      if (monitoredFrom) {
        add('monitored', monitoredFrom, monitoredTo);
      }
      const needsVerification = status === 'normal' && random.chance(0.012);
      persons.push({
        household_no: householdNo,
        id_number: idNumber,
        name,
        sex: member.sex,
        birth_date: birthDate,
        relation: member.relation,
        phone:
          member.relation === '户主' || (member.age >= 18 && random.chance(0.3))
            ? `1${random.pick(['3', '5', '8'])}${random.int(0, 9)}${random.int(0, 99_999_999).toString().padStart(8, '0')}`
            : null,
        village_code: village.code,
        status,
        status_date: statusDate,
        is_insured: status === 'normal' ? random.chance(0.985) : false,
        has_premium_subsidy: categoriesOnDate(
          categories.map((c) => ({ category: c.category, validFrom: c.valid_from, validTo: c.valid_to })),
          asOf,
        ).some((c) => SUBSIDISED.has(c)),
        disability_cert: isSevereDisabled ? `${idNumber}${random.int(1, 7)}${random.int(1, 2)}` : null,
        needs_verification: needsVerification,
        verification_reason: needsVerification
          ? random.pick(['扶贫办最新名单中未找到此人', '医保参保名单与登记信息不一致', '村医反映已长期外出'])
          : null,
        categories,
      });
    }

    households.push({
      household_no: householdNo,
      village_code: village.code,
      address: `${village.townshipName}${villageShort}${random.int(1, 9)}组${random.int(1, 120)}号`,
      head_name: headName,
      poverty_attribute: attribute,
      main_cause: mainCause,
      other_causes: otherCauses,
      registered_year: registeredYear,
      exit_status: exited ? 'exited' : 'not_exited',
      exit_year: exitYear,
      monitoring_type: monitoring,
      risk_status: monitoring ? (riskEliminated ? 'eliminated' : 'not_eliminated') : null,
    });

    // Per-capita net income (fen), whole yuan, growing 3–14 % a year from the registration year.
    let income = random.int(2_300, 4_200) * 100;
    for (let year = registeredYear; year < asOfYear; year += 1) {
      incomes.push({ household_no: householdNo, year, per_capita_net_income_fen: income });
      income = divRoundHalfUp(applyRateBp(income, 10_000 + random.int(300, 1_400)), 100) * 100;
    }
  }
  return { households, persons, incomes };
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** Splits rows into chunks for multi-row INSERTs (well under the 65,535 bind-parameter limit). */
function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    result.push(rows.slice(i, i + size));
  }
  return result;
}

/** Rural villages (村民委员会, village part 200–599) of a county with their township names. */
export async function loadDemoVillages(db: Kysely<DB>, countyCode: string): Promise<DemoVillage[]> {
  const rows = await db
    .selectFrom('region as v')
    .innerJoin('region as t', 't.code', 'v.parent_code')
    .select(['v.code', 'v.name', 't.name as township_name'])
    .where('v.level', '=', 'village')
    .where('v.code', 'like', `${countyCode}%`)
    .orderBy('v.code')
    .execute();
  const rural = rows.filter((r) => r.code.slice(9) >= '200' && r.code.slice(9) < '600');
  return (rural.length > 0 ? rural : rows).map((r) => ({
    code: r.code,
    name: r.name,
    townshipName: r.township_name,
  }));
}

const CHUNK = 1_000;

/** Inserts a generated population with multi-row INSERTs in one transaction. */
export async function insertDemoPopulation(
  db: Kysely<DB>,
  countyCode: string,
  population: DemoPopulation,
): Promise<{ households: number; persons: number }> {
  await db.transaction().execute(async (trx) => {
    const householdIds = new Map<string, number>();
    for (const chunk of chunks(population.households, CHUNK)) {
      const rows = await trx
        .insertInto('household')
        .values(chunk.map((h) => ({ county_code: countyCode, ...h })))
        .returning(['id', 'household_no'])
        .execute();
      for (const row of rows) {
        householdIds.set(row.household_no, row.id);
      }
    }
    await insertIncomes(trx, countyCode, population, householdIds);
    for (const chunk of chunks(population.persons, CHUNK)) {
      const rows = await trx
        .insertInto('person')
        .values(
          chunk.map(({ categories: _categories, household_no, ...p }) => ({
            county_code: countyCode,
            ...p,
            household_id: householdIds.get(household_no) ?? null,
          })),
        )
        .returning(['id', 'id_number'])
        .execute();
      const personIds = new Map(rows.map((r) => [r.id_number, r.id]));
      await trx
        .insertInto('person_id_index')
        .values(rows.map((r) => ({ id_number: r.id_number, county_code: countyCode, person_id: r.id })))
        .execute();
      const categories = chunk.flatMap((p) =>
        p.categories.map((c) => ({
          county_code: countyCode,
          person_id: personIds.get(p.id_number) as number,
          ...c,
          source: '演示数据',
        })),
      );
      for (const part of chunks(categories, CHUNK)) {
        await trx.insertInto('person_category').values(part).execute();
      }
    }
  });
  return { households: population.households.length, persons: population.persons.length };
}

async function insertIncomes(
  trx: Transaction<DB>,
  countyCode: string,
  population: DemoPopulation,
  householdIds: Map<string, number>,
): Promise<void> {
  const rows = population.incomes.map((i) => ({
    county_code: countyCode,
    household_id: householdIds.get(i.household_no) as number,
    year: i.year,
    per_capita_net_income_fen: i.per_capita_net_income_fen,
  }));
  for (const chunk of chunks(rows, CHUNK * 2)) {
    await trx.insertInto('household_income').values(chunk).execute();
  }
}

export const DEMO_POPULATION_DEFAULTS = { households: 2_000, seed: 1, asOf: '2026-11-01' } as const;

/** Generates and loads the demo population unless the county already has households. */
export async function seedDemoPopulationIfEmpty(
  db: Kysely<DB>,
  countyCode: string,
  options: Partial<Pick<DemoPopulationOptions, 'households' | 'seed' | 'asOf'>> = {},
): Promise<{ households: number; persons: number } | null> {
  const existing = await db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    return null;
  }
  const villages = await loadDemoVillages(db, countyCode);
  const population = generateDemoPopulation({
    countyCode,
    villages,
    households: options.households ?? DEMO_POPULATION_DEFAULTS.households,
    seed: options.seed ?? DEMO_POPULATION_DEFAULTS.seed,
    asOf: options.asOf ?? DEMO_POPULATION_DEFAULTS.asOf,
  });
  return insertDemoPopulation(db, countyCode, population);
}
