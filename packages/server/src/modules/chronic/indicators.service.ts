import {
  addDays,
  FOLLOW_UP_DISEASE_LABELS,
  type FollowUpDisease,
  isControlledAtLatestVisit,
  isStandardManaged,
  maskIdNumber,
  ratioBp,
  type VisitMethod,
  type VisitOutcome,
  yearOf,
} from '@healthaid/domain';
import { sql } from 'kysely';
import { readManyRows } from '../../db/rows-via-json.ts';
import { AppError } from '../../http/app-error.ts';
import { type Db, findRegionNames } from './chronic.repository.ts';
import type { IndicatorCode } from './chronic.schema.ts';
import { applyChronicScope } from './chronic-data-scope.ts';
import { isContractFulfilled, overlapDays } from './chronic-rules.ts';
import type { RegionScope } from './chronic-scope.ts';
import { firstDueDate } from './follow-ups.service.ts';
import { KEY_CATEGORIES, KEY_DISEASES } from './signing.repository.ts';

export const INDICATOR_DEFINITIONS: Record<IndicatorCode, { label: string; definition: string }> = {
  managed: { label: '管理人数', definition: '统计期内在管的慢病患者人数（去重）' },
  standard_management: {
    label: '规范管理率',
    definition:
      '高血压、2型糖尿病患者中，统计期内每个应随访季度至少1次面对面随访、面对面随访次数达标且有健康体检的比例',
  },
  bp_control: {
    label: '血压控制率',
    definition: '高血压患者中，统计期内最近一次随访血压<140/90 mmHg的比例（失访计为未控制）',
  },
  glucose_control: {
    label: '血糖控制率',
    definition: '2型糖尿病患者中，统计期内最近一次随访空腹血糖<7.0 mmol/L的比例（失访计为未控制）',
  },
  mental_standard: {
    label: '严重精神障碍规范管理率',
    definition: '在管严重精神障碍患者中，统计期内按规范完成随访的比例',
  },
  followup_timely: {
    label: '随访完成率',
    definition:
      '统计截止日在管的慢病患者中，应随访的随访均已按时完成（末次随访确定的下次随访日期不早于截止日）的比例；从未随访的按纳入管理后首次随访期限计',
  },
  signing_poor: {
    label: '签约率（脱贫/监测人口）',
    definition: '统计期内属于建档立卡贫困人口或监测对象的在册居民中，有有效家庭医生签约的比例',
  },
  signing_chronic: {
    label: '签约率（重点慢病患者）',
    definition: '统计期内在管的高血压、2型糖尿病、肺结核、严重精神障碍患者中，有有效家庭医生签约的比例',
  },
  signing: {
    label: '签约率',
    definition:
      '重点人群（脱贫/监测对象及高血压、糖尿病、肺结核、严重精神障碍患者）中，统计期内有有效家庭医生签约的比例',
  },
  renewal: { label: '续签率', definition: '统计期内到期（未解约）的签约中，已续约的比例' },
  fulfilment: {
    label: '履约率',
    definition: '统计期内有效的签约中，各服务项目均按期（按比例折算）完成的比例',
  },
};

type Member = { personId: number; countyCode: string; villageCode: string; detail: string };
type Parts = { numerator: Member[]; denominator: Member[] | null };

function checkPeriod(from: string, to: string): void {
  if (to < from) {
    throw new AppError('VALIDATION_FAILED', '统计结束日期不能早于开始日期');
  }
  if (yearOf(from) !== yearOf(to)) {
    throw new AppError('VALIDATION_FAILED', '统计期间必须在同一年度内（规范管理按年度计算）');
  }
}

/** Every row the indicators need, read by readManyRows (~330,000 rows per county request). */
async function loadData(db: Db, rs: RegionScope, from: string, to: string) {
  const enrolments = await readManyRows(
    db,
    applyChronicScope(db.selectFrom('fu_enrolment as e'), rs.scope, 'e')
      .where('e.managed_from', '<=', to)
      .where((eb) => eb.or([eb('e.managed_until', 'is', null), eb('e.managed_until', '>=', from)]))
      .select([
        'e.county_code',
        'e.id',
        'e.person_id',
        'e.village_code',
        'e.disease',
        'e.managed_from',
        'e.managed_until',
        'e.end_reason',
        'e.notified_on',
      ]),
  );
  const visits = await readManyRows(
    db,
    applyChronicScope(db.selectFrom('fu_visit as v'), rs.scope, 'v')
      .where('v.visit_date', '>=', from)
      .where('v.visit_date', '<=', to)
      .select([
        'v.id',
        'v.enrolment_id',
        'v.visit_date',
        'v.method',
        'v.systolic',
        'v.diastolic',
        'v.fasting_glucose_tenths',
        'v.outcome',
      ]),
    ['visit_date', 'id'],
  );
  const checkups = await readManyRows(
    db,
    applyChronicScope(db.selectFrom('health_checkup as h'), rs.scope, 'h')
      .where('h.check_date', '>=', from)
      .where('h.check_date', '<=', to)
      .select(['h.person_id', 'h.check_date']),
  );
  const contracts = await readManyRows(
    db,
    applyChronicScope(db.selectFrom('fd_contract as c'), rs.scope, 'c')
      .where('c.status', '<>', 'pending')
      .select([
        'c.county_code',
        'c.id',
        'c.person_id',
        'c.village_code',
        'c.package_ids',
        'c.start_date',
        'c.end_date',
        'c.status',
        'c.cancel_date',
        'c.renewed_from_id',
      ]),
  );
  let itemQuery = db.selectFrom('fd_package_item as i').select(['i.id', 'i.package_id', 'i.count_per_year']);
  if (rs.scope.countyCode) {
    itemQuery = itemQuery.where('i.county_code', '=', rs.scope.countyCode);
  }
  const items = await itemQuery.execute();
  const fulfilments = await readManyRows(
    db,
    applyChronicScope(db.selectFrom('fd_fulfilment as f'), rs.scope, 'f')
      .where('f.service_date', '>=', from)
      .where('f.service_date', '<=', to)
      .select(['f.contract_id', 'f.item_id', 'f.service_date']),
  );
  // Only key persons leave the database (a third of the county's persons in the demo): the filter on the two flags
  // runs there, not over every person's row here, each flag computed once. signing.repository.ts counts the same
  // key persons and their contracts in SQL (签约率 of the 驾驶舱 and the indicator catalogue); keep both in step.
  const keyPersonFlags = applyChronicScope(db.selectFrom('person as p'), rs.scope, 'p')
    .where('p.status', '=', 'normal')
    .select((eb) => {
      const isPoorOrMonitored = eb.exists(
        eb
          .selectFrom('person_category as pc')
          .whereRef('pc.county_code', '=', 'p.county_code')
          .whereRef('pc.person_id', '=', 'p.id')
          .where('pc.category', 'in', KEY_CATEGORIES)
          .where('pc.valid_from', '<=', to)
          .where((w) => w.or([w('pc.valid_to', 'is', null), w('pc.valid_to', '>=', from)]))
          .select(sql`1`.as('one')),
      );
      const isKeyPatient = eb.exists(
        eb
          .selectFrom('fu_enrolment as ke')
          .whereRef('ke.county_code', '=', 'p.county_code')
          .whereRef('ke.person_id', '=', 'p.id')
          .where('ke.disease', 'in', KEY_DISEASES)
          .where('ke.managed_from', '<=', to)
          .where((w) => w.or([w('ke.managed_until', 'is', null), w('ke.managed_until', '>=', from)]))
          .select(sql`1`.as('one')),
      );
      return [
        'p.county_code',
        'p.id',
        'p.village_code',
        isPoorOrMonitored.as('is_poor_or_monitored'),
        isKeyPatient.as('is_key_patient'),
      ];
    })
    // OFFSET 0 keeps the filter below from being pushed into this query, where each flag's subquery would run twice.
    .offset(0);
  const keyPersons = await readManyRows(
    db,
    db
      .selectFrom(keyPersonFlags.as('k'))
      .selectAll('k')
      .where((eb) => eb.or([eb('k.is_poor_or_monitored', '=', true), eb('k.is_key_patient', '=', true)])),
  );
  // The latest visit up to the end of the period of every enrolment (for 随访完成率).
  const lastVisits = await readManyRows(
    db,
    applyChronicScope(db.selectFrom('fu_visit as v'), rs.scope, 'v')
      .where('v.visit_date', '<=', to)
      .distinctOn('v.enrolment_id')
      .select(['v.enrolment_id', 'v.visit_date', 'v.next_due_date'])
      .orderBy('v.enrolment_id')
      .orderBy('v.visit_date', 'desc')
      .orderBy('v.id', 'desc'),
  );
  return { enrolments, visits, checkups, contracts, items, fulfilments, keyPersons, lastVisits };
}

function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) {
      group.push(row);
    } else {
      groups.set(key, [row]);
    }
  }
  return groups;
}

function computeParts(
  data: Awaited<ReturnType<typeof loadData>>,
  from: string,
  to: string,
): Record<IndicatorCode, Parts> {
  const period = { from, to };
  const year = yearOf(to);
  // Everything is grouped once by its key: a county has ~100k visits and fulfilments, so a scan per patient or per
  // contract (or copying the group on every append) made 签约率/履约率 take over a minute.
  const visitsByEnrolment = groupBy(data.visits, (v) => v.enrolment_id);
  const checkupsByPerson = new Map(
    [...groupBy(data.checkups, (c) => c.person_id)].map(([id, rows]) => [
      id,
      rows.map((c) => ({ date: c.check_date })),
    ]),
  );
  const fulfilmentsByContract = groupBy(data.fulfilments, (f) => f.contract_id);
  const memberOf = (
    e: { person_id: number; county_code: string; village_code: string },
    detail: string,
  ): Member => ({
    personId: e.person_id,
    countyCode: e.county_code,
    villageCode: e.village_code,
    detail,
  });
  const ofDisease = (disease: string) => data.enrolments.filter((e) => e.disease === disease);
  const isCompliant = (e: (typeof data.enrolments)[number]) =>
    e.disease !== 'tuberculosis' &&
    isStandardManaged({
      year,
      disease: e.disease as 'hypertension' | 'diabetes' | 'mental' | 'chronic',
      visits: (visitsByEnrolment.get(e.id) ?? []).map((v) => ({
        date: v.visit_date,
        method: v.method as VisitMethod,
      })),
      checkups: checkupsByPerson.get(e.person_id) ?? [],
      managedFrom: e.managed_from > from ? e.managed_from : from,
      managedUntil: e.managed_until && e.managed_until < to ? e.managed_until : to,
    });
  const isControlled = (e: (typeof data.enrolments)[number], disease: 'hypertension' | 'diabetes') =>
    isControlledAtLatestVisit({
      disease,
      period,
      isLostToFollowUp: e.end_reason === 'lost',
      visits: (visitsByEnrolment.get(e.id) ?? []).map((v) => ({
        date: v.visit_date,
        systolic: v.systolic,
        diastolic: v.diastolic,
        fastingGlucoseTenths: v.fasting_glucose_tenths,
        outcome: v.outcome as VisitOutcome,
      })),
    });
  const label = (disease: string) =>
    FOLLOW_UP_DISEASE_LABELS[disease as keyof typeof FOLLOW_UP_DISEASE_LABELS];

  const managedPersons = new Map<number, Member>();
  for (const e of data.enrolments) {
    const previous = managedPersons.get(e.person_id);
    managedPersons.set(
      e.person_id,
      memberOf(e, previous ? `${previous.detail}、${label(e.disease)}` : label(e.disease)),
    );
  }
  const standardBase = data.enrolments.filter(
    (e) => e.disease === 'hypertension' || e.disease === 'diabetes',
  );

  // Contracts in force at some time in the period: started by `to`, ending on/after `from`, not cancelled before
  // (the same condition as countSigningByGroup in signing.repository.ts).
  const lastDayOf = (c: (typeof data.contracts)[number]) =>
    c.status === 'cancelled' && c.cancel_date ? addDays(c.cancel_date, -1) : c.end_date;
  const inForce = data.contracts.filter(
    (c) => c.start_date <= to && lastDayOf(c) >= from && lastDayOf(c) >= c.start_date,
  );
  const signedPersons = new Set(inForce.map((c) => c.person_id));
  const expiring = data.contracts.filter(
    (c) => c.status !== 'cancelled' && c.end_date >= from && c.end_date <= to,
  );
  const renewedIds = new Set(
    data.contracts.filter((c) => c.renewed_from_id !== null).map((c) => c.renewed_from_id),
  );
  const itemsByPackage = new Map(
    [...groupBy(data.items, (i) => i.package_id)].map(([id, rows]) => [
      id,
      rows.map((i) => ({ itemId: i.id, countPerYear: i.count_per_year })),
    ]),
  );
  const fulfilled = (c: (typeof data.contracts)[number]) => {
    const covered = {
      from: c.start_date > from ? c.start_date : from,
      to: lastDayOf(c) < to ? lastDayOf(c) : to,
    };
    return isContractFulfilled({
      items: c.package_ids.flatMap((p) => itemsByPackage.get(Number(p)) ?? []),
      deliveries: (fulfilmentsByContract.get(c.id) ?? [])
        .filter((f) => f.service_date >= covered.from && f.service_date <= covered.to)
        .map((f) => ({ itemId: f.item_id })),
      coveredDays: overlapDays(covered, period),
    });
  };
  const contractMember = (c: (typeof data.contracts)[number], detail: string) => memberOf(c, detail);

  const signingOf = (persons: typeof data.keyPersons): Parts => ({
    numerator: persons
      .filter((p) => signedPersons.has(p.id))
      .map((p) => ({
        personId: p.id,
        countyCode: p.county_code,
        villageCode: p.village_code,
        detail: '已签约',
      })),
    denominator: persons.map((p) => ({
      personId: p.id,
      countyCode: p.county_code,
      villageCode: p.village_code,
      detail: signedPersons.has(p.id) ? '已签约' : '未签约',
    })),
  });
  // 随访完成率: managed on `to`, and the due date of the latest visit up to `to` (or, never visited, the
  // first due date after enrolment) is not before `to` (due that day is not yet overdue).
  const lastVisitOf = new Map(data.lastVisits.map((v) => [v.enrolment_id, v]));
  const managedOnTo = data.enrolments.filter((e) => e.managed_until === null || e.managed_until > to);
  const dueOf = (e: (typeof data.enrolments)[number]) =>
    lastVisitOf.get(e.id)?.next_due_date ??
    firstDueDate(e.disease as FollowUpDisease, e.managed_from, e.notified_on);
  const timelyDetail = (e: (typeof data.enrolments)[number]) => {
    const due = dueOf(e);
    return due >= to ? `${label(e.disease)}：下次随访${due}` : `${label(e.disease)}：应于${due}随访，已逾期`;
  };

  return {
    managed: { numerator: [...managedPersons.values()], denominator: null },
    signing_poor: signingOf(data.keyPersons.filter((p) => p.is_poor_or_monitored)),
    signing_chronic: signingOf(data.keyPersons.filter((p) => p.is_key_patient)),
    followup_timely: {
      numerator: managedOnTo.filter((e) => dueOf(e) >= to).map((e) => memberOf(e, timelyDetail(e))),
      denominator: managedOnTo.map((e) => memberOf(e, timelyDetail(e))),
    },
    standard_management: {
      numerator: standardBase.filter(isCompliant).map((e) => memberOf(e, label(e.disease))),
      denominator: standardBase.map((e) => memberOf(e, label(e.disease))),
    },
    bp_control: {
      numerator: ofDisease('hypertension')
        .filter((e) => isControlled(e, 'hypertension'))
        .map((e) => memberOf(e, '血压控制')),
      denominator: ofDisease('hypertension').map((e) => memberOf(e, '高血压在管')),
    },
    glucose_control: {
      numerator: ofDisease('diabetes')
        .filter((e) => isControlled(e, 'diabetes'))
        .map((e) => memberOf(e, '血糖控制')),
      denominator: ofDisease('diabetes').map((e) => memberOf(e, '糖尿病在管')),
    },
    mental_standard: {
      numerator: ofDisease('mental')
        .filter(isCompliant)
        .map((e) => memberOf(e, '规范管理')),
      denominator: ofDisease('mental').map((e) => memberOf(e, '严重精神障碍在管')),
    },
    signing: {
      numerator: data.keyPersons
        .filter((p) => signedPersons.has(p.id))
        .map((p) => ({
          personId: p.id,
          countyCode: p.county_code,
          villageCode: p.village_code,
          detail: '已签约',
        })),
      denominator: data.keyPersons.map((p) => ({
        personId: p.id,
        countyCode: p.county_code,
        villageCode: p.village_code,
        detail: signedPersons.has(p.id) ? '已签约' : '未签约',
      })),
    },
    renewal: {
      numerator: expiring
        .filter((c) => renewedIds.has(c.id))
        .map((c) => contractMember(c, `到期${c.end_date}，已续约`)),
      denominator: expiring.map((c) => contractMember(c, `到期${c.end_date}`)),
    },
    fulfilment: {
      numerator: inForce.filter(fulfilled).map((c) => contractMember(c, '已履约')),
      denominator: inForce.map((c) => contractMember(c, fulfilled(c) ? '已履约' : '未完成履约')),
    },
  };
}

export async function computeIndicators(db: Db, rs: RegionScope, from: string, to: string) {
  checkPeriod(from, to);
  const parts = computeParts(await loadData(db, rs, from, to), from, to);
  return {
    regionCode: rs.regionCode,
    from,
    to,
    items: (Object.keys(INDICATOR_DEFINITIONS) as IndicatorCode[]).map((code) => {
      const p = parts[code];
      const denominator = p.denominator === null ? null : p.denominator.length;
      return {
        code,
        ...INDICATOR_DEFINITIONS[code],
        numerator: p.numerator.length,
        denominator,
        rateBp: denominator === null ? null : ratioBp(p.numerator.length, denominator),
      };
    }),
  };
}

export async function listIndicatorMembers(
  db: Db,
  rs: RegionScope,
  query: {
    code: IndicatorCode;
    from: string;
    to: string;
    part: 'numerator' | 'denominator';
    page: number;
    pageSize: number;
  },
) {
  checkPeriod(query.from, query.to);
  const parts = computeParts(await loadData(db, rs, query.from, query.to), query.from, query.to);
  const all = [
    ...((query.part === 'numerator' ? parts[query.code].numerator : parts[query.code].denominator) ?? []),
  ].sort((a, b) => a.villageCode.localeCompare(b.villageCode) || a.personId - b.personId);
  const start = (query.page - 1) * query.pageSize;
  const page = all.slice(start, start + query.pageSize);
  const ids = page.map((m) => m.personId);
  const persons =
    ids.length === 0
      ? []
      : await applyChronicScope(db.selectFrom('person as p'), rs.scope, 'p')
          .where('p.id', 'in', ids)
          .select(['p.id', 'p.name', 'p.id_number'])
          .execute();
  const byId = new Map(persons.map((p) => [p.id, p]));
  const names = await findRegionNames(
    db,
    page.map((m) => m.villageCode),
  );
  return {
    items: page.map((m) => ({
      personId: m.personId,
      name: byId.get(m.personId)?.name ?? '',
      idNumberMasked: maskIdNumber(byId.get(m.personId)?.id_number ?? ''),
      villageCode: m.villageCode,
      villageName: names.get(m.villageCode) ?? m.villageCode,
      detail: m.detail,
    })),
    total: all.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Numerator and denominator members of every chronic indicator (for the indicator framework). */
export async function computeIndicatorParts(
  db: Db,
  rs: RegionScope,
  from: string,
  to: string,
): Promise<Record<IndicatorCode, { numerator: Member[]; denominator: Member[] | null }>> {
  checkPeriod(from, to);
  return computeParts(await loadData(db, rs, from, to), from, to);
}
