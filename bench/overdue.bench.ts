import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  ageOn,
  applyCallOutcome,
  type CallOutcome,
  classifyDiabetesVisit,
  classifyHypertensionVisit,
  classifyMentalVisit,
  decideNextVisit,
  detectEmergencyReferral,
  type FollowUpDisease,
  fromEpochDay,
  type IsoDate,
  type SummaryVisit,
  summariseFollowUps,
  toEpochDay,
  type VisitClass,
} from '@healthaid/domain';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { type Database, openDatabase } from '../packages/server/src/db/database.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { hashPassword } from '../packages/server/src/modules/auth/password.ts';
import { type Figure, percentile, report, timeMs } from './harness.ts';
import { generateRegistry } from './registry-data.ts';

/**
 * Overdue lists (GET /api/v1/chronic/overdue, first page of 50, ranked by risk then days overdue) for a
 * village doctor (the villages of his family-doctor team) and for a township, on PostgreSQL with a
 * generated city: 盐城 3209 (2,494 villages × HOUSEHOLDS × 3 persons ≈ 1M persons), family-doctor teams of
 * 1–3 villages, contracts for ~70 %, and chronic patients (hypertension, diabetes, severe mental disorder,
 * TB, other) with follow-ups since 2024 (≈4M visits): a village doctor has tens to a few hundred patients,
 * a township a few thousand. Persons come from registry-data.ts (INSERT … SELECT); the chronic tables are
 * generated here with the domain rules (class, next due date, risk summary) and loaded with COPY.
 * Then RUNS requests per kind, each as a random doctor or township, in-process (app.inject).
 *
 * Database: `bench_overdue` on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * created at the start and dropped at the end (KEEP_DB=1 keeps it).
 * Run: npm run bench -- overdue   (HOUSEHOLDS=134, RUNS=400, DOCTORS=80, TOWNSHIPS=40, AS_OF=2026-12-06)
 */
const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 134);
const RUNS = Number(process.env.RUNS ?? 400);
const DOCTORS = Number(process.env.DOCTORS ?? 80);
const TOWNSHIPS = Number(process.env.TOWNSHIPS ?? 40);
const AS_OF: IsoDate = process.env.AS_OF ?? '2026-12-06';
const PREFIX = '3209';
const DB_NAME = 'bench_overdue';
const HISTORY_FROM: IsoDate = '2024-01-01';
const PASSWORD = 'Bench@2026x';

const figures: Figure[] = [];
const asOfDay = toEpochDay(AS_OF);

/** Deterministic PRNG (mulberry32): the same data on every run. */
function makeRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
const random = makeRandom(20261206);

/** Writes COPY text lines with back-pressure. */
function lineWriter(stream: NodeJS.WritableStream) {
  let buffer = '';
  return {
    async line(values: readonly (string | number | boolean | null)[]) {
      buffer += `${values.map((v) => (v === null ? '\\N' : String(v))).join('\t')}\n`;
      if (buffer.length > 1 << 20) {
        const chunk = buffer;
        buffer = '';
        if (!stream.write(chunk)) {
          await new Promise((resolve) => stream.once('drain', resolve));
        }
      }
    },
    async end() {
      if (buffer) {
        stream.write(buffer);
      }
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.once('finish', () => resolve());
        stream.end();
      });
    },
  };
}

async function copyInto(
  client: pg.Client,
  statement: string,
  produce: (w: ReturnType<typeof lineWriter>) => Promise<void>,
) {
  const copy = client.query(copyFrom(statement));
  const done = new Promise<void>((resolve, reject) => {
    copy.on('finish', () => resolve());
    copy.on('error', reject);
  });
  const writer = lineWriter(copy);
  await produce(writer);
  await writer.end();
  await done;
}

type Person = { county: string; id: number; village: string; birth: IsoDate };
type Plan = { disease: FollowUpDisease; chance: number; minAge: number };
const PLANS: readonly Plan[] = [
  { disease: 'hypertension', chance: 0.27, minAge: 35 },
  { disease: 'diabetes', chance: 0.09, minAge: 35 },
  { disease: 'mental', chance: 0.007, minAge: 18 },
  { disease: 'tuberculosis', chance: 0.0015, minAge: 15 },
  { disease: 'chronic', chance: 0.035, minAge: 40 },
];

type Visit = SummaryVisit & { day: number; classification: string; next: IsoDate; method: string };

/** One patient's follow-ups from enrolment (or 2024) to AS_OF, with the domain's class and next date. */
function simulateVisits(
  person: Person,
  disease: FollowUpDisease,
  fromDay: number,
  untilDay: number,
): Visit[] {
  const visits: Visit[] = [];
  const diligence = random.next(); // < 0.7 regular, < 0.9 sometimes late, else poor
  const isControlled = random.chance(disease === 'diabetes' ? 0.6 : 0.68);
  let day = Math.max(fromDay, toEpochDay(HISTORY_FROM)) + random.int(0, 80);
  let previous: VisitClass | null = null;
  while (day <= untilDay) {
    const date = fromEpochDay(day);
    const method = random.next() < 0.55 ? 'clinic' : random.next() < 0.8 ? 'home' : 'phone';
    const onTarget = isControlled ? random.chance(0.88) : random.chance(0.3);
    const reading: SummaryVisit = { visitDate: date };
    let classification: string;
    let next: IsoDate;
    if (disease === 'mental') {
      const grade = random.chance(0.9) ? 0 : random.int(1, 4);
      const stability = classifyMentalVisit({ dangerGrade: grade });
      classification = stability;
      next = decideNextVisit({ disease: 'mental', visitDate: date, classification: stability }).nextDueDate;
    } else if (disease === 'tuberculosis') {
      classification = random.chance(0.9) ? 'regular' : 'irregular';
      const phase = visits.length < 6 ? 'intensive' : 'continuation';
      next = decideNextVisit({
        disease: 'tuberculosis',
        visitDate: date,
        phase,
        supervisor: 'family',
      }).nextDueDate;
    } else {
      if (method !== 'phone' || random.chance(0.3)) {
        if (disease === 'diabetes') {
          reading.fastingGlucoseTenths = random.chance(0.004)
            ? random.int(167, 220)
            : onTarget
              ? random.int(48, 69)
              : random.int(70, 130);
        } else {
          const crisis = random.chance(0.008);
          reading.systolic = crisis
            ? random.int(180, 200)
            : onTarget
              ? random.int(110, 138)
              : random.int(140, 178);
          reading.diastolic = crisis
            ? random.int(100, 115)
            : onTarget
              ? random.int(65, 88)
              : random.int(86, 105);
        }
      }
      const age = ageOn(person.birth, date);
      const flags = { hasAdverseReaction: false, hasNewComplication: false };
      const visitClass: VisitClass =
        reading.systolic != null && reading.diastolic != null
          ? classifyHypertensionVisit({
              systolic: reading.systolic,
              diastolic: reading.diastolic,
              age,
              ...flags,
            })
          : reading.fastingGlucoseTenths != null
            ? classifyDiabetesVisit({ fastingGlucoseTenths: reading.fastingGlucoseTenths, ...flags })
            : 'satisfactory';
      const isReferred = detectEmergencyReferral({ disease, ...reading }).isRedAlert;
      next = decideNextVisit({
        disease,
        visitDate: date,
        classification: visitClass,
        previousClassification: previous,
        isReferred,
      }).nextDueDate;
      previous = visitClass;
      classification = visitClass;
    }
    visits.push({ ...reading, day, classification, next, method });
    // Most come back about when due; some late; a few very late (they fill the overdue lists).
    const due = toEpochDay(next) - day;
    const lateness =
      diligence < 0.7 ? random.int(-10, 6) : diligence < 0.9 ? random.int(0, 60) : random.int(20, 200);
    day += Math.max(7, due + lateness);
  }
  return visits;
}

async function generate(database: Database, adminUrl: string) {
  const { db } = database;
  const persons = await timeMs(async () => {
    const n = await generateRegistry(db, PREFIX, HOUSEHOLDS);
    figures.push({
      name: 'persons',
      value: n,
      unit: 'persons',
      note: `${HOUSEHOLDS} households × 3 per village`,
    });
  });
  figures.push({ name: 'generate: persons (INSERT … SELECT)', value: Math.round(persons), unit: 'ms' });

  const started = process.hrtime.bigint();
  const villages = await db
    .selectFrom('region')
    .where('level', '=', 'village')
    .where('code', 'like', `${PREFIX}%`)
    .select(['code', 'parent_code'])
    .orderBy('code')
    .execute();
  // Teams of 1–3 consecutive villages of one township.
  const byTownship = new Map<string, string[]>();
  for (const v of villages) {
    const township = `${v.code.slice(0, 9)}000`;
    byTownship.set(township, [...(byTownship.get(township) ?? []), v.code]);
  }
  const teams: { county: string; name: string; villages: string[]; township: string }[] = [];
  for (const [township, codes] of byTownship) {
    for (let i = 0; i < codes.length; ) {
      const size = Math.min(codes.length - i, random.int(1, 3));
      const part = codes.slice(i, i + size);
      teams.push({ county: township.slice(0, 6), name: `团队${part[0]}`, villages: part, township });
      i += size;
    }
  }
  const passwordHash = await hashPassword(PASSWORD);
  const doctorTeams = [...teams].sort(() => random.next() - 0.5).slice(0, DOCTORS);
  const doctorAccounts = new Map<string, number>();
  for (const [i, team] of doctorTeams.entries()) {
    const row = await db
      .insertInto('app_user')
      .values({
        username: `bench_doctor_${i}`,
        display_name: `村医${i}`,
        password_hash: passwordHash,
        role: 'village_doctor',
        region_code: team.villages[0] as string,
        must_change_password: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    doctorAccounts.set(team.name, row.id);
  }
  const townships = [...byTownship.keys()].sort(() => random.next() - 0.5).slice(0, TOWNSHIPS);
  for (const [i, township] of townships.entries()) {
    await db
      .insertInto('app_user')
      .values({
        username: `bench_township_${i}`,
        display_name: `乡镇${i}`,
        password_hash: passwordHash,
        role: 'township',
        region_code: township,
        must_change_password: false,
      })
      .execute();
  }
  const teamIds = new Map<string, number>();
  for (let i = 0; i < teams.length; i += 500) {
    const part = teams.slice(i, i + 500);
    const rows = await db
      .insertInto('fd_team')
      .values(
        part.map((t) => ({
          county_code: t.county,
          name: t.name,
          institution_name: '卫生院',
          members: JSON.stringify([
            { role: 'doctor', name: '医生', userId: doctorAccounts.get(t.name) ?? null },
            { role: 'nurse', name: '护士' },
            { role: 'public_health', name: '公卫' },
          ]),
        })),
      )
      .returning(['id', 'name'])
      .execute();
    for (const r of rows) {
      teamIds.set(r.name, r.id);
    }
  }
  const teamOfVillage = new Map<string, number>();
  const links = teams.flatMap((t) =>
    t.villages.map((v) => {
      teamOfVillage.set(v, teamIds.get(t.name) as number);
      return { county_code: t.county, team_id: teamIds.get(t.name) as number, village_code: v };
    }),
  );
  for (let i = 0; i < links.length; i += 1000) {
    await db
      .insertInto('fd_team_village')
      .values(links.slice(i, i + 1000))
      .execute();
  }
  const packageIds = new Map<string, number>();
  for (const county of new Set(teams.map((t) => t.county))) {
    const pkg = await db
      .insertInto('fd_package')
      .values({ county_code: county, name: '基础包', kind: 'basic' })
      .returning('id')
      .executeTakeFirstOrThrow();
    packageIds.set(county, pkg.id);
  }

  const people: Person[] = (
    await db
      .selectFrom('person')
      .where('village_code', 'like', `${PREFIX}%`)
      .where('status', '=', 'normal')
      .select(['county_code', 'id', 'village_code', 'birth_date'])
      .orderBy('id')
      .execute()
  ).map((p) => ({ county: p.county_code, id: p.id, village: p.village_code, birth: p.birth_date }));

  const client = new pg.Client({ connectionString: adminUrl.replace(/\/[^/]*$/, `/${DB_NAME}`) });
  await client.connect();
  for (const table of ['fd_contract', 'fu_enrolment', 'fu_visit', 'fu_call']) {
    // Consistent generated data: skip the FK checks and the summary triggers during the load.
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
  }
  await client.query('ALTER TABLE fu_enrolment ALTER COLUMN id SET GENERATED BY DEFAULT');

  let contracts = 0;
  await copyInto(
    client,
    `COPY fd_contract (county_code, contract_no, person_id, village_code, team_id, package_ids, start_date,
       end_date, status, doctor_name) FROM STDIN`,
    async (w) => {
      for (const p of people) {
        if (!random.chance(0.7)) {
          continue;
        }
        contracts += 1;
        const start = fromEpochDay(toEpochDay('2026-01-01') + random.int(0, 200));
        await w.line([
          p.county,
          `HT-${p.county}-2026-${String(contracts).padStart(7, '0')}`,
          p.id,
          p.village,
          teamOfVillage.get(p.village) ?? 0,
          `{${packageIds.get(p.county)}}`,
          start,
          fromEpochDay(toEpochDay(start) + 364),
          random.chance(0.1) ? 'renewed' : 'signed',
          '医生',
        ]);
      }
    },
  );
  figures.push({ name: 'contracts', value: contracts, unit: 'rows' });

  const visitFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-overdue-')), 'visits.tsv');
  const visitOut = fs.createWriteStream(visitFile);
  const visitLines = lineWriter(visitOut);
  const calls: (string | number | null)[][] = [];
  let enrolments = 0;
  let visitCount = 0;
  await copyInto(
    client,
    `COPY fu_enrolment (county_code, id, person_id, village_code, disease, managed_from, managed_until,
       end_reason, has_stroke_or_mi, notified_on, next_due_date, hidden_until, unreachable_attempts,
       last_call_outcome, last_called_on, last_visit_date, last_systolic, last_diastolic, last_glucose_tenths,
       is_high_risk, risk_reasons, summary_version, summary_of_version) FROM STDIN`,
    async (w) => {
      for (const p of people) {
        const age = ageOn(p.birth, AS_OF);
        for (const plan of PLANS) {
          if (age < plan.minAge || !random.chance(plan.chance * (age >= 60 ? 1.4 : 0.8))) {
            continue;
          }
          enrolments += 1;
          const id = enrolments;
          const fromDay = toEpochDay('2018-01-01') + random.int(0, asOfDay - toEpochDay('2018-01-01') - 30);
          // TB is treated for about 6 months; other management ends only by death or moving (3 %).
          const tbEnd = fromDay + random.int(180, 240);
          const isEnded = plan.disease === 'tuberculosis' ? tbEnd < asOfDay : random.chance(0.03);
          const untilDay =
            plan.disease === 'tuberculosis'
              ? Math.min(tbEnd, asOfDay)
              : isEnded
                ? random.int(fromDay, asOfDay)
                : asOfDay;
          const visits = simulateVisits(p, plan.disease, fromDay, untilDay);
          for (const v of visits) {
            visitCount += 1;
            await visitLines.line([
              p.county,
              id,
              p.id,
              p.village,
              plan.disease,
              v.visitDate,
              v.method,
              JSON.stringify({ visitDate: v.visitDate }),
              v.systolic ?? null,
              v.diastolic ?? null,
              v.fastingGlucoseTenths ?? null,
              v.classification,
              false,
              false,
              v.next,
              'continue',
              '医生',
            ]);
          }
          const newestFirst = [...visits].reverse();
          const stroke = plan.disease === 'hypertension' && random.chance(0.06);
          const summary = summariseFollowUps(newestFirst, { hasStrokeOrHeartAttack: stroke });
          const last = visits.at(-1);
          const nextDue = last ? last.next : fromEpochDay(fromDay + 14);
          // A few overdue patients were called recently: hidden for 7 or 30 days, or unreachable.
          let call: ReturnType<typeof applyCallOutcome> | null = null;
          if (!isEnded && nextDue < AS_OF && random.chance(0.12)) {
            const outcome: CallOutcome = random.pick(['agreed_to_visit', 'remind_later', 'unreachable']);
            const calledOn = fromEpochDay(asOfDay - random.int(0, 20));
            call = applyCallOutcome({ outcome, calledOn });
            calls.push([p.county, id, p.id, p.village, outcome, calledOn]);
          }
          await w.line([
            p.county,
            id,
            p.id,
            p.village,
            plan.disease,
            fromEpochDay(fromDay),
            isEnded ? fromEpochDay(untilDay) : null,
            isEnded ? random.pick(['death', 'moved']) : null,
            stroke,
            plan.disease === 'tuberculosis' ? fromEpochDay(fromDay) : null,
            nextDue,
            call?.hiddenUntil ?? null,
            call?.unreachableAttempts ?? 0,
            call?.lastOutcome ?? null,
            call?.lastCalledOn ?? null,
            summary.lastVisitDate,
            summary.lastBp?.systolic ?? null,
            summary.lastBp?.diastolic ?? null,
            summary.lastGlucoseTenths,
            summary.risk.isHighRisk,
            `{${summary.risk.reasons.join(',')}}`,
            1,
            1,
          ]);
        }
      }
    },
  );
  await visitLines.end();
  figures.push({ name: 'chronic enrolments (patients × disease)', value: enrolments, unit: 'rows' });
  const copyMs = await timeMs(() =>
    pipeline(
      fs.createReadStream(visitFile),
      client.query(
        copyFrom(`COPY fu_visit (county_code, enrolment_id, person_id, village_code, disease, visit_date, method,
          form, systolic, diastolic, fasting_glucose_tenths, classification, is_red_alert, should_refer,
          next_due_date, outcome, doctor_name) FROM STDIN`),
      ),
    ),
  );
  fs.rmSync(path.dirname(visitFile), { recursive: true, force: true });
  figures.push({
    name: 'follow-up visits',
    value: visitCount,
    unit: 'rows',
    note: `COPY ${Math.round(copyMs)} ms`,
  });
  await copyInto(
    client,
    'COPY fu_call (county_code, enrolment_id, person_id, village_code, outcome, called_on) FROM STDIN',
    async (w) => {
      for (const c of calls) {
        await w.line(c);
      }
    },
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('fu_enrolment', 'id'), ${enrolments})`);
  await client.query('ALTER TABLE fu_enrolment ALTER COLUMN id SET GENERATED ALWAYS');
  for (const table of ['fd_contract', 'fu_enrolment', 'fu_visit', 'fu_call']) {
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
  }
  await client.end();
  await sql`ANALYZE`.execute(db);
  figures.push({
    name: 'generate: chronic tables (COPY) + ANALYZE',
    value: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    unit: 'ms',
  });
  return { doctors: doctorTeams.length, townships: townships.length };
}

async function measure(database: Database, counts: { doctors: number; townships: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'healthaid-bench-cfg-'));
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: dataDir, LOGIN_RATE_LIMIT: '100000' }),
    logLevel: 'silent' as const,
  };
  const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: false });
  const login = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    if (res.statusCode !== 200) {
      throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    }
    return `ha_session=${res.cookies.find((c) => c.name === 'ha_session')?.value}`;
  };
  const sessions = {
    doctor: await Promise.all(Array.from({ length: counts.doctors }, (_, i) => login(`bench_doctor_${i}`))),
    township: await Promise.all(
      Array.from({ length: counts.townships }, (_, i) => login(`bench_township_${i}`)),
    ),
  };
  const times: Record<'doctor' | 'township', number[]> = { doctor: [], township: [] };
  const totals: Record<'doctor' | 'township', number[]> = { doctor: [], township: [] };
  const url = `/api/v1/chronic/overdue?asOf=${AS_OF}&page=1&pageSize=50`;
  // Warm-up: one request per session (also proves every summary is fresh: nothing to recompute).
  for (const kind of ['doctor', 'township'] as const) {
    for (const cookie of sessions[kind]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) {
        throw new Error(`${kind} overdue: ${res.statusCode} ${res.body}`);
      }
      totals[kind].push(res.json<{ total: number }>().total);
    }
  }
  for (let i = 0; i < RUNS * 2; i++) {
    const kind = i % 2 === 0 ? 'doctor' : 'township';
    const cookie = random.pick(sessions[kind]);
    let status = 0;
    const ms = await timeMs(async () => {
      status = (await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode;
    });
    if (status !== 200) {
      throw new Error(`${kind} overdue answered ${status}`);
    }
    times[kind].push(ms);
  }
  const patients = async (kind: 'doctor' | 'township') => {
    const users = await database.db
      .selectFrom('app_user')
      .where('username', 'like', `bench_${kind}_%`)
      .select(['id', 'region_code'])
      .execute();
    const counted = await Promise.all(
      users.map(async (u) => {
        const villages =
          kind === 'doctor'
            ? (
                await database.db
                  .selectFrom('fd_team as t')
                  .innerJoin('fd_team_village as tv', (j) =>
                    j.onRef('tv.county_code', '=', 't.county_code').onRef('tv.team_id', '=', 't.id'),
                  )
                  .where(sql<boolean>`t.members @> ${JSON.stringify([{ userId: u.id }])}::jsonb`)
                  .select('tv.village_code')
                  .execute()
              ).map((r) => r.village_code)
            : null;
        let q = database.db
          .selectFrom('fu_enrolment')
          .where('managed_until', 'is', null)
          .select((eb) => eb.fn.countAll<number>().as('n'));
        q = villages
          ? q.where('village_code', 'in', villages)
          : q.where('village_code', 'like', `${u.region_code.slice(0, 9)}%`);
        return Number((await q.executeTakeFirstOrThrow()).n);
      }),
    );
    return counted;
  };
  for (const kind of ['doctor', 'township'] as const) {
    const managed = await patients(kind);
    figures.push({
      name: `${kind}: patients under management (min/median/max)`,
      value: Math.round(percentile(managed, 50)),
      unit: 'patients',
      note: `${Math.min(...managed)}–${Math.max(...managed)} over ${managed.length} ${kind}s`,
    });
    figures.push({
      name: `${kind}: due or overdue today (median)`,
      value: Math.round(percentile(totals[kind], 50)),
      unit: 'patients',
      note: `${Math.min(...totals[kind])}–${Math.max(...totals[kind])}`,
    });
    figures.push({
      name: `${kind}: overdue list p50`,
      value: round1(percentile(times[kind], 50)),
      unit: 'ms',
    });
    figures.push({
      name: `${kind}: overdue list p95`,
      value: round1(percentile(times[kind], 95)),
      unit: 'ms',
    });
    figures.push({
      name: `${kind}: overdue list max`,
      value: round1(Math.max(...times[kind])),
      unit: 'ms',
      note: `${times[kind].length} requests, random ${kind}s`,
    });
  }
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB_NAME}`);
const url = new URL(adminUrl);
url.pathname = `/${DB_NAME}`;
const database = await openDatabase({ engine: 'postgres', databaseUrl: url.toString() });
try {
  await migrateToLatest(database.db);
  const counts = await generate(database, url.toString());
  await measure(database, counts);
} finally {
  await database.close();
  if (process.env.KEEP_DB !== '1') {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
  await admin.end();
}

report('overdue', figures, { runs: RUNS, asOf: AS_OF, households: HOUSEHOLDS });
