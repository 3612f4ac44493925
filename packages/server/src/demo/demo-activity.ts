import crypto from 'node:crypto';
import { addDays, type IsoDate, type RegistryCategory, type TPolicySet } from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { formatContractNo } from '../modules/chronic/chronic-rules.ts';
import { type BulkSession, PgArray, reserveIds, withBulkTransaction } from './bulk-copy.ts';
import { type ActivityPerson, type ActivityPlanContext, planPersonActivity } from './demo-activity-plan.ts';
import { createRandom, DEMO_POPULATION_DEFAULTS, type Random } from './demo-population.ts';

/**
 * Deterministic demo activity on top of the registry: diagnoses with their verification and 三个一批
 * classification, the 大病 treatment ledger, family-doctor teams, contracts, follow-ups and checkups, and a year
 * of one-stop inpatient settlements, so the dashboard, indicators and module pages show a county that uses the
 * system. Each person's activity is planned by `planPersonActivity` (the domain rules and the services' own
 * assessment functions) and streamed into the database with COPY in one transaction, page by page, so a
 * million-person county loads in minutes. No clock: every date derives from `asOf`.
 */

export type DemoActivityOptions = { seed?: number; asOf?: IsoDate };
export type DemoActivityCounts = {
  diagnoses: number;
  verified: number;
  rejected: number;
  majorPatients: number;
  mentalPatients: number;
  treatmentCases: number;
  teams: number;
  contracts: number;
  enrolments: number;
  visits: number;
  checkups: number;
  fulfilments: number;
  settlements: number;
};

export const DEMO_COUNTY_HOSPITAL = 'H130321001';
export const DEMO_CITY_HOSPITAL = 'H130300001';
const POLICY_CODE_OF: Readonly<Record<string, string>> = { '130321': 'hebei-qinglong-130321' };
const PAGE = 20_000;

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

type Teams = {
  count: number;
  teamOf: Map<string, number>;
  doctorOf: Map<string, string>;
  packageId: number;
  itemOf: Map<string, number>;
};

/** One family-doctor team per township (serving all its villages) and the 基础包 service package. */
async function seedTeams(trx: Transaction<DB>, countyCode: string, random: Random): Promise<Teams> {
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
  const doctorOf = new Map<string, string>();
  const teamValues = [...townships.entries()].map(([code, t]) => {
    const person = () => `${random.pick(DOCTOR_SURNAMES)}${random.pick(DOCTOR_GIVEN)}`;
    const doctor = person();
    doctorOf.set(code, doctor);
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
  const teamOf = new Map<string, number>();
  if (teamValues.length > 0) {
    const rows = await trx.insertInto('fd_team').values(teamValues).returning(['id', 'name']).execute();
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    for (const [code, t] of townships) {
      teamOf.set(code, byName.get(`${t.name}家庭医生团队`) as number);
    }
    const links = [...townships.entries()].flatMap(([code, t]) =>
      t.villages.map((village_code) => ({
        county_code: countyCode,
        team_id: teamOf.get(code) as number,
        village_code,
      })),
    );
    for (let i = 0; i < links.length; i += 1_000) {
      await trx
        .insertInto('fd_team_village')
        .values(links.slice(i, i + 1_000))
        .execute();
    }
  }
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
  const items = await trx
    .insertInto('fd_package_item')
    .values(
      (
        [
          ['高血压随访', 'followup_hypertension', 4, 0, 0],
          ['糖尿病随访', 'followup_diabetes', 4, 0, 0],
          ['严重精神障碍随访', 'followup_mental', 4, 0, 0],
          ['年度健康体检', 'health_check', 1, 12_000, 12_000],
        ] as const
      ).map(([name, service_code, count_per_year, price_fen, subsidy_fen]) => ({
        county_code: countyCode,
        package_id: pkg.id,
        name,
        service_code,
        count_per_year,
        price_fen,
        subsidy_fen,
        payer: 'public_health',
      })),
    )
    .returning(['id', 'service_code'])
    .execute();
  return {
    count: teamValues.length,
    teamOf,
    doctorOf,
    packageId: pkg.id,
    itemOf: new Map(items.map((i) => [i.service_code, i.id])),
  };
}

const ACTIVITY_TABLES = [
  'diagnosis',
  'treatment_case',
  'treatment_case_event',
  'fd_contract',
  'fu_enrolment',
  'fu_visit',
  'health_checkup',
  'fd_fulfilment',
  'settlement',
] as const;

/** Pages of the county's persons (with household cause and categories), in id order. */
async function* personPages(db: Kysely<DB>, countyCode: string): AsyncGenerator<ActivityPerson[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('person as p')
      .leftJoin('household as h', (join) =>
        join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select([
        'p.id',
        'p.id_number',
        'p.village_code',
        'p.household_id',
        'p.birth_date',
        'p.sex',
        'p.status',
        'p.status_date',
        'h.main_cause',
      ])
      .where('p.county_code', '=', countyCode)
      .where('p.id', '>', after)
      .orderBy('p.id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) {
      return;
    }
    const last = rows[rows.length - 1]?.id ?? after;
    const categories = await db
      .selectFrom('person_category')
      .select(['person_id', 'category', 'valid_from', 'valid_to'])
      .where('county_code', '=', countyCode)
      .where('person_id', '>', after)
      .where('person_id', '<=', last)
      .execute();
    const byPerson = new Map<number, ActivityPerson['categories'][number][]>();
    for (const c of categories) {
      const list = byPerson.get(c.person_id) ?? [];
      list.push({ category: c.category as RegistryCategory, validFrom: c.valid_from, validTo: c.valid_to });
      byPerson.set(c.person_id, list);
    }
    yield rows.map((r) => ({
      id: r.id,
      idNumber: r.id_number,
      villageCode: r.village_code,
      householdId: r.household_id,
      birthDate: r.birth_date,
      sex: r.sex as 'M' | 'F',
      status: r.status as ActivityPerson['status'],
      statusDate: r.status_date,
      mainCause: r.main_cause,
      categories: byPerson.get(r.id) ?? [],
    }));
    after = last;
  }
}

/** Loads the demo activity unless the county already has diagnoses (or has no population yet). */
export async function seedDemoActivityIfEmpty(
  database: Pick<Database, 'db' | 'pgPool' | 'pglite'>,
  countyCode: string,
  options: DemoActivityOptions = {},
  onProgress: (persons: number) => void = () => {},
): Promise<DemoActivityCounts | null> {
  const { db } = database;
  const existing = await db
    .selectFrom('diagnosis')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  const anyPerson = await db
    .selectFrom('person')
    .select('id')
    .where('county_code', '=', countyCode)
    .limit(1)
    .executeTakeFirst();
  if (existing || !anyPerson) {
    return null;
  }
  const users = new Map(
    (await db.selectFrom('app_user').select(['id', 'username', 'display_name']).execute()).map((u) => [
      u.username,
      u,
    ]),
  );
  const policyCode = POLICY_CODE_OF[countyCode];
  const policyRow = policyCode
    ? await db
        .selectFrom('policy_set')
        .select(['id', 'body'])
        .where('code', '=', policyCode)
        .where('status', '=', 'published')
        .orderBy('version', 'desc')
        .executeTakeFirst()
    : undefined;
  return withBulkTransaction(database, (session) =>
    loadActivity(session, countyCode, {
      asOf: options.asOf ?? DEMO_POPULATION_DEFAULTS.asOf,
      seed: options.seed ?? DEMO_POPULATION_DEFAULTS.seed + 100,
      countyUser: users.get('county') ?? null,
      doctorUserId: users.get('doctor')?.id ?? null,
      clerkUserId: users.get('clerk')?.id ?? null,
      policy: policyRow ? { id: policyRow.id, body: policyRow.body as TPolicySet } : null,
      onProgress,
    }),
  );
}

type LoadOptions = {
  asOf: IsoDate;
  seed: number;
  countyUser: { id: number; display_name: string } | null;
  doctorUserId: number | null;
  clerkUserId: number | null;
  policy: { id: number; body: TPolicySet } | null;
  onProgress: (persons: number) => void;
};

async function loadActivity(
  session: BulkSession,
  countyCode: string,
  options: LoadOptions,
): Promise<DemoActivityCounts> {
  const { trx } = session;
  const { asOf } = options;
  const random = createRandom(options.seed);
  await sql`LOCK TABLE ${sql.join(ACTIVITY_TABLES.map((t) => sql.table(t)))} IN EXCLUSIVE MODE`.execute(trx);
  const teams = await seedTeams(trx, countyCode, random);
  const ids = Object.fromEntries(
    await Promise.all(ACTIVITY_TABLES.map(async (t) => [t, await reserveIds(trx, t)] as const)),
  ) as Record<(typeof ACTIVITY_TABLES)[number], Awaited<ReturnType<typeof reserveIds>>>;
  const countyUserId = options.countyUser?.id ?? null;
  const verifierName = options.countyUser?.display_name ?? '县卫健局业务员';
  const townshipOf = (villageCode: string) => `${villageCode.slice(0, 9)}000`;
  const ctx: ActivityPlanContext = {
    asOf,
    random,
    countyCode,
    doctorOf: (villageCode) => teams.doctorOf.get(townshipOf(villageCode)) ?? '村医',
    verifierName,
    policy: options.policy?.body ?? null,
    countyHospital: DEMO_COUNTY_HOSPITAL,
    cityHospital: DEMO_CITY_HOSPITAL,
    townshipCentreOf: (villageCode) => `W${villageCode.slice(0, 9)}`,
  };

  const table = (name: string, columns: readonly string[]) => session.table(name, columns);
  const diagnosisT = table('diagnosis', [
    'county_code',
    'id',
    'person_id',
    'icd_code',
    'name',
    'is_uncoded',
    'institution',
    'diagnosed_on',
    'source',
    'registered_on',
    'verification_status',
    'status_date',
    'status_by',
    'verified_by',
    'verified_at',
    'reason',
    'disease_line',
    'person_disease_key',
    'item_code',
    'item_name',
    'classification_reason',
    'created_by',
  ]);
  const caseT = table('treatment_case', [
    'county_code',
    'id',
    'person_id',
    'person_disease_key',
    'item_code',
    'item_name',
    'first_diagnosis_id',
    'opened_on',
    'status',
    'status_date',
    'reason',
    'outcome',
    'details',
    'created_by',
  ]);
  const eventT = table('treatment_case_event', [
    'county_code',
    'id',
    'case_id',
    'status',
    'event_date',
    'reason',
    'outcome',
    'details',
    'created_by',
    'created_by_name',
  ]);
  const contractT = table('fd_contract', [
    'county_code',
    'id',
    'contract_no',
    'person_id',
    'household_id',
    'village_code',
    'team_id',
    'package_ids',
    'start_date',
    'end_date',
    'status',
    'cancel_reason',
    'cancel_date',
    'cancel_note',
    'renewed_from_id',
    'doctor_name',
    'signed_by',
  ]);
  const enrolmentT = table('fu_enrolment', [
    'county_code',
    'id',
    'person_id',
    'village_code',
    'disease',
    'managed_from',
    'has_stroke_or_mi',
    'next_due_date',
  ]);
  const visitT = table('fu_visit', [
    'county_code',
    'id',
    'enrolment_id',
    'person_id',
    'village_code',
    'disease',
    'visit_date',
    'method',
    'form',
    'systolic',
    'diastolic',
    'fasting_glucose_tenths',
    'danger_grade',
    'classification',
    'is_red_alert',
    'referral_triggers',
    'should_refer',
    'next_due_date',
    'next_reason',
    'outcome',
    'is_first_visit_late',
    'doctor_name',
    'recorded_by',
  ]);
  const checkupT = table('health_checkup', [
    'county_code',
    'id',
    'person_id',
    'village_code',
    'check_date',
    'results',
    'abnormal_flags',
    'conclusion',
    'doctor_name',
    'recorded_by',
  ]);
  const fulfilmentT = table('fd_fulfilment', [
    'county_code',
    'id',
    'contract_id',
    'item_id',
    'person_id',
    'village_code',
    'service_date',
    'performed_by',
    'performed_by_user_id',
    'visit_id',
    'checkup_id',
  ]);
  const settlementT = table('settlement', [
    'county_code',
    'id',
    'person_id',
    'institution_code',
    'claim_no',
    'request_hash',
    'policy_set_id',
    'visit_type',
    'institution_level',
    'admission_date',
    'discharge_date',
    'year',
    'categories',
    'claim',
    'result',
    'accumulators_before',
    'total_fen',
    'basic_fen',
    'critical_fen',
    'assistance_fen',
    'other_fen',
    'self_pay_fen',
    'borne_fen',
    'in_scope_fen',
    'in_scope_self_pay_fen',
    'deposit_waived_fen',
    'is_treat_first_pay_later',
    'created_by',
  ]);
  const accumulatorT = table('settlement_accumulator', ['county_code', 'person_id', 'year', 'body']);

  const counts: DemoActivityCounts = {
    diagnoses: 0,
    verified: 0,
    rejected: 0,
    majorPatients: 0,
    mentalPatients: 0,
    treatmentCases: 0,
    teams: teams.count,
    contracts: 0,
    enrolments: 0,
    visits: 0,
    checkups: 0,
    fulfilments: 0,
    settlements: 0,
  };
  const contractSerial = new Map<number, number>();
  const contractNo = (start: IsoDate) => {
    const year = Number(start.slice(0, 4));
    const n = (contractSerial.get(year) ?? 0) + 1;
    contractSerial.set(year, n);
    return formatContractNo(countyCode, year, n);
  };
  let claimSerial = 0;
  const serial = { next: () => ++claimSerial };
  let done = 0;

  for await (const page of personPages(trx, countyCode)) {
    for (const person of page) {
      const plan = planPersonActivity(person, ctx, serial);
      // Diagnoses
      const diagnosisIds: number[] = [];
      for (const d of plan.diagnoses) {
        const id = ids.diagnosis.next();
        diagnosisIds.push(id);
        const c = d.classification;
        const isDecided = d.verification.status !== 'pending';
        diagnosisT.push([
          countyCode,
          id,
          person.id,
          d.icdCode,
          d.name,
          false,
          d.institution,
          d.diagnosedOn,
          d.source,
          d.registeredOn,
          d.verification.status,
          d.verification.statusDate,
          d.verification.by,
          isDecided ? countyUserId : null,
          isDecided ? `${d.verification.statusDate}T10:00:00+08:00` : null,
          d.verification.reason,
          c?.line ?? null,
          c?.personDiseaseKey ?? null,
          c?.itemCode ?? null,
          c?.itemName ?? null,
          c?.reason ?? null,
          options.doctorUserId,
        ]);
      }
      counts.diagnoses += plan.diagnoses.length;
      counts.verified += plan.diagnoses.filter((d) => d.verification.status === 'verified').length;
      counts.rejected += plan.diagnoses.filter((d) => d.verification.status === 'rejected').length;
      if (
        plan.diagnoses.some(
          (d) => d.verification.status === 'verified' && d.classification?.line === 'major_treatment',
        )
      ) {
        counts.majorPatients += 1;
      }
      if (
        plan.diagnoses.some(
          (d) => d.verification.status !== 'rejected' && /^F(20|22|25|31|06|7)/.test(d.icdCode),
        )
      ) {
        counts.mentalPatients += 1;
      }
      // Treatment ledger
      for (const c of plan.cases) {
        const caseId = ids.treatment_case.next();
        const l = c.ledger;
        caseT.push([
          countyCode,
          caseId,
          person.id,
          c.personDiseaseKey,
          c.itemCode,
          c.itemName,
          diagnosisIds[c.firstDiagnosis],
          c.openedOn,
          l.status,
          l.statusDate,
          l.reason,
          l.outcome,
          c.details,
          countyUserId,
        ]);
        l.history.forEach((event, i) => {
          eventT.push([
            countyCode,
            ids.treatment_case_event.next(),
            caseId,
            event.status,
            event.date,
            event.reason,
            event.outcome,
            i === 0 || event.status === 'treating' ? c.details : null,
            countyUserId,
            verifierName,
          ]);
        });
      }
      counts.treatmentCases += plan.cases.length;
      // Contracts
      const township = townshipOf(person.villageCode);
      const teamId = teams.teamOf.get(township);
      const contracts: { id: number; start: IsoDate; lastDay: IsoDate }[] = [];
      if (teamId !== undefined) {
        for (const c of plan.contracts) {
          const id = ids.fd_contract.next();
          contracts.push({ id, start: c.start, lastDay: c.cancelDate ? addDays(c.cancelDate, -1) : c.end });
          contractT.push([
            countyCode,
            id,
            contractNo(c.start),
            person.id,
            person.householdId,
            person.villageCode,
            teamId,
            new PgArray([teams.packageId]),
            c.start,
            c.end,
            c.status,
            c.cancelReason,
            c.cancelDate,
            c.cancelReason ? '演示数据：居民申请解约' : null,
            c.renews === null ? null : (contracts[c.renews]?.id ?? null),
            ctx.doctorOf(person.villageCode),
            options.doctorUserId,
          ]);
        }
      }
      counts.contracts += contracts.length;
      const fulfil = (
        date: IsoDate,
        service: string,
        by: string,
        visitId: number | null,
        checkupId: number | null,
      ) => {
        const contract = contracts.find((c) => c.start <= date && c.lastDay >= date);
        const itemId = teams.itemOf.get(service);
        if (contract && itemId !== undefined) {
          fulfilmentT.push([
            countyCode,
            ids.fd_fulfilment.next(),
            contract.id,
            itemId,
            person.id,
            person.villageCode,
            date,
            by,
            options.doctorUserId,
            visitId,
            checkupId,
          ]);
          counts.fulfilments += 1;
        }
      };
      // Follow-ups
      for (const e of plan.enrolments) {
        const enrolmentId = ids.fu_enrolment.next();
        enrolmentT.push([
          countyCode,
          enrolmentId,
          person.id,
          person.villageCode,
          e.disease,
          e.managedFrom,
          e.hasStrokeOrMi,
          e.nextDueDate,
        ]);
        for (const v of e.visits) {
          const visitId = ids.fu_visit.next();
          const f = v.form as Record<string, unknown>;
          visitT.push([
            countyCode,
            visitId,
            enrolmentId,
            person.id,
            person.villageCode,
            e.disease,
            v.form.visitDate,
            v.form.method,
            v.form,
            (f.systolic as number | undefined) ?? null,
            (f.diastolic as number | undefined) ?? null,
            (f.fastingGlucoseTenths as number | undefined) ?? null,
            (f.dangerGrade as number | undefined) ?? null,
            v.classification,
            v.isRedAlert,
            v.referralTriggers,
            v.shouldRefer,
            v.nextDueDate,
            v.nextReason,
            'continue',
            v.isFirstVisitLate,
            v.form.doctorName,
            options.doctorUserId,
          ]);
          fulfil(v.form.visitDate, `followup_${e.disease}`, v.form.doctorName, visitId, null);
        }
        counts.visits += e.visits.length;
      }
      counts.enrolments += plan.enrolments.length;
      // Checkup
      if (plan.checkup) {
        const k = plan.checkup;
        const checkupId = ids.health_checkup.next();
        checkupT.push([
          countyCode,
          checkupId,
          person.id,
          person.villageCode,
          k.date,
          k.results,
          k.flags,
          k.flags.length === 0 ? '未见明显异常' : `异常：${k.flags.map((f) => f.label).join('、')}`,
          k.doctorName,
          options.doctorUserId,
        ]);
        fulfil(k.date, 'health_check', k.doctorName, null, checkupId);
        counts.checkups += 1;
      }
      // Settlements
      if (options.policy) {
        for (const s of plan.settlements) {
          const { claim, result } = s;
          const layerPaid = (code: string) => result.layers.find((l) => l.code === code)?.paidFen ?? 0;
          settlementT.push([
            countyCode,
            ids.settlement.next(),
            person.id,
            s.institutionCode,
            claim.claimId,
            crypto
              .createHash('sha256')
              .update(
                stableStringify({ idNumber: person.idNumber, institutionCode: s.institutionCode, claim }),
              )
              .digest('hex'),
            options.policy.id,
            claim.visitType,
            claim.institutionLevel,
            claim.admissionDate,
            claim.dischargeDate,
            Number(claim.dischargeDate.slice(0, 4)),
            s.categories,
            claim,
            result,
            s.before,
            result.totalFen,
            layerPaid('basic_insurance'),
            layerPaid('critical_illness'),
            layerPaid('medical_assistance'),
            result.layers.filter((l) => !BASE_LAYERS.has(l.code)).reduce((sum, l) => sum + l.paidFen, 0),
            result.patientPaysFen,
            result.borneByFen,
            claim.policyScopeFen,
            result.patientPolicyScopeFen,
            result.depositWaivedFen,
            claim.treatFirstPayLater && (result.depositWaivedFen > 0 || claim.depositFen === 0),
            options.clerkUserId,
          ]);
        }
        counts.settlements += plan.settlements.length;
        if (plan.accumulators) {
          accumulatorT.push([countyCode, person.id, plan.accumulators.year, plan.accumulators]);
        }
      }
    }
    done += page.length;
    await session.flushIfFull();
    options.onProgress(done);
  }
  await session.flush();
  for (const t of ACTIVITY_TABLES) {
    await ids[t].commit();
  }
  return counts;
}
