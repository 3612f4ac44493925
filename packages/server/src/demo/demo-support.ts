import {
  addDays,
  ageOn,
  buildCitizenId,
  countedRecordIds,
  fromEpochDay,
  hoursOfLife,
  type IsoDate,
  initialScreeningReferralStatus,
  isRuralVillageName,
  POLICY_QUESTIONNAIRES,
  type PolicyQuestionnaire,
  SCREENING_PROGRAMMES,
  SCREENING_RULES,
  type ScreeningProgramme,
  type ScreeningReferralStatus,
  type ScreeningResult,
  type SupportNeed,
  scoreSurvey,
  toEpochDay,
  twoCancersPriorityGroup,
} from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { targetHouseholds } from '../modules/household-support/support-indicator-sources.ts';
import { createRandom, DEMO_POPULATION_DEFAULTS, type Random } from './demo-population.ts';

/**
 * Deterministic demo data of the 两筛两癌 and 入户帮扶 modules for the demo county, on top of its population:
 *
 * - Screening targets for 2025 and 2026 per township, and screening records of residents: registry women
 *   in the two-cancer programme (linked by person) and residents outside the registry (synthetic valid ID
 *   numbers; newborns often only by the mother's). Volumes are those of a county whose residents number
 *   `residentsPerRegistryPerson` × the registry (≈ 3 × 70,000): about 1,700 live births and 2 × 3,000
 *   two-cancer tasks a year. Abnormal results carry referrals in every state; some are re-checked (kept,
 *   counted once).
 * - Three 大走访 campaigns (2025 winter and 2026 spring county-wide, one township campaign running on
 *   `asOf`), visits of nearly every household in scope (some not at home), policy-awareness surveys at part of
 *   the visits, and 爱心保健箱 handed out (a first batch in 2025, the rest in spring 2026, refills later).
 *
 * Rows are computed with the domain rules the services use and inserted with multi-row INSERTs in one
 * transaction. Same seed and population → same rows. No clock: every date is derived from `asOf`.
 */

export type DemoSupportOptions = { seed?: number; asOf?: IsoDate; residentsPerRegistryPerson?: number };
export type DemoSupportCounts = {
  targets: number;
  screenings: number;
  campaigns: number;
  visits: number;
  surveys: number;
  kits: number;
};

type Trx = Transaction<DB>;
const CHUNK = 1_000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    result.push(rows.slice(i, i + size));
  }
  return result;
}

const pad2 = (n: number) => n.toString().padStart(2, '0');
const clock = (minutes: number) => `${pad2(Math.floor(minutes / 60) % 24)}:${pad2(minutes % 60)}`;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高郭马于宋韩董冯曹常关佟付白田崔';
const GIVEN_F = '芳娜敏静丽艳霞秀英玉兰桂凤红梅琴云洁颖淑珍翠荣燕萍丹莉娟春香';
const GIVEN_STAFF = '伟强军磊勇杰涛明刚平辉建国志华海峰斌庆东文成立春福山林俊宝';

const SURNAME_CHARS = Array.from(SURNAMES);
const FEMALE_CHARS = Array.from(GIVEN_F);
const STAFF_CHARS = Array.from(GIVEN_STAFF);

function womanName(random: Random): string {
  return (
    random.pick(SURNAME_CHARS) +
    random.pick(FEMALE_CHARS) +
    (random.chance(0.5) ? random.pick(FEMALE_CHARS) : '')
  );
}

function staffName(random: Random): string {
  return (
    random.pick(SURNAME_CHARS) +
    random.pick(STAFF_CHARS) +
    (random.chance(0.5) ? random.pick(STAFF_CHARS) : '')
  );
}

// ------------------------------------------------------------------ what the demo county holds

type Village = { code: string; name: string; township: string };
type Township = { code: string; name: string; villages: Village[]; weight: number };
type Household = { id: number; no: string; villageCode: string; headName: string };
/** A registry woman who may be screened for the two cancers (aged about 34–66 on `asOf`). */
type RegistryWoman = {
  id: number;
  name: string;
  birthDate: IsoDate;
  villageCode: string;
  idNumber: string;
  isLowIncome: boolean;
};

/**
 * What the generator needs of the county, read with a few narrow queries (not the whole registry): regions,
 * households, one adult respondent per household, registry women of two-cancer age, and — per date — the
 * households in scope of a 大走访 (the same SQL as the indicator).
 */
async function loadCounty(db: Kysely<DB>, countyCode: string, asOf: IsoDate) {
  const regions = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', 'like', `${countyCode}%`)
    .where('level', 'in', ['township', 'village'])
    .orderBy('code')
    .execute();
  const townships = new Map<string, Township>();
  for (const r of regions.filter((r) => r.level === 'township')) {
    townships.set(r.code, { code: r.code, name: r.name, villages: [], weight: 1 });
  }
  for (const r of regions.filter((r) => r.level === 'village')) {
    townships
      .get(r.parent_code ?? '')
      ?.villages.push({ code: r.code, name: r.name, township: r.parent_code ?? '' });
  }
  const households: Household[] = (
    await db
      .selectFrom('household')
      .select(['id', 'household_no', 'village_code', 'head_name'])
      .where('county_code', '=', countyCode)
      .orderBy('id')
      .execute()
  ).map((h) => ({ id: h.id, no: h.household_no, villageCode: h.village_code, headName: h.head_name ?? '' }));
  for (const h of households) {
    const t = townships.get(`${h.villageCode.slice(0, 9)}000`);
    if (t) {
      t.weight += 1;
    }
  }
  const adultBorn = addDays(asOf, -18 * 366);
  const { rows: respondentRows } = await sql<{ household_id: number; id: number; name: string }>`
    SELECT DISTINCT ON (household_id) household_id, id, name FROM person
    WHERE county_code = ${countyCode} AND household_id IS NOT NULL AND status = 'normal' AND birth_date <= ${adultBorn}
    ORDER BY household_id, (relation = '户主') DESC, id`.execute(db);
  const respondents = new Map(respondentRows.map((r) => [r.household_id, { id: r.id, name: r.name }]));
  const { rows: womenRows } = await sql<{
    id: number;
    name: string;
    birth_date: string;
    village_code: string;
    id_number: string;
    is_low_income: boolean;
  }>`
    SELECT p.id, p.name, p.birth_date, p.village_code, p.id_number,
      EXISTS (SELECT 1 FROM person_category c WHERE c.county_code = p.county_code AND c.person_id = p.id
        AND c.category IN ('dibao', 'tekun', 'dibao_edge') AND c.valid_from <= ${asOf}
        AND (c.valid_to IS NULL OR c.valid_to >= ${asOf})) AS is_low_income
    FROM person p
    WHERE p.county_code = ${countyCode} AND p.sex = 'F' AND p.status = 'normal'
      AND p.birth_date BETWEEN ${addDays(asOf, -66 * 366)} AND ${addDays(asOf, -34 * 365)}
    ORDER BY p.id`.execute(db);
  const registryWomen: RegistryWoman[] = womenRows.map((w) => ({
    id: w.id,
    name: w.name,
    birthDate: w.birth_date,
    villageCode: w.village_code,
    idNumber: w.id_number,
    isLowIncome: w.is_low_income,
  }));
  const targetOn = async (date: IsoDate) => {
    const { rows } = await sql<{ household_id: number }>`
      SELECT household_id FROM (${targetHouseholds(countyCode, date)}) t`.execute(db);
    return new Set(rows.map((r) => r.household_id));
  };
  return {
    townships: [...townships.values()].filter((t) => t.villages.length > 0),
    households,
    respondents,
    registryWomen,
    targetOn,
  };
}
type County = Awaited<ReturnType<typeof loadCounty>>;

/** Synthetic ID numbers of residents outside the registry, checked against it in one query. */
async function uniqueIdsFactory(db: Kysely<DB>, countyCode: string, random: Random) {
  const used = new Set<string>();
  const make = (birthDate: IsoDate, sex: 'M' | 'F') => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      let sequence = random.int(0, 999);
      if ((sequence % 2 === 1) !== (sex === 'M')) {
        sequence = (sequence + 1) % 1000;
      }
      const id = buildCitizenId({ addressCode: countyCode, birthDate, sequence });
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
    throw new Error(`无法为出生日期${birthDate}生成不重复的身份证号`);
  };
  /** Which of the generated numbers belong to registry persons (to be replaced). */
  const clashes = async () => {
    const { rows } = await sql<{ id_number: string }>`
      SELECT id_number FROM person_id_index WHERE id_number = ANY(${[...used]}::text[])`.execute(db);
    return new Set(rows.map((r) => r.id_number));
  };
  return { make, clashes };
}

// ------------------------------------------------------------------ screenings

const RESULT_RATES: Record<ScreeningProgramme, { abnormal: number; followUp: number }> = {
  prenatal_serum: { abnormal: 0.045, followUp: 0.01 },
  prenatal_ultrasound: { abnormal: 0.015, followUp: 0.01 },
  newborn_metabolic: { abnormal: 0.001, followUp: 0.006 },
  newborn_hearing: { abnormal: 0.002, followUp: 0.04 },
  cervical: { abnormal: 0.02, followUp: 0.045 },
  breast: { abnormal: 0.015, followUp: 0.035 },
};

const DETAILS: Record<ScreeningProgramme, { abnormal: string[]; followUp: string[]; diagnoses: string[] }> = {
  prenatal_serum: {
    abnormal: [
      '21-三体高风险（1/180）',
      '21-三体高风险（1/95）',
      '18-三体高风险（1/260）',
      '开放性神经管缺陷高风险',
    ],
    followUp: ['21-三体临界风险（1/520），建议无创DNA检测'],
    diagnoses: ['无创DNA低风险，继续妊娠', '羊水穿刺核型正常'],
  },
  prenatal_ultrasound: {
    abnormal: ['胎儿室间隔缺损可疑', '胎儿唇裂可疑', '单脐动脉'],
    followUp: ['胎儿体位不佳，心脏显示不清，两周后复查'],
    diagnoses: ['胎儿室间隔缺损（膜周部）', '复查未见明显异常'],
  },
  newborn_metabolic: {
    abnormal: ['TSH 明显增高'],
    followUp: ['TSH 偏高，召回复查', 'Phe 偏高，召回复查'],
    diagnoses: ['先天性甲状腺功能减低症，已服药治疗', '高苯丙氨酸血症'],
  },
  newborn_hearing: {
    abnormal: ['双耳AABR未通过'],
    followUp: ['右耳未通过初筛，42天复筛', '左耳未通过初筛，42天复筛'],
    diagnoses: ['感音神经性听力损失（轻度）', '复筛双耳通过'],
  },
  cervical: {
    abnormal: ['HPV16/18阳性', 'TCT：LSIL', 'TCT：HSIL'],
    followUp: ['HPV其他高危型阳性，建议TCT分流', 'TCT：ASC-US'],
    diagnoses: ['CIN1', 'CIN2', 'CIN3', '宫颈癌 IA期'],
  },
  breast: {
    abnormal: ['BI-RADS 4a类', 'BI-RADS 4b类'],
    followUp: ['BI-RADS 3类，6个月复查', '乳腺结节，建议乳腺X线检查'],
    diagnoses: ['乳腺纤维腺瘤', '乳腺增生', '乳腺癌（早期）'],
  },
};

const COUNTY_MCH = '青龙满族自治县妇幼保健院';
const COUNTY_HOSPITAL = '青龙满族自治县医院';
const CITY_HOSPITAL = '秦皇岛市妇幼保健院';

/** Day-of-year weights: two-cancer screening runs in spring and autumn campaigns, the rest all year. */
function screeningDay(random: Random, programme: ScreeningProgramme, first: number, last: number): number {
  if (programme === 'cervical' || programme === 'breast') {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const day = random.int(first, last);
      const month = Number(fromEpochDay(day).slice(5, 7));
      if ([3, 4, 5, 6, 9, 10, 11].includes(month) || random.chance(0.2)) {
        return day;
      }
    }
  }
  return random.int(first, last);
}

function referralOf(
  random: Random,
  result: ScreeningResult,
  programme: ScreeningProgramme,
  screenedOn: IsoDate,
  asOf: IsoDate,
) {
  const status: ScreeningReferralStatus = initialScreeningReferralStatus(result);
  if (status === 'none') {
    return { referral_status: status };
  }
  const age = toEpochDay(asOf) - toEpochDay(screenedOn);
  const referredOn = addDays(screenedOn, random.int(3, 14));
  const institution =
    programme === 'cervical' || programme === 'breast'
      ? COUNTY_HOSPITAL
      : random.chance(0.7)
        ? COUNTY_MCH
        : CITY_HOSPITAL;
  if (age < 20 || referredOn > asOf) {
    return { referral_status: random.chance(0.6) ? 'pending' : 'lost' };
  }
  const roll = random.next();
  if (age < 60 && roll < 0.5) {
    return { referral_status: 'referred', referral_institution: institution, referred_on: referredOn };
  }
  const closedOn = addDays(referredOn, random.int(5, 30));
  if (closedOn > asOf || roll < 0.1) {
    return { referral_status: 'referred', referral_institution: institution, referred_on: referredOn };
  }
  if (roll < 0.17) {
    return {
      referral_status: 'lost',
      referral_institution: institution,
      referred_on: referredOn,
      referral_closed_on: closedOn,
    };
  }
  const diagnoses = DETAILS[programme].diagnoses;
  const confirmed = result === 'abnormal' ? random.chance(0.5) : random.chance(0.2);
  return confirmed
    ? {
        referral_status: 'confirmed',
        referral_institution: institution,
        referred_on: referredOn,
        referral_diagnosis: random.pick(diagnoses),
        referral_closed_on: closedOn,
      }
    : {
        referral_status: 'excluded',
        referral_institution: institution,
        referred_on: referredOn,
        referral_closed_on: closedOn,
      };
}

function generateScreenings(
  random: Random,
  county: County,
  options: {
    countyCode: string;
    asOf: IsoDate;
    residents: number;
    uniqueId: (birthDate: IsoDate, sex: 'M' | 'F') => string;
  },
) {
  const { countyCode, asOf, residents, uniqueId } = options;
  const totalWeight = county.townships.reduce((a, t) => a + t.weight, 0);
  const birthsPerYear = Math.round((residents * 82) / 10_000);
  const cancersPerYear = Math.round((residents * 145) / 10_000);
  const targets: {
    county_code: string;
    programme: string;
    year: number;
    township_code: string;
    basis: string;
    target_count: number;
  }[] = [];
  const rows: Record<string, unknown>[] = [];
  // Registry women of two-cancer age by township (the priority group), taken in turn.
  const registryWomen = new Map<string, RegistryWoman[]>();
  for (const w of county.registryWomen) {
    const key = `${w.villageCode.slice(0, 9)}000`;
    const list = registryWomen.get(key) ?? [];
    list.push(w);
    registryWomen.set(key, list);
  }
  const asOfYear = Number(asOf.slice(0, 4));
  for (const year of [asOfYear - 1, asOfYear]) {
    const first = toEpochDay(`${year}-01-01`);
    const last = year === asOfYear ? toEpochDay(asOf) - 1 : toEpochDay(`${year}-12-31`);
    const elapsed = (last - first + 1) / 365;
    for (const township of county.townships) {
      const share = (n: number) => Math.max(1, Math.round((n * township.weight) / totalWeight));
      const births = share(birthsPerYear);
      const tasks: Record<ScreeningProgramme, number> = {
        prenatal_serum: Math.round(births * 0.95),
        prenatal_ultrasound: Math.round(births * 0.95),
        newborn_metabolic: births,
        newborn_hearing: births,
        cervical: share(cancersPerYear),
        breast: share(cancersPerYear),
      };
      for (const programme of SCREENING_PROGRAMMES) {
        targets.push({
          county_code: countyCode,
          programme,
          year,
          township_code: township.code,
          basis: SCREENING_RULES[programme].targetBasis,
          target_count: tasks[programme],
        });
      }
      const womenHere = [...(registryWomen.get(township.code) ?? [])];
      for (const programme of SCREENING_PROGRAMMES) {
        // Progress: a finished year lands around the task; the current one at its share of the year, a little behind.
        const pace =
          year === asOfYear ? elapsed * (0.86 + random.next() * 0.14) : 0.94 + random.next() * 0.09;
        const isNewborn = programme.startsWith('newborn');
        const isPrenatal = programme.startsWith('prenatal');
        const coverage = isNewborn ? (programme === 'newborn_metabolic' ? 0.985 : 0.965) : 1;
        const count = Math.round(tasks[programme] * pace * coverage);
        for (let i = 0; i < count; i += 1) {
          const day = screeningDay(random, programme, first, last);
          const screenedOn = fromEpochDay(day);
          const village = random.pick(township.villages);
          const rates = RESULT_RATES[programme];
          const roll = random.next();
          const result: ScreeningResult =
            roll < rates.abnormal
              ? 'abnormal'
              : roll < rates.abnormal + rates.followUp
                ? 'follow_up'
                : 'normal';
          const base: Record<string, unknown> = {
            county_code: countyCode,
            programme,
            screened_on: screenedOn,
            screening_year: year,
            result,
            result_detail:
              result === 'normal'
                ? null
                : random.pick(
                    result === 'abnormal' ? DETAILS[programme].abnormal : DETAILS[programme].followUp,
                  ),
            institution:
              isPrenatal || isNewborn
                ? random.chance(0.6)
                  ? COUNTY_MCH
                  : COUNTY_HOSPITAL
                : `${township.name}卫生院`,
            is_counted: true,
            created_by_name: '演示数据',
            ...referralOf(random, result, programme, screenedOn, asOf),
          };
          if (programme === 'cervical' || programme === 'breast') {
            const registryWoman = random.chance(0.18) ? womenHere.pop() : undefined;
            const isEligible =
              registryWoman !== undefined &&
              registryWoman.birthDate <= screenedOn &&
              ageOn(registryWoman.birthDate, screenedOn) >= 35 &&
              ageOn(registryWoman.birthDate, screenedOn) <= 64;
            const birthDate = isEligible
              ? (registryWoman as RegistryWoman).birthDate
              : fromEpochDay(day - random.int(35 * 365 + 10, 64 * 365 - 10));
            const person = isEligible ? (registryWoman as RegistryWoman) : null;
            const villageCode = person?.villageCode ?? village.code;
            const villageName = township.villages.find((v) => v.code === villageCode)?.name ?? village.name;
            const idNumber = person?.idNumber ?? uniqueId(birthDate, 'F');
            rows.push({
              ...base,
              method:
                programme === 'cervical'
                  ? random.weighted([
                      ['hpv', 60],
                      ['tct', 25],
                      ['via_vili', 15],
                    ] as const)
                  : random.weighted([
                      ['ultrasound', 80],
                      ['mammography', 12],
                      ['clinical', 8],
                    ] as const),
              person_id: person?.id ?? null,
              subject_key: idNumber,
              id_number: idNumber,
              name: person?.name ?? womanName(random),
              sex: 'F',
              birth_date: birthDate,
              village_code: villageCode,
              priority_group: twoCancersPriorityGroup({
                categories: (person ? person.isLowIncome : random.chance(0.12)) ? ['dibao'] : [],
                isRuralVillage: isRuralVillageName(villageName),
              }),
              age_years: ageOn(birthDate, screenedOn),
            });
          } else if (isPrenatal) {
            const birthDate = fromEpochDay(day - random.int(20 * 365, 41 * 365));
            const idNumber = uniqueId(birthDate, 'F');
            const method =
              programme === 'prenatal_serum' ? (random.chance(0.4) ? 'early' : 'mid') : 'system_scan';
            const window = SCREENING_RULES[programme].gestation?.[method] ?? { fromDays: 112, toDays: 174 };
            rows.push({
              ...base,
              method,
              person_id: null,
              subject_key: idNumber,
              id_number: idNumber,
              name: womanName(random),
              sex: 'F',
              birth_date: birthDate,
              village_code: village.code,
              gestational_days: random.int(window.fromDays, window.toDays),
              age_years: ageOn(birthDate, screenedOn),
            });
          } else {
            const birthMinute = random.int(0, 1439);
            const hours = programme === 'newborn_metabolic' ? random.int(72, 168) : random.int(48, 96);
            const totalMinutes = birthMinute + hours * 60 + random.int(0, 59);
            const birthDay = day - Math.floor(totalMinutes / 1440);
            const birthDate = fromEpochDay(birthDay);
            const screenTime = clock(totalMinutes % 1440);
            const sex = random.chance(0.52) ? 'M' : 'F';
            const motherBirth = fromEpochDay(birthDay - random.int(20 * 365, 40 * 365));
            const motherId = uniqueId(motherBirth, 'F');
            const motherName = womanName(random);
            const ownId = random.chance(0.35) ? uniqueId(birthDate, sex) : null;
            const name = `${motherName}之${sex === 'M' ? '子' : '女'}`;
            rows.push({
              ...base,
              method: programme === 'newborn_metabolic' ? 'heel_blood' : random.chance(0.7) ? 'oae' : 'aabr',
              person_id: null,
              subject_key: ownId ?? `M:${motherId}:${birthDate}:${name}`,
              id_number: ownId,
              name,
              sex,
              birth_date: birthDate,
              birth_time: clock(birthMinute),
              mother_name: motherName,
              mother_id_number: motherId,
              village_code: village.code,
              screened_time: screenTime,
              hours_of_life: hoursOfLife(
                { date: birthDate, time: clock(birthMinute) },
                { date: screenedOn, time: screenTime },
              ),
              age_years: 0,
              screening_year: Number(screenedOn.slice(0, 4)),
            });
          }
        }
      }
    }
  }
  // Re-checks of part of the follow-up results: kept, counted once (the earlier record stays counted).
  const rechecks: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (
      row.result === 'follow_up' &&
      (row.programme === 'cervical' || row.programme === 'breast') &&
      random.chance(0.4)
    ) {
      const on = addDays(row.screened_on as string, random.int(14, 45));
      if (on < asOf && on.slice(0, 4) === String(row.screening_year)) {
        rechecks.push({
          ...row,
          method: row.programme === 'cervical' ? 'tct' : 'mammography',
          screened_on: on,
          result: random.chance(0.85) ? 'normal' : 'abnormal',
          result_detail: null,
          referral_status: 'none',
          referral_institution: null,
          referred_on: null,
          referral_diagnosis: null,
          referral_closed_on: null,
          is_counted: false,
          age_years: ageOn(row.birth_date as string, on),
        });
        const last = rechecks[rechecks.length - 1] as Record<string, unknown>;
        if (last.result === 'abnormal') {
          last.result_detail = random.pick(DETAILS[row.programme as ScreeningProgramme].abnormal);
          last.referral_status = 'pending';
        }
      }
    }
  }
  // The counting rule decides, as in the service (one counted record per subject, programme and year).
  const all = [...rows, ...rechecks].sort((a, b) =>
    String(a.screened_on).localeCompare(String(b.screened_on)),
  );
  const bySubject = new Map<string, number[]>();
  all.forEach((r, i) => {
    const key = `${r.programme}|${r.subject_key}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), i]);
  });
  for (const indexes of bySubject.values()) {
    const counted = countedRecordIds(
      indexes.map((i) => ({ id: i, screenedOn: all[i]?.screened_on as string, isVoided: false })),
    );
    for (const i of indexes) {
      (all[i] as Record<string, unknown>).is_counted = counted.has(i);
    }
  }
  return { targets, screenings: all };
}

// ------------------------------------------------------------------ 入户帮扶

const FINDINGS: readonly (readonly [string, SupportNeed[], string])[] = [
  ['户主患高血压，规律服药，血压控制尚可', ['medicine'], '村医每月随访测血压，按时取药'],
  ['户主糖尿病，空腹血糖偏高，用药不规律', ['medicine', 'family_doctor'], '家庭医生调整用药，督促规律服药'],
  ['老人行动不便，看病需人陪同', ['medical'], '安排家庭医生上门诊疗，提供预约转诊'],
  ['家中无大病慢病，身体状况良好', [], '宣传健康扶贫政策，发放明白纸'],
  ['子女外出务工，老人独居', ['living', 'medical'], '村医定期上门，登记紧急联系人'],
  ['患者术后康复中，需康复指导', ['rehabilitation'], '联系卫生院康复科上门指导'],
  ['对住院报销政策不了解', ['insurance', 'health_education'], '讲解一站式结算和先诊疗后付费政策'],
  ['家庭成员患慢阻肺，冬季易加重', ['medicine', 'medical'], '发放药品，冬季重点随访'],
  ['残疾人，需要辅具', ['rehabilitation', 'living'], '协调残联申请辅具'],
  ['医疗费用负担较重', ['insurance', 'living'], '协助申请医疗救助，纳入监测帮扶'],
];

function surveyAnswers(random: Random, questionnaire: PolicyQuestionnaire, knowledge: number) {
  const answers: Record<string, string> = {};
  for (const q of questionnaire.questions) {
    if (random.chance(0.05)) {
      continue;
    }
    answers[q.code] = random.chance(knowledge)
      ? q.correct
      : random.pick(q.options.filter((o) => o.code !== q.correct)).code;
  }
  return answers;
}

/**
 * Campaigns, visits, surveys and kits. The first batch of kits (about 40 % of households, 因病 first) was handed
 * out by the township health centres late last year, without a campaign; the spring campaign visits every
 * household in scope and completes the kits; a township campaign restocks them in the autumn.
 */
function generateSupport(
  random: Random,
  county: County,
  options: { countyCode: string; asOf: IsoDate; targets: readonly Set<number>[] },
) {
  const { countyCode, asOf } = options;
  const asOfYear = Number(asOf.slice(0, 4));
  const questionnaire = POLICY_QUESTIONNAIRES[0] as PolicyQuestionnaire;
  const heads = new Map(county.townships.map((t) => [t.code, staffName(random)]));
  const villageDoctors = new Map<string, string>();
  const doctorOf = (village: string) => {
    const known = villageDoctors.get(village);
    if (known) {
      return known;
    }
    const name = staffName(random);
    villageDoctors.set(village, name);
    return name;
  };
  const campaigns = campaignPlansOf(county, asOfYear, countyCode);
  const visits: Record<string, unknown>[] = [];
  const surveys: { visitIndex: number; row: Record<string, unknown> }[] = [];
  const kits: { visitIndex: number | null; row: Record<string, unknown> }[] = [];
  const hasKit = new Set<number>();
  const newKit = (householdId: number, on: IsoDate, recipient: string, by: string) => ({
    county_code: countyCode,
    household_id: householdId,
    kind: 'new',
    kit_count: 1,
    value_fen: random.pick([15_000, 18_000, 20_000]),
    contents: [
      '感冒药',
      '退烧药',
      '止泻药',
      '消炎药',
      '创可贴',
      '碘伏',
      '医用棉签',
      '体温计',
      '健康教育手册',
    ],
    distributed_on: on,
    recipient_name: recipient,
    distributed_by: by,
  });

  // Last year's first batch, handed out by the township health centres (no campaign).
  const batchScope = options.targets[0] ?? new Set<number>();
  const batchFirst = toEpochDay(`${asOfYear - 1}-10-15`);
  const batchLast = toEpochDay(`${asOfYear - 1}-12-20`);
  for (const h of county.households) {
    if (batchScope.has(h.id) && random.chance(0.4)) {
      hasKit.add(h.id);
      const township = `${h.villageCode.slice(0, 9)}000`;
      kits.push({
        visitIndex: null,
        row: newKit(
          h.id,
          fromEpochDay(random.int(batchFirst, batchLast)),
          county.respondents.get(h.id)?.name ?? h.headName,
          `${heads.get(township) ?? staffName(random)}`,
        ),
      });
    }
  }

  for (const [campaignIndex, campaign] of campaigns.entries()) {
    const prefix = campaign.region_code.slice(0, campaign.region_code.endsWith('000000') ? 6 : 9);
    const firstDay = toEpochDay(campaign.start_on);
    const lastDay = Math.min(toEpochDay(campaign.end_on), toEpochDay(asOf) - 1);
    const inScope = options.targets[campaignIndex + 1] ?? new Set<number>();
    for (const h of county.households) {
      if (
        !h.villageCode.startsWith(prefix) ||
        !inScope.has(h.id) ||
        !random.chance(campaign.visitRate + 0.02)
      ) {
        continue;
      }
      const township = `${h.villageCode.slice(0, 9)}000`;
      const respondent = county.respondents.get(h.id) ?? null;
      const byDoctor = campaign.key === 'autumn' || random.chance(0.35);
      const visitor = byDoctor ? doctorOf(h.villageCode) : (heads.get(township) ?? staffName(random));
      const role = byDoctor ? 'village_doctor' : 'health_centre_head';
      let day = random.int(firstDay, lastDay);
      if (random.chance(0.025)) {
        // Nobody at home; most are visited again a few days later.
        visits.push({
          campaignIndex,
          county_code: countyCode,
          household_id: h.id,
          visited_on: fromEpochDay(day),
          visitor_name: visitor,
          visitor_role: role,
          contact: 'not_home',
          needs: [],
          created_by_name: '演示数据',
        });
        if (day + 3 > lastDay || random.chance(0.3)) {
          continue;
        }
        day = random.int(day + 3, lastDay);
      }
      const [findings, needs, actions] = random.pick(FINDINGS);
      const visitIndex = visits.length;
      const on = fromEpochDay(day);
      visits.push({
        campaignIndex,
        county_code: countyCode,
        household_id: h.id,
        visited_on: on,
        visitor_name: visitor,
        visitor_role: role,
        contact: 'met',
        respondent_person_id: respondent?.id ?? null,
        findings,
        needs,
        actions,
        created_by_name: '演示数据',
      });
      if (respondent && random.chance(campaign.surveyRate)) {
        const answers = surveyAnswers(random, questionnaire, campaign.knowledge);
        const score = scoreSurvey(questionnaire, answers);
        if (score.ok) {
          surveys.push({
            visitIndex,
            row: {
              county_code: countyCode,
              household_id: h.id,
              surveyed_on: on,
              respondent_person_id: respondent.id,
              respondent_name: respondent.name,
              questionnaire_code: questionnaire.code,
              questionnaire_version: questionnaire.version,
              answers,
              asked: score.value.asked,
              correct: score.value.correct,
              is_aware: score.value.isAware,
            },
          });
        }
      }
      const recipient = respondent?.name ?? h.headName;
      if (campaign.key !== 'autumn' && !hasKit.has(h.id)) {
        hasKit.add(h.id);
        kits.push({ visitIndex, row: newKit(h.id, on, recipient, visitor) });
      } else if (campaign.key === 'autumn' && hasKit.has(h.id) && random.chance(0.6)) {
        kits.push({
          visitIndex,
          row: {
            county_code: countyCode,
            household_id: h.id,
            kind: 'refill',
            kit_count: 1,
            value_fen: random.pick([4_500, 6_000, 8_000]),
            contents: ['感冒药', '退烧药', '止泻药', '消炎药'],
            distributed_on: on,
            recipient_name: recipient,
            distributed_by: visitor,
          },
        });
      }
    }
  }
  return { campaigns, visits, surveys, kits };
}

/** The demo campaigns: 祖山镇 (…101) last winter, the county this spring, 青龙镇 (…100, the demo township) now. */
function campaignPlansOf(county: County, year: number, countyCode: string) {
  const byCode = (suffix: string, fallback: number) =>
    county.townships.find((t) => t.code === `${countyCode}${suffix}`) ?? county.townships[fallback];
  return CAMPAIGN_PLANS(year, countyCode, byCode('100000', 0), byCode('101000', 1));
}

/** The campaigns of the demo county: a township last winter, the county this spring, a township now. */
function CAMPAIGN_PLANS(
  year: number,
  countyCode: string,
  first: Township | undefined,
  second: Township | undefined,
) {
  return [
    {
      key: 'winter',
      name: `${second?.name ?? ''}${year - 1}年冬季健康扶贫入户走访`,
      region_code: second?.code ?? `${countyCode}101000`,
      start_on: `${year - 1}-11-15`,
      end_on: `${year - 1}-12-31`,
      description: '乡镇卫生院院长带队入户，摸清贫困人员看病报销等现实困难和具体问题。',
      visitRate: 0.93,
      surveyRate: 0.5,
      knowledge: 0.84,
    },
    {
      key: 'spring',
      name: `${year}年春季健康扶贫大走访`,
      region_code: `${countyCode}000000`,
      start_on: `${year}-03-01`,
      end_on: `${year}-05-31`,
      description:
        '按照“不漏一户、不落一人”的要求，全面掌握贫困户家庭成员健康状况，精准制定“一人一策”健康帮扶计划，为尚未领取的家庭配齐爱心保健箱。',
      visitRate: 0.972,
      surveyRate: 0.45,
      knowledge: 0.9,
    },
    {
      key: 'autumn',
      name: `${first?.name ?? ''}${year}年秋季入户走访`,
      region_code: first?.code ?? `${countyCode}100000`,
      start_on: `${year}-09-15`,
      end_on: `${year}-11-30`,
      description: '结合慢病随访入户，补充、更换爱心保健箱过期药品。',
      visitRate: 0.55,
      surveyRate: 0.5,
      knowledge: 0.92,
    },
  ] as const;
}

/** Replaces the (rare) synthetic ID numbers that turn out to belong to registry persons. */
async function replaceClashingIds(
  rows: Record<string, unknown>[],
  clashes: ReadonlySet<string>,
  make: (birthDate: IsoDate, sex: 'M' | 'F') => string,
) {
  if (clashes.size === 0) {
    return;
  }
  const replaced = new Map<string, string>();
  const replacement = (id: string, birthDate: IsoDate, sex: 'M' | 'F') => {
    const next = replaced.get(id) ?? make(birthDate, sex);
    replaced.set(id, next);
    return next;
  };
  for (const row of rows) {
    const id = row.id_number as string | null;
    if (id && clashes.has(id) && row.person_id === null) {
      row.id_number = replacement(id, row.birth_date as string, row.sex as 'M' | 'F');
      row.subject_key = row.id_number;
    }
    const mother = row.mother_id_number as string | null;
    if (mother && clashes.has(mother)) {
      const birth = `${mother.slice(6, 10)}-${mother.slice(10, 12)}-${mother.slice(12, 14)}`;
      row.mother_id_number = replacement(mother, birth, 'F');
      if (!row.id_number) {
        row.subject_key = `M:${row.mother_id_number}:${row.birth_date}:${row.name}`;
      }
    }
  }
}

// ------------------------------------------------------------------ loading

type Column = readonly [name: string, type: string];

/**
 * Inserts rows in chunks as one JSON parameter each (`jsonb_to_recordset`): a few statements for tens of
 * thousands of rows on both engines, instead of one bind parameter per value. `text[]` columns travel as
 * JSON arrays.
 */
async function insertJson(
  trx: Trx,
  table: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
  options: { withIds?: boolean } = {},
) {
  const names = options.withIds ? [['id', 'bigint'] as const, ...columns] : columns;
  for (const chunk of chunks(rows, 5_000)) {
    const json = JSON.stringify(chunk.map((r) => Object.fromEntries(names.map(([c]) => [c, r[c] ?? null]))));
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(names.map(([c]) => sql.ref(c)))})
      ${options.withIds ? sql`OVERRIDING SYSTEM VALUE` : sql``}
      SELECT ${sql.join(names.map(([c, type]) => (type === 'text[]' ? sql`ARRAY(SELECT jsonb_array_elements_text(${sql.ref(`x.${c}`)}))` : sql.ref(`x.${c}`))))}
      FROM jsonb_to_recordset(${json}::jsonb) AS x(${sql.join(names.map(([c, type]) => sql`${sql.ref(c)} ${sql.raw(type === 'text[]' ? 'jsonb' : type)}`))})`.execute(
      trx,
    );
  }
}

/** Takes `count` ids from a table's identity sequence (so children can reference rows inserted in bulk). */
async function reserveIds(trx: Trx, table: string, count: number): Promise<number[]> {
  if (count === 0) {
    return [];
  }
  const { rows } = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::bigint AS id FROM generate_series(1, ${count})`.execute(
    trx,
  );
  return rows.map((r) => Number(r.id));
}

const TARGET_COLUMNS: readonly Column[] = [
  ['county_code', 'text'],
  ['programme', 'text'],
  ['year', 'int'],
  ['township_code', 'text'],
  ['basis', 'text'],
  ['target_count', 'int'],
];
const SCREENING_COLUMNS: readonly Column[] = [
  ['county_code', 'text'],
  ['programme', 'text'],
  ['method', 'text'],
  ['person_id', 'bigint'],
  ['subject_key', 'text'],
  ['id_number', 'text'],
  ['name', 'text'],
  ['sex', 'text'],
  ['birth_date', 'date'],
  ['birth_time', 'text'],
  ['mother_name', 'text'],
  ['mother_id_number', 'text'],
  ['village_code', 'text'],
  ['priority_group', 'text'],
  ['screened_on', 'date'],
  ['screened_time', 'text'],
  ['screening_year', 'int'],
  ['gestational_days', 'int'],
  ['hours_of_life', 'int'],
  ['age_years', 'int'],
  ['result', 'text'],
  ['result_detail', 'text'],
  ['institution', 'text'],
  ['is_counted', 'boolean'],
  ['referral_status', 'text'],
  ['referral_institution', 'text'],
  ['referred_on', 'date'],
  ['referral_diagnosis', 'text'],
  ['referral_closed_on', 'date'],
  ['created_by_name', 'text'],
];
const VISIT_COLUMNS: readonly Column[] = [
  ['county_code', 'text'],
  ['campaign_id', 'bigint'],
  ['household_id', 'bigint'],
  ['visited_on', 'date'],
  ['visitor_name', 'text'],
  ['visitor_role', 'text'],
  ['contact', 'text'],
  ['respondent_person_id', 'bigint'],
  ['findings', 'text'],
  ['needs', 'text[]'],
  ['actions', 'text'],
  ['created_by_name', 'text'],
];
const SURVEY_COLUMNS: readonly Column[] = [
  ['county_code', 'text'],
  ['visit_id', 'bigint'],
  ['household_id', 'bigint'],
  ['surveyed_on', 'date'],
  ['respondent_person_id', 'bigint'],
  ['respondent_name', 'text'],
  ['questionnaire_code', 'text'],
  ['questionnaire_version', 'text'],
  ['answers', 'jsonb'],
  ['asked', 'int'],
  ['correct', 'int'],
  ['is_aware', 'boolean'],
];
const KIT_COLUMNS: readonly Column[] = [
  ['county_code', 'text'],
  ['household_id', 'bigint'],
  ['visit_id', 'bigint'],
  ['kind', 'text'],
  ['kit_count', 'int'],
  ['value_fen', 'bigint'],
  ['contents', 'text[]'],
  ['distributed_on', 'date'],
  ['recipient_name', 'text'],
  ['distributed_by', 'text'],
];

/** Loads the demo data of both modules unless the county already has screening records or campaigns. */
export async function seedDemoSupportIfEmpty(
  db: Kysely<DB>,
  countyCode: string,
  options: DemoSupportOptions = {},
): Promise<DemoSupportCounts | null> {
  const existing = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM screening_record WHERE county_code = ${countyCode})::int
      + (SELECT count(*) FROM support_campaign WHERE county_code = ${countyCode})::int AS n`.execute(db);
  if ((existing.rows[0]?.n ?? 0) > 0) {
    return null;
  }
  const asOf = options.asOf ?? DEMO_POPULATION_DEFAULTS.asOf;
  const random = createRandom(options.seed ?? 26);
  const county = await loadCounty(db, countyCode, asOf);
  if (county.households.length === 0) {
    return null;
  }
  const { count } = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('county_code', '=', countyCode)
    .executeTakeFirstOrThrow();
  const ids = await uniqueIdsFactory(db, countyCode, random);
  const screening = generateScreenings(random, county, {
    countyCode,
    asOf,
    residents: Number(count) * (options.residentsPerRegistryPerson ?? 3),
    uniqueId: ids.make,
  });
  await replaceClashingIds(screening.screenings, await ids.clashes(), ids.make);
  const year = Number(asOf.slice(0, 4));
  const plans = campaignPlansOf(county, year, countyCode);
  const targets = [];
  for (const date of [
    `${year - 1}-12-20`,
    ...plans.map((c) => (c.end_on < asOf ? c.end_on : addDays(asOf, -1))),
  ]) {
    targets.push(await county.targetOn(date));
  }
  const support = generateSupport(random, county, { countyCode, asOf, targets });
  return db.transaction().execute(async (trx) => {
    await insertJson(trx, 'screening_target', TARGET_COLUMNS, screening.targets);
    await insertJson(trx, 'screening_record', SCREENING_COLUMNS, screening.screenings);
    const campaignIds: number[] = [];
    for (const c of support.campaigns) {
      const row = await trx
        .insertInto('support_campaign')
        .values({
          county_code: countyCode,
          name: c.name,
          region_code: c.region_code,
          start_on: c.start_on,
          end_on: c.end_on,
          description: c.description,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      campaignIds.push(row.id);
    }
    const visitIds = await reserveIds(trx, 'support_visit', support.visits.length);
    await insertJson(
      trx,
      'support_visit',
      VISIT_COLUMNS,
      support.visits.map(({ campaignIndex, ...v }, i) => ({
        ...v,
        id: visitIds[i],
        campaign_id: campaignIds[campaignIndex as number],
      })),
      { withIds: true },
    );
    await insertJson(
      trx,
      'policy_survey',
      SURVEY_COLUMNS,
      support.surveys.map((s) => ({ ...s.row, visit_id: visitIds[s.visitIndex] })),
    );
    await insertJson(
      trx,
      'support_kit',
      KIT_COLUMNS,
      support.kits.map((k) => ({
        ...k.row,
        visit_id: k.visitIndex === null ? null : visitIds[k.visitIndex],
      })),
    );
    return {
      targets: screening.targets.length,
      screenings: screening.screenings.length,
      campaigns: support.campaigns.length,
      visits: support.visits.length,
      surveys: support.surveys.length,
      kits: support.kits.length,
    };
  });
}
