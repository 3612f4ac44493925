import {
  addDays,
  applyRateBp,
  buildCitizenId,
  categoriesOnDate,
  divRoundHalfUp,
  fromEpochDay,
  householdFactEvents,
  type IsoDate,
  type RegistryCategory,
  toEpochDay,
} from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { type BulkSession, PgArray, reserveIds, withBulkTransaction } from './bulk-copy.ts';

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
  id: number;
  household_no: string;
  village_code: string;
  address: string;
  head_name: string;
  poverty_attribute: 'general' | 'dibao' | 'tekun' | null;
  main_cause: string;
  other_causes: string[];
  registered_year: number | null;
  exit_status: 'not_exited' | 'exited';
  exit_year: number | null;
  monitoring_type: 'unstable' | 'edge' | 'sudden' | null;
  risk_status: 'not_eliminated' | 'eliminated' | null;
};

export type DemoCategory = { category: RegistryCategory; valid_from: IsoDate; valid_to: IsoDate | null };

export type DemoPerson = {
  id: number;
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
  categories: DemoCategory[];
};

export type DemoIncome = { household_no: string; year: number; per_capita_net_income_fen: number };

/** One household with its members and yearly incomes: the unit the generator streams. */
export type DemoHouseholdBundle = { household: DemoHousehold; persons: DemoPerson[]; incomes: DemoIncome[] };

export type DemoPopulation = {
  households: DemoHousehold[];
  persons: DemoPerson[];
  incomes: DemoIncome[];
};

export type DemoPopulationOptions = {
  countyCode: string;
  villages: readonly DemoVillage[];
  /** Exact number of persons to generate (the last household is cut to fit). */
  persons: number;
  seed: number;
  /** Reference "today" of the data set (no birth or event after it). */
  asOf: IsoDate;
  /** Villages given the largest weight (the demo accounts' villages, so their lists are full). */
  emphasisedVillages?: readonly string[];
  /** First ids to hand out (the database's next identity values); default 1. */
  firstHouseholdId?: number;
  firstPersonId?: number;
};

type MemberPlan = { relation: string; sex: 'M' | 'F'; age: number };

function planMembers(random: Random, size: number, minHeadAge: number): MemberPlan[] {
  const headSex = random.chance(0.78) ? 'M' : 'F';
  const headAge = random.int(Math.max(minHeadAge, size === 1 ? 55 : 32), 82);
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
const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/** Household sizes of the rural poor (mean about 2.9). */
const SIZES = [
  [1, 15],
  [2, 25],
  [3, 24],
  [4, 20],
  [5, 11],
  [6, 5],
] as const;

/**
 * Streams households with their members (pure given its options: no clock, no database). Two kinds of
 * household: 建档立卡 poor households registered 2014–2019, nearly all exited by 2020 and some of them
 * monitored since (脱贫不稳定户 / 突发严重困难户), and households that were never poor but are monitored since
 * 2021 (边缘易致贫户 / 突发严重困难户). Every ID is unique within the run.
 */
export function* generateHouseholds(options: DemoPopulationOptions): Generator<DemoHouseholdBundle> {
  const { countyCode, villages, seed, asOf } = options;
  if (villages.length === 0) {
    throw new Error(`区县${countyCode}没有村级区划，无法生成演示人口`);
  }
  if (!Number.isSafeInteger(options.persons) || options.persons < 1) {
    throw new RangeError(`人数“${options.persons}”无效：应为正整数`);
  }
  const random = createRandom(seed);
  const asOfDay = toEpochDay(asOf);
  const asOfYear = Number(asOf.slice(0, 4));
  // Unique IDs: (birth day, sequence) as one number, lighter than a set of strings at a million persons.
  const usedIds = new Set<number>();
  const perVillage = new Map<string, number>();
  const emphasised = new Set(options.emphasisedVillages ?? []);
  // Village weights: some villages are much poorer than others.
  const villageWeights = villages.map((v) => [v, emphasised.has(v.code) ? 8 : random.int(1, 6)] as const);
  let householdId = options.firstHouseholdId ?? 1;
  let personId = options.firstPersonId ?? 1;
  let remaining = options.persons;

  const uniqueId = (birthDate: IsoDate, sex: 'M' | 'F'): string => {
    const day = toEpochDay(birthDate);
    for (let attempt = 0; attempt < 2_000; attempt += 1) {
      let sequence = random.int(0, 999);
      if ((sequence % 2 === 1) !== (sex === 'M')) {
        sequence = (sequence + 1) % 1000;
      }
      const key = day * 1000 + sequence;
      if (!usedIds.has(key)) {
        usedIds.add(key);
        return buildCitizenId({ addressCode: countyCode, birthDate, sequence });
      }
    }
    throw new Error(`无法为出生日期${birthDate}生成不重复的身份证号`);
  };

  while (remaining > 0) {
    const village = random.weighted(villageWeights);
    const serial = (perVillage.get(village.code) ?? 0) + 1;
    perVillage.set(village.code, serial);
    const householdNo = `${village.code}${serial.toString().padStart(4, '0')}`;
    const size = Math.min(remaining, random.weighted(SIZES));
    remaining -= size;
    const surname = random.weighted(SURNAMES);
    const mainCause = random.weighted(CAUSES);
    const otherCauses = random.chance(0.35) ? [random.weighted(CAUSES)].filter((c) => c !== mainCause) : [];
    // 88 % 建档立卡 households; the rest entered the monitoring system later without ever being poor.
    const isPoor = random.chance(0.88);
    const attribute = isPoor
      ? random.weighted([
          ['general', 68],
          ['dibao', 27],
          ['tekun', 5],
        ] as const)
      : null;
    const registeredYear = isPoor
      ? random.weighted([
          [2014, 58],
          [2015, 18],
          [2016, 11],
          [2017, 8],
          [2018, 3],
          [2019, 2],
        ] as const)
      : null;
    const exited = isPoor && random.chance(0.995);
    const exitYear =
      exited && registeredYear !== null ? random.int(Math.max(2016, registeredYear + 1), 2020) : null;
    const monitoring: DemoHousehold['monitoring_type'] = isPoor
      ? random.chance(0.09)
        ? random.weighted([
            ['unstable', 75],
            ['sudden', 25],
          ] as const)
        : null
      : random.weighted([
          ['edge', 70],
          ['sudden', 30],
        ] as const);
    const riskEliminated = monitoring !== null && random.chance(0.62);
    const monitoredFrom = monitoring
      ? `${random.int(2021, asOfYear - 1)}-${pad(random.int(1, 12))}-01`
      : null;
    const monitoredTo =
      monitoredFrom && riskEliminated
        ? minDate(addDays(monitoredFrom, random.int(180, 720)), fromEpochDay(asOfDay - 1))
        : null;
    const registeredOn = registeredYear === null ? null : `${registeredYear}-${pad(random.int(3, 11))}-01`;
    const exitOn = exitYear === null ? null : `${exitYear}-12-31`;
    const villageShort = village.name.replace(/村民委员会$|居民委员会$/, '');
    const members = planMembers(random, size, 0);
    const dibaoHousehold =
      attribute === 'dibao' || (monitoring !== null && random.chance(monitoring === 'sudden' ? 0.35 : 0.2));
    const dibaoFrom = attribute === 'dibao' ? registeredOn : monitoredFrom;
    const edgeHousehold = monitoring === 'edge' && !dibaoHousehold && random.chance(0.3);
    let headName = '';
    const persons: DemoPerson[] = [];

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
      // Never before the birth (a toddler who moved out moved after being born).
      const statusDate =
        status === 'normal'
          ? null
          : fromEpochDay(Math.max(toEpochDay(birthDate) + 1, asOfDay - random.int(30, 1500)));
      const endOf = (to: IsoDate | null) =>
        statusDate && (to === null || to > statusDate) ? statusDate : to;
      const categories: DemoCategory[] = [];
      const add = (category: RegistryCategory, from: IsoDate, to: IsoDate | null) => {
        const start = maxDate(from, birthDate);
        const end = endOf(to);
        if (start <= asOf && (end === null || end >= start)) {
          categories.push({ category, valid_from: start, valid_to: end });
        }
      };
      if (registeredOn) {
        add('poor_registered', registeredOn, exitOn);
      }
      if (exitYear !== null) {
        add('poverty_exited', `${exitYear + 1}-01-01`, null);
      }
      if (dibaoHousehold && dibaoFrom) {
        add('dibao', dibaoFrom, random.chance(0.2) ? `${random.int(2019, asOfYear - 1)}-06-30` : null);
      } else if (edgeHousehold && monitoredFrom) {
        add('dibao_edge', monitoredFrom, null);
      } else if (random.chance(0.02)) {
        add('dibao_edge', `${random.int(2021, asOfYear - 1)}-01-01`, null);
      }
      if (attribute === 'tekun' && registeredOn && (member.relation === '户主' || member.age >= 60)) {
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
        id: personId++,
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

    const household: DemoHousehold = {
      id: householdId++,
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
    };

    // Per-capita net income (fen), whole yuan, growing 3–14 % a year from registration (or monitoring).
    const incomes: DemoIncome[] = [];
    const firstYear = registeredYear ?? Number((monitoredFrom ?? `${asOfYear - 1}`).slice(0, 4));
    let income = random.int(isPoor ? 2_300 : 5_500, isPoor ? 4_200 : 9_000) * 100;
    for (let year = firstYear; year < asOfYear; year += 1) {
      incomes.push({ household_no: householdNo, year, per_capita_net_income_fen: income });
      income = divRoundHalfUp(applyRateBp(income, 10_000 + random.int(300, 1_400)), 100) * 100;
    }
    yield { household, persons, incomes };
  }
}

/** Builds the whole population in memory (tests and small sizes; the loaders stream instead). */
export function generateDemoPopulation(options: DemoPopulationOptions): DemoPopulation {
  const population: DemoPopulation = { households: [], persons: [], incomes: [] };
  for (const bundle of generateHouseholds(options)) {
    population.households.push(bundle.household);
    population.persons.push(...bundle.persons);
    population.incomes.push(...bundle.incomes);
  }
  return population;
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
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

const HOUSEHOLD_COLUMNS = [
  'county_code',
  'id',
  'household_no',
  'village_code',
  'address',
  'head_name',
  'poverty_attribute',
  'main_cause',
  'other_causes',
  'registered_year',
  'exit_status',
  'exit_year',
  'monitoring_type',
  'risk_status',
] as const;
const PERSON_COLUMNS = [
  'county_code',
  'id',
  'id_number',
  'name',
  'sex',
  'birth_date',
  'household_id',
  'relation',
  'phone',
  'village_code',
  'status',
  'status_date',
  'is_insured',
  'has_premium_subsidy',
  'disability_cert',
  'needs_verification',
  'verification_reason',
] as const;

export type LoadedPopulation = { households: number; persons: number; categories: number };

/**
 * Streams a generated population into the database with COPY inside the caller's bulk transaction. The
 * registry tables are locked against other writers meanwhile (ids are handed out here). The registry
 * aggregates' rows are computed here with the same pure rule (`householdFactEvents`) that
 * `flushRegistryStats` applies and written with COPY, so the new households need no flush.
 */
export async function loadDemoPopulation(
  session: BulkSession,
  options: Omit<DemoPopulationOptions, 'firstHouseholdId' | 'firstPersonId'>,
  onProgress: (persons: number) => void = () => {},
): Promise<LoadedPopulation> {
  const { trx } = session;
  const { countyCode } = options;
  await sql`LOCK TABLE household, household_income, person, person_id_index, person_category IN EXCLUSIVE MODE`.execute(
    trx,
  );
  const householdIds = await reserveIds(trx, 'household');
  const personIds = await reserveIds(trx, 'person');
  const categoryIds = await reserveIds(trx, 'person_category');
  const households = session.table('household', HOUSEHOLD_COLUMNS);
  const incomes = session.table('household_income', [
    'county_code',
    'household_id',
    'year',
    'per_capita_net_income_fen',
  ]);
  const persons = session.table('person', PERSON_COLUMNS);
  const index = session.table('person_id_index', ['id_number', 'county_code', 'person_id']);
  const categories = session.table('person_category', [
    'county_code',
    'id',
    'person_id',
    'category',
    'valid_from',
    'valid_to',
    'source',
  ]);
  const factEvents = session.table('registry_fact_event', [
    'county_code',
    'household_key',
    'village_code',
    'metric',
    'day',
    'delta',
  ]);
  const villageDeltas = new Map<string, number>();
  const counts: LoadedPopulation = { households: 0, persons: 0, categories: 0 };
  for (const bundle of generateHouseholds({
    ...options,
    firstHouseholdId: householdIds.first,
    firstPersonId: personIds.first,
  })) {
    const h = bundle.household;
    householdIds.next();
    households.push(
      HOUSEHOLD_COLUMNS.map((c) =>
        c === 'county_code'
          ? countyCode
          : c === 'other_causes'
            ? new PgArray(h.other_causes)
            : h[c as keyof DemoHousehold],
      ),
    );
    for (const income of bundle.incomes) {
      incomes.push([countyCode, h.id, income.year, income.per_capita_net_income_fen]);
    }
    for (const p of bundle.persons) {
      personIds.next();
      persons.push(
        PERSON_COLUMNS.map((c) =>
          c === 'county_code' ? countyCode : c === 'household_id' ? h.id : p[c as keyof DemoPerson],
        ) as never,
      );
      index.push([p.id_number, countyCode, p.id]);
      for (const c of p.categories) {
        categories.push([
          countyCode,
          categoryIds.next(),
          p.id,
          c.category,
          c.valid_from,
          c.valid_to,
          '演示数据',
        ]);
        counts.categories += 1;
      }
    }
    // The registry aggregates' events, computed as flushRegistryStats would (same pure rule).
    const events = householdFactEvents({
      isHousehold: true,
      mainCause: h.main_cause,
      persons: bundle.persons.map((p) => ({
        status: p.status,
        statusDate: p.status_date,
        categories: p.categories.map((c) => ({
          category: c.category,
          validFrom: c.valid_from,
          validTo: c.valid_to,
        })),
      })),
    });
    for (const e of events) {
      factEvents.push([countyCode, `h${h.id}`, h.village_code, e.metric, e.day, e.delta]);
      const key = `${h.village_code}|${e.metric}|${e.day}`;
      villageDeltas.set(key, (villageDeltas.get(key) ?? 0) + e.delta);
    }
    counts.households += 1;
    counts.persons += bundle.persons.length;
    if (counts.households % 2_000 === 0) {
      await session.flushIfFull();
      onProgress(counts.persons);
    }
  }
  await session.flush();
  onProgress(counts.persons);
  await householdIds.commit();
  await personIds.commit();
  await categoryIds.commit();
  // Per-village sums, added to whatever the table holds (a county without households sums to zero).
  await sql`CREATE TEMP TABLE demo_count_delta (LIKE registry_count_delta) ON COMMIT DROP`.execute(trx);
  const deltas = session.table('demo_count_delta', ['county_code', 'village_code', 'metric', 'day', 'delta']);
  for (const [key, delta] of villageDeltas) {
    if (delta !== 0) {
      const [village, metric, day] = key.split('|');
      deltas.push([countyCode, village ?? '', metric ?? '', day ?? '', delta]);
    }
  }
  await session.flush();
  // The writers' triggers marked these households dirty; their events are already applied, so a flush would
  // only subtract and re-add the same rows.
  await sql`DELETE FROM registry_stats_dirty WHERE county_code = ${countyCode}
    AND household_key IN (SELECT 'h' || id FROM household WHERE county_code = ${countyCode} AND id >= ${householdIds.first})`.execute(
    trx,
  );
  await sql`INSERT INTO registry_count_delta (county_code, village_code, metric, day, delta)
    SELECT county_code, village_code, metric, day, delta FROM demo_count_delta
    ON CONFLICT (county_code, village_code, metric, day)
    DO UPDATE SET delta = registry_count_delta.delta + excluded.delta`.execute(trx);
  return counts;
}

/** The demo county's size: about the 建档立卡 population of 青龙满族自治县 (domain.md §0). */
export const DEMO_POPULATION_DEFAULTS = {
  persons: 70_000,
  seed: 1,
  asOf: '2026-11-01',
  emphasisedVillages: ['130321100201'],
} as const;

/** Whether the county already has households (the demo is loaded into an empty county only). */
export async function countyHasHouseholds(db: Kysely<DB>, countyCode: string): Promise<boolean> {
  const existing = await db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  return existing !== undefined;
}

/** Generates and loads the demo population (COPY, one transaction) unless the county already has households. */
export async function seedDemoPopulationIfEmpty(
  database: Pick<Database, 'db' | 'pgPool' | 'pglite'>,
  countyCode: string,
  options: Partial<Pick<DemoPopulationOptions, 'persons' | 'seed' | 'asOf' | 'emphasisedVillages'>> = {},
): Promise<LoadedPopulation | null> {
  if (await countyHasHouseholds(database.db, countyCode)) {
    return null;
  }
  const villages = await loadDemoVillages(database.db, countyCode);
  return withBulkTransaction(database, (session) =>
    loadDemoPopulation(session, {
      countyCode,
      villages,
      persons: options.persons ?? DEMO_POPULATION_DEFAULTS.persons,
      seed: options.seed ?? DEMO_POPULATION_DEFAULTS.seed,
      asOf: options.asOf ?? DEMO_POPULATION_DEFAULTS.asOf,
      emphasisedVillages: options.emphasisedVillages ?? DEMO_POPULATION_DEFAULTS.emphasisedVillages,
    }),
  );
}
