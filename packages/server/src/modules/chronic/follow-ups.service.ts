import {
  addDays,
  ageOn,
  applyCallOutcome,
  assessFollowUpVisit,
  type CallOutcome,
  decideFirstTuberculosisVisit,
  decideNextVisit,
  diffDays,
  FOLLOW_UP_DISEASE_LABELS,
  FOLLOW_UP_POLICY,
  type FollowUpDisease,
  formatTenths,
  MENTAL_STABILITY_LABELS,
  NEXT_VISIT_REASON_LABELS,
  RISK_REASON_LABELS,
  type RiskReason,
  TB_CLASS_LABELS,
  type TFollowUpVisit,
  VISIT_CLASS_LABELS,
  type VisitClass,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx, type XlsxColumn } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { createDiagnosis } from '../diseases/diseases.service.ts';
import { type Db, findRegionNames } from './chronic.repository.ts';
import { applyChronicScope } from './chronic-data-scope.ts';
import { type CheckupResults, escapeHtml, flagCheckupResults, serviceCodeOfVisit } from './chronic-rules.ts';
import { getPersonOrFail, type RegionScope } from './chronic-scope.ts';
import { fulfilAutomatically } from './family-doctor.service.ts';
import { refreshSummariesInScope, refreshSummaryOf } from './follow-up-summary.ts';
import {
  checkupsInScope,
  countDue,
  enrolmentsInScope,
  findDuePage,
  findEnrolment,
  findEnrolmentInScope,
  findLatestVisitDate,
  findPreviousVisit,
  visitsInScope,
} from './follow-ups.repository.ts';

type Page = { page: number; pageSize: number };

export function classificationLabel(disease: string, code: string): string {
  if (disease === 'mental') {
    return MENTAL_STABILITY_LABELS[code as keyof typeof MENTAL_STABILITY_LABELS] ?? code;
  }
  if (disease === 'tuberculosis') {
    return TB_CLASS_LABELS[code as keyof typeof TB_CLASS_LABELS] ?? code;
  }
  return VISIT_CLASS_LABELS[code as VisitClass] ?? code;
}

// ---------------------------------------------------------------- enrolment

/** First due date on enrolment: TB within 72 h of notification [V]; others within 2 weeks [M]. */
export function firstDueDate(
  disease: FollowUpDisease,
  managedFrom: string,
  notifiedOn: string | null,
): string {
  if (disease === 'tuberculosis') {
    return decideFirstTuberculosisVisit(notifiedOn ?? managedFrom).nextDueDate;
  }
  return decideNextVisit({
    disease: 'hypertension',
    visitDate: managedFrom,
    classification: 'unsatisfactory',
  }).nextDueDate;
}

export async function enrol(
  db: Kysely<DB>,
  request: FastifyRequest,
  rs: RegionScope,
  input: {
    personId: number;
    disease: FollowUpDisease;
    managedFrom: string;
    hasStrokeOrHeartAttack: boolean;
    notifiedOn?: string | undefined;
  },
) {
  const person = await getPersonOrFail(db, rs.scope, input.personId);
  if (input.disease === 'tuberculosis' && !input.notifiedOn) {
    throw new AppError(
      'VALIDATION_FAILED',
      '肺结核患者纳入管理时必须填写通知日期（首次入户随访须在72小时内）',
    );
  }
  const id = await db.transaction().execute(async (trx) => {
    const existing = await findEnrolment(trx, person.county_code, person.id, input.disease);
    if (existing && existing.managed_until === null) {
      throw new AppError('CONFLICT', `“${person.name}”已在${FOLLOW_UP_DISEASE_LABELS[input.disease]}管理中`);
    }
    const values = {
      village_code: person.village_code,
      managed_from: input.managedFrom,
      managed_until: null,
      end_reason: null,
      has_stroke_or_mi: input.hasStrokeOrHeartAttack,
      notified_on: input.notifiedOn ?? null,
      next_due_date: firstDueDate(input.disease, input.managedFrom, input.notifiedOn ?? null),
      hidden_until: null,
      unreachable_attempts: 0,
      last_call_outcome: null,
      last_called_on: null,
    };
    const row = existing
      ? await trx
          .updateTable('fu_enrolment')
          .set({ ...values, updated_at: new Date() })
          .where('county_code', '=', person.county_code)
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('fu_enrolment')
          .values({
            county_code: person.county_code,
            person_id: person.id,
            disease: input.disease,
            ...values,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: existing ? 'fu_enrolment.reopen' : 'fu_enrolment.create',
      entityType: 'fu_enrolment',
      entityId: row.id,
      regionCode: person.village_code,
      result: 'success',
      detail: { personId: person.id, disease: input.disease, managedFrom: input.managedFrom },
    });
    return row.id;
  });
  const row = await findEnrolmentInScope(db, rs.scope, id);
  return toEnrolmentDto(row as NonNullable<typeof row>);
}

function toEnrolmentDto(r: {
  id: number;
  person_id: number;
  person_name: string;
  village_code: string;
  disease: FollowUpDisease;
  managed_from: string;
  managed_until: string | null;
  end_reason: string | null;
  next_due_date: string;
  hidden_until: string | null;
  last_call_outcome: string | null;
}) {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    villageCode: r.village_code,
    disease: r.disease,
    diseaseLabel: FOLLOW_UP_DISEASE_LABELS[r.disease],
    managedFrom: r.managed_from,
    managedUntil: r.managed_until,
    endReason: r.end_reason,
    nextDueDate: r.next_due_date,
    hiddenUntil: r.hidden_until,
    lastCallOutcome: r.last_call_outcome,
  };
}

export async function listEnrolments(
  db: Kysely<DB>,
  rs: RegionScope,
  query: Page & { disease?: FollowUpDisease | undefined; q?: string | undefined },
) {
  const base = enrolmentsInScope(db, rs.scope, query);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('e')
      .select('p.name as person_name')
      .orderBy('e.next_due_date')
      .orderBy('e.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    items: rows.map(toEnrolmentDto),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ---------------------------------------------------------------- visits

/**
 * Classification, referral alert and next due date of one visit (domain `assessFollowUpVisit`); kept
 * under this name for the demo seed, which computes its visits the way the service does.
 */
export const assessVisit = assessFollowUpVisit;

export async function recordVisit(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  personId: number,
  form: TFollowUpVisit,
) {
  const person = await getPersonOrFail(db, rs.scope, personId);
  if (person.status !== 'normal') {
    throw new AppError('CONFLICT', `“${person.name}”已死亡或迁出，不能登记随访`);
  }
  if (form.visitDate < person.birth_date) {
    throw new AppError('VALIDATION_FAILED', '随访日期不能早于出生日期');
  }
  const result = await db.transaction().execute(async (trx) => {
    let enrolment = await findEnrolment(trx, person.county_code, person.id, form.disease);
    if (enrolment && enrolment.managed_until !== null) {
      throw new AppError(
        'CONFLICT',
        `“${person.name}”的${FOLLOW_UP_DISEASE_LABELS[form.disease]}管理已于${enrolment.managed_until}终止，请先重新纳入管理`,
      );
    }
    if (!enrolment) {
      enrolment = await trx
        .insertInto('fu_enrolment')
        .values({
          county_code: person.county_code,
          person_id: person.id,
          village_code: person.village_code,
          disease: form.disease,
          managed_from: form.visitDate,
          next_due_date: form.visitDate,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const previous = await findPreviousVisit(trx, person.county_code, enrolment.id, form.visitDate);
    const assessment = assessVisit(form, {
      age: ageOn(person.birth_date, form.visitDate),
      previousClassification: previous?.classification ?? null,
      notifiedOn: enrolment.notified_on,
    });
    // The doctor may ask for an earlier visit than the rules; never a later one.
    const computedDue = assessment.decision.nextDueDate;
    const nextDueDate =
      form.nextVisitDate && form.nextVisitDate < computedDue ? form.nextVisitDate : computedDue;
    const isEnded = form.outcome === 'ended';
    const latest = await findLatestVisitDate(trx, person.county_code, enrolment.id);
    const isLatest = !latest?.d || form.visitDate >= String(latest.d);
    const visit = await trx
      .insertInto('fu_visit')
      .values({
        county_code: person.county_code,
        enrolment_id: enrolment.id,
        person_id: person.id,
        village_code: person.village_code,
        disease: form.disease,
        visit_date: form.visitDate,
        method: form.method,
        form: JSON.stringify(form),
        systolic: 'systolic' in form ? (form.systolic ?? null) : null,
        diastolic: 'diastolic' in form ? (form.diastolic ?? null) : null,
        fasting_glucose_tenths: 'fastingGlucoseTenths' in form ? (form.fastingGlucoseTenths ?? null) : null,
        danger_grade: form.disease === 'mental' ? form.dangerGrade : null,
        classification: assessment.classification,
        is_red_alert: assessment.referral.isRedAlert,
        referral_triggers: JSON.stringify(assessment.referral.triggers),
        should_refer: assessment.decision.shouldRefer,
        next_due_date: isEnded ? null : nextDueDate,
        next_reason: isEnded ? null : assessment.decision.reason,
        outcome: form.outcome,
        is_first_visit_late: assessment.isFirstVisitLate,
        doctor_name: form.doctorName,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (isEnded) {
      await trx
        .updateTable('fu_enrolment')
        .set({ managed_until: form.visitDate, end_reason: form.endReason ?? null, updated_at: new Date() })
        .where('county_code', '=', person.county_code)
        .where('id', '=', enrolment.id)
        .execute();
    } else if (isLatest) {
      await trx
        .updateTable('fu_enrolment')
        .set({
          next_due_date: nextDueDate,
          hidden_until: null,
          unreachable_attempts: 0,
          updated_at: new Date(),
        })
        .where('county_code', '=', person.county_code)
        .where('id', '=', enrolment.id)
        .execute();
    }
    await refreshSummaryOf(trx, person.county_code, enrolment.id);
    const fulfilmentId = await fulfilAutomatically(trx, {
      countyCode: person.county_code,
      personId: person.id,
      villageCode: person.village_code,
      on: form.visitDate,
      serviceCode: serviceCodeOfVisit(form.disease),
      performedBy: form.doctorName,
      userId: actor.userId,
      visitId: visit.id,
    });
    await recordAudit(trx, request, {
      action: 'fu_visit.create',
      entityType: 'fu_visit',
      entityId: visit.id,
      regionCode: person.village_code,
      result: 'success',
      detail: {
        personId: person.id,
        disease: form.disease,
        visitDate: form.visitDate,
        classification: assessment.classification,
        isRedAlert: assessment.referral.isRedAlert,
        fulfilmentId,
      },
    });
    return {
      id: visit.id,
      enrolmentId: enrolment.id,
      nextDueDate: isEnded ? null : nextDueDate,
      assessment,
      fulfilmentId,
    };
  });
  const a = result.assessment;
  return {
    id: result.id,
    enrolmentId: result.enrolmentId,
    personId: person.id,
    personName: person.name,
    disease: form.disease,
    visitDate: form.visitDate,
    method: form.method,
    classification: a.classification,
    classificationLabel: classificationLabel(form.disease, a.classification),
    isRedAlert: a.referral.isRedAlert,
    referralTriggers: a.referral.triggers,
    shouldRefer: a.decision.shouldRefer,
    nextDueDate: result.nextDueDate,
    nextReason: result.nextDueDate ? a.decision.reason : null,
    nextReasonLabel: result.nextDueDate ? NEXT_VISIT_REASON_LABELS[a.decision.reason] : null,
    isFirstVisitLate: a.isFirstVisitLate,
    fulfilmentId: result.fulfilmentId,
    doctorName: form.doctorName,
    systolic: 'systolic' in form ? (form.systolic ?? null) : null,
    diastolic: 'diastolic' in form ? (form.diastolic ?? null) : null,
    fastingGlucoseTenths: 'fastingGlucoseTenths' in form ? (form.fastingGlucoseTenths ?? null) : null,
    dangerGrade: form.disease === 'mental' ? form.dangerGrade : null,
  };
}

export async function listVisits(
  db: Kysely<DB>,
  rs: RegionScope,
  query: Page & {
    personId?: number | undefined;
    disease?: FollowUpDisease | undefined;
    q?: string | undefined;
  },
) {
  const base = visitsInScope(db, rs.scope, query);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('v')
      .select('p.name as person_name')
      .orderBy('v.visit_date', 'desc')
      .orderBy('v.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    items: rows.map((v) => ({
      id: v.id,
      enrolmentId: v.enrolment_id,
      personId: v.person_id,
      personName: v.person_name,
      disease: v.disease,
      visitDate: v.visit_date,
      method: v.method,
      classification: v.classification,
      classificationLabel: classificationLabel(v.disease, v.classification),
      isRedAlert: v.is_red_alert,
      referralTriggers: v.referral_triggers as { code: string; label: string }[],
      shouldRefer: v.should_refer,
      nextDueDate: v.next_due_date,
      nextReason: v.next_reason,
      nextReasonLabel: v.next_reason
        ? (NEXT_VISIT_REASON_LABELS[v.next_reason as keyof typeof NEXT_VISIT_REASON_LABELS] ?? null)
        : null,
      isFirstVisitLate: v.is_first_visit_late,
      fulfilmentId: null,
      doctorName: v.doctor_name,
      systolic: v.systolic,
      diastolic: v.diastolic,
      fastingGlucoseTenths: v.fasting_glucose_tenths,
      dangerGrade: v.danger_grade,
    })),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ---------------------------------------------------------------- overdue list

/**
 * The overdue list (or one page of it) for `asOf`, ranked in SQL exactly as the domain's `rankOverdue`
 * (the int tests hold the two together), so a county's ten thousand due patients are never loaded to show
 * fifty. Stale risk summaries of the scope are recomputed first.
 */
export async function buildOverdueList(
  db: Db,
  rs: RegionScope,
  asOf: string,
  page: { limit: number; offset: number } | null = null,
) {
  await refreshSummariesInScope(db, rs.scope);
  const highRiskDueBy = addDays(asOf, -FOLLOW_UP_POLICY.overdue.highRiskMinDaysOverdue);
  const due = await findDuePage(db, rs.scope, {
    asOf,
    highRiskDueBy,
    limit: page?.limit ?? null,
    offset: page?.offset ?? 0,
  });
  const names = await findRegionNames(
    db,
    due.map((d) => d.village_code),
  );
  return due.map((d) => ({
    enrolmentId: d.id,
    personId: d.person_id,
    name: d.name,
    sex: d.sex === 'M' ? '男' : '女',
    age: ageOn(d.birth_date, asOf),
    phone: d.phone,
    villageCode: d.village_code,
    villageName: names.get(d.village_code) ?? d.village_code,
    disease: d.disease,
    diseaseLabel: FOLLOW_UP_DISEASE_LABELS[d.disease],
    dueDate: d.next_due_date,
    daysOverdue: diffDays(d.next_due_date, asOf),
    isDueToday: d.next_due_date === asOf,
    isHighRisk: d.is_high_risk,
    isHighRiskOverdue: d.is_high_risk_overdue,
    riskReasons: d.risk_reasons.map((r) => RISK_REASON_LABELS[r as RiskReason] ?? r),
    lastVisitDate: d.last_visit_date,
    lastBp:
      d.last_systolic !== null && d.last_diastolic !== null ? `${d.last_systolic}/${d.last_diastolic}` : null,
    lastGlucose: d.last_glucose_tenths !== null ? formatTenths(d.last_glucose_tenths) : null,
    unreachableAttempts: d.unreachable_attempts,
    lastCallOutcome: d.last_call_outcome,
    lastCalledOn: d.last_called_on,
  }));
}

export type OverdueItem = Awaited<ReturnType<typeof buildOverdueList>>[number];

/**
 * The counts of the overdue list for `asOf` in one query: `total` on the list (due on `asOf` or earlier),
 * `due_today` (due on `asOf` itself), `high_risk` (high risk ≥30 days overdue). Also the workbench's.
 */
export function countOverdue(db: Db, rs: RegionScope, asOf: string) {
  return countDue(db, rs.scope, {
    asOf,
    highRiskDueBy: addDays(asOf, -FOLLOW_UP_POLICY.overdue.highRiskMinDaysOverdue),
  });
}

export async function listOverdue(db: Kysely<DB>, rs: RegionScope, query: Page & { asOf: string }) {
  const items = await buildOverdueList(db, rs, query.asOf, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const counts = await countOverdue(db, rs, query.asOf);
  return {
    asOf: query.asOf,
    items,
    highRiskCount: counts.high_risk,
    dueTodayCount: counts.due_today,
    total: counts.total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const OVERDUE_COLUMNS: XlsxColumn<OverdueItem>[] = [
  { header: '姓名', value: (r) => r.name },
  { header: '性别', width: 6, value: (r) => r.sex },
  { header: '年龄', width: 6, value: (r) => r.age },
  { header: '联系电话', value: (r) => r.phone },
  { header: '村', width: 20, value: (r) => r.villageName },
  { header: '病种', value: (r) => r.diseaseLabel },
  { header: '应随访日期', value: (r) => r.dueDate },
  { header: '逾期天数', value: (r) => r.daysOverdue },
  { header: '高危', width: 6, value: (r) => (r.isHighRisk ? '是' : '否') },
  { header: '高危原因', width: 30, value: (r) => r.riskReasons.join('；') },
  { header: '末次随访', value: (r) => r.lastVisitDate },
  { header: '末次血压', value: (r) => r.lastBp },
  { header: '末次血糖', value: (r) => r.lastGlucose },
];

export async function exportOverdue(db: Kysely<DB>, request: FastifyRequest, rs: RegionScope, asOf: string) {
  const all = await buildOverdueList(db, rs, asOf);
  await recordAudit(db, request, {
    action: 'fu_overdue.export',
    entityType: 'fu_enrolment',
    regionCode: rs.regionCode,
    result: 'success',
    detail: { asOf, rows: all.length },
  });
  return buildXlsx('待随访名单', OVERDUE_COLUMNS, all);
}

export async function renderOverdueHtml(
  db: Kysely<DB>,
  request: FastifyRequest,
  rs: RegionScope,
  asOf: string,
) {
  const all = await buildOverdueList(db, rs, asOf);
  const [regionName] = (await findRegionNames(db, [rs.regionCode])).values();
  await recordAudit(db, request, {
    action: 'fu_overdue.print',
    entityType: 'fu_enrolment',
    regionCode: rs.regionCode,
    result: 'success',
    detail: { asOf, rows: all.length },
  });
  const e = escapeHtml;
  const rows = all
    .map(
      (r, i) =>
        `<tr${r.isHighRisk ? ' class="risk"' : ''}><td>${i + 1}</td><td>${e(r.name)}</td><td>${e(r.sex)}</td><td>${r.age}</td>` +
        `<td>${e(r.phone ?? '')}</td><td>${e(r.villageName)}</td><td>${e(r.diseaseLabel)}</td><td>${e(r.dueDate)}</td>` +
        `<td>${r.isDueToday ? '今日到期' : r.daysOverdue}</td><td>${r.isHighRisk ? '高危' : ''}</td><td>${e(r.lastBp ?? '')}</td>` +
        `<td>${e(r.lastGlucose ?? '')}</td><td class="blank"></td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>待随访名单 ${e(asOf)}</title>
<style>body{font-family:"SimSun",serif;margin:16px;font-size:13px}h1{font-size:18px;text-align:center}
table{width:100%;border-collapse:collapse}td,th{border:1px solid #000;padding:3px 4px}
tr.risk td{font-weight:bold}td.blank{width:120px}@media print{.noprint{display:none}}</style></head><body>
<p class="noprint">请使用浏览器的打印功能（Ctrl+P）打印本页。</p>
<h1>${e(regionName ?? rs.regionCode)} 待随访/逾期名单</h1><p>统计日期：${e(asOf)}　共 ${all.length} 人次（高危优先，按逾期天数排序）</p>
<table><tr><th>序号</th><th>姓名</th><th>性别</th><th>年龄</th><th>电话</th><th>村</th><th>病种</th><th>应随访日期</th><th>逾期天数</th><th>风险</th><th>末次血压</th><th>末次血糖</th><th>随访结果/签字</th></tr>
${rows || '<tr><td colspan="13">暂无待随访患者</td></tr>'}</table></body></html>`;
}

export async function recordCallOutcome(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  enrolmentId: number,
  input: { outcome: CallOutcome; calledOn: string; note?: string | null | undefined },
) {
  const enrolment = await findEnrolmentInScope(db, rs.scope, enrolmentId);
  if (!enrolment) {
    throw new AppError('NOT_FOUND', '随访管理记录不存在或不在您的管辖范围内');
  }
  if (enrolment.managed_until !== null) {
    throw new AppError('CONFLICT', `“${enrolment.person_name}”已于${enrolment.managed_until}终止管理`);
  }
  const state = applyCallOutcome({
    outcome: input.outcome,
    calledOn: input.calledOn,
    previous: {
      hiddenUntil: enrolment.hidden_until,
      unreachableAttempts: enrolment.unreachable_attempts,
      isManagementEnded: false,
      endReason: null,
      lastOutcome: enrolment.last_call_outcome as CallOutcome | null,
      lastCalledOn: enrolment.last_called_on,
    },
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('fu_enrolment')
      .set({
        hidden_until: state.hiddenUntil,
        unreachable_attempts: state.unreachableAttempts,
        last_call_outcome: input.outcome,
        last_called_on: input.calledOn,
        ...(state.isManagementEnded ? { managed_until: input.calledOn, end_reason: state.endReason } : {}),
        updated_at: new Date(),
      })
      .where('county_code', '=', enrolment.county_code)
      .where('id', '=', enrolment.id)
      .execute();
    await trx
      .insertInto('fu_call')
      .values({
        county_code: enrolment.county_code,
        enrolment_id: enrolment.id,
        person_id: enrolment.person_id,
        village_code: enrolment.village_code,
        outcome: input.outcome,
        called_on: input.calledOn,
        note: input.note ?? null,
        recorded_by: actor.userId,
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'fu_call.create',
      entityType: 'fu_enrolment',
      entityId: enrolment.id,
      regionCode: enrolment.village_code,
      result: 'success',
      detail: { outcome: input.outcome, calledOn: input.calledOn, hiddenUntil: state.hiddenUntil },
    });
  });
  return {
    enrolmentId: enrolment.id,
    hiddenUntil: state.hiddenUntil,
    isManagementEnded: state.isManagementEnded,
    endReason: state.endReason,
    unreachableAttempts: state.unreachableAttempts,
  };
}

// ---------------------------------------------------------------- checkups

type CheckupFlagDto = { code: string; label: string; suspectedDisease: string | null };

export async function createCheckup(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  input: {
    personId: number;
    checkDate: string;
    results: CheckupResults;
    extraFlags: string[];
    conclusion?: string | null | undefined;
    doctorName: string;
  },
) {
  const person = await getPersonOrFail(db, rs.scope, input.personId);
  const flags: CheckupFlagDto[] = [
    ...flagCheckupResults(input.results),
    ...input.extraFlags.map((label) => ({ code: 'other', label, suspectedDisease: null })),
  ];
  const result = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('health_checkup')
      .values({
        county_code: person.county_code,
        person_id: person.id,
        village_code: person.village_code,
        check_date: input.checkDate,
        results: JSON.stringify(input.results),
        abnormal_flags: JSON.stringify(flags),
        conclusion: input.conclusion ?? null,
        doctor_name: input.doctorName,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const fulfilmentId = await fulfilAutomatically(trx, {
      countyCode: person.county_code,
      personId: person.id,
      villageCode: person.village_code,
      on: input.checkDate,
      serviceCode: 'health_check',
      performedBy: input.doctorName,
      userId: actor.userId,
      checkupId: row.id,
    });
    await recordAudit(trx, request, {
      action: 'health_checkup.create',
      entityType: 'health_checkup',
      entityId: row.id,
      regionCode: person.village_code,
      result: 'success',
      detail: {
        personId: person.id,
        checkDate: input.checkDate,
        abnormal: flags.map((f) => f.code),
        fulfilmentId,
      },
    });
    return { id: row.id, fulfilmentId };
  });
  return {
    id: result.id,
    personId: person.id,
    personName: person.name,
    checkDate: input.checkDate,
    results: input.results as Record<string, unknown>,
    abnormalFlags: flags,
    conclusion: input.conclusion ?? null,
    doctorName: input.doctorName,
    fulfilmentId: result.fulfilmentId,
  };
}

export async function listCheckups(
  db: Kysely<DB>,
  rs: RegionScope,
  query: Page & { personId?: number | undefined; isAbnormalOnly?: boolean; q?: string | undefined },
) {
  const base = checkupsInScope(db, rs.scope, query);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('h')
      .select('p.name as person_name')
      .orderBy('h.check_date', 'desc')
      .orderBy('h.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    items: rows.map((h) => ({
      id: h.id,
      personId: h.person_id,
      personName: h.person_name,
      checkDate: h.check_date,
      results: h.results as Record<string, unknown>,
      abnormalFlags: h.abnormal_flags as CheckupFlagDto[],
      conclusion: h.conclusion,
      doctorName: h.doctor_name,
      fulfilmentId: null,
    })),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Status of a checkup's diagnosis verification: the diseases module's 核准 status when linked. */
export const DIAGNOSIS_TASK_STATUS_LABELS = {
  pending: '待核准',
  verified: '已核准',
  rejected: '未通过核准',
  open: '待核实',
  confirmed: '已确诊',
  excluded: '已排除',
} as const;
type DiagnosisTaskStatus = keyof typeof DIAGNOSIS_TASK_STATUS_LABELS;

/**
 * An abnormal checkup opens a diagnosis verification: a pending (待核准) diagnosis registered in the diseases
 * module from the health check (its createDiagnosis: ICD check, 三个一批 classification, audit), verified
 * there by the township or county like every other diagnosis; `diagnosis_task` links it to the checkup.
 * One suspected disease per checkup. A retry after an interrupted request reuses the pending diagnosis it
 * already registered instead of registering a second one.
 */
export async function createDiagnosisTask(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  rs: RegionScope,
  checkupId: number,
  input: { suspectedDisease: string; icdCode?: string | undefined; reason: string },
) {
  const checkup = await checkupsInScope(db, rs.scope, {})
    .where('h.id', '=', checkupId)
    .selectAll('h')
    .select('p.name as person_name')
    .executeTakeFirst();
  if (!checkup) {
    throw new AppError('NOT_FOUND', '体检记录不存在或不在您的管辖范围内');
  }
  if ((checkup.abnormal_flags as CheckupFlagDto[]).length === 0) {
    throw new AppError('VALIDATION_FAILED', '该体检没有异常结果，不能发起诊断核实');
  }
  const opened = await db
    .selectFrom('diagnosis_task')
    .where('county_code', '=', checkup.county_code)
    .where('checkup_id', '=', checkup.id)
    .where('suspected_disease', '=', input.suspectedDisease)
    .select('id')
    .executeTakeFirst();
  if (opened) {
    throw new AppError('CONFLICT', `该体检已对“${input.suspectedDisease}”发起诊断核实`);
  }
  const unfinished = await db
    .selectFrom('diagnosis')
    .where('county_code', '=', checkup.county_code)
    .where('person_id', '=', checkup.person_id)
    .where('source', '=', 'health_check')
    .where('diagnosed_on', '=', checkup.check_date)
    .where('verification_status', '=', 'pending')
    .where('name', '=', input.suspectedDisease)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('diagnosis_task as t')
            .whereRef('t.county_code', '=', 'diagnosis.county_code')
            .whereRef('t.diagnosis_id', '=', 'diagnosis.id')
            .select('t.id'),
        ),
      ),
    )
    .select(['id', 'icd_code'])
    .executeTakeFirst();
  // The diseases module scopes by the actor's region; the chronic scope (which may hold the villages of
  // a doctor's teams) has already admitted this person, so its own village is the region to act in.
  const diagnosis = unfinished
    ? { id: unfinished.id, icdCode: unfinished.icd_code }
    : await createDiagnosis(db, request, { ...actor, regionCode: checkup.village_code }, checkup.person_id, {
        ...(input.icdCode ? { icdCode: input.icdCode } : {}),
        name: input.suspectedDisease,
        diagnosedOn: checkup.check_date,
        source: 'health_check',
      });
  const diagnosisId = diagnosis.id;
  const row = await db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('diagnosis_task')
      .values({
        county_code: checkup.county_code,
        person_id: checkup.person_id,
        village_code: checkup.village_code,
        checkup_id: checkup.id,
        suspected_disease: input.suspectedDisease,
        icd_code: diagnosis.icdCode,
        reason: input.reason,
        diagnosis_id: diagnosisId,
        created_by: actor.userId,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'diagnosis_task.create',
      entityType: 'diagnosis_task',
      entityId: created.id,
      regionCode: checkup.village_code,
      result: 'success',
      detail: { checkupId: checkup.id, suspectedDisease: input.suspectedDisease, diagnosisId },
    });
    return created;
  });
  return {
    id: row.id,
    personId: checkup.person_id,
    personName: checkup.person_name,
    checkupId: checkup.id,
    checkDate: checkup.check_date,
    suspectedDisease: input.suspectedDisease,
    icdCode: diagnosis.icdCode,
    reason: input.reason,
    diagnosisId,
    status: 'pending' as DiagnosisTaskStatus,
    statusLabel: DIAGNOSIS_TASK_STATUS_LABELS.pending,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listDiagnosisTasks(
  db: Kysely<DB>,
  rs: RegionScope,
  query: Page & { personId?: number | undefined },
) {
  let base = applyChronicScope(db.selectFrom('diagnosis_task as d'), rs.scope, 'd')
    .innerJoin('person as p', (j) =>
      j.onRef('p.county_code', '=', 'd.county_code').onRef('p.id', '=', 'd.person_id'),
    )
    .leftJoin('diagnosis as g', (j) =>
      j.onRef('g.county_code', '=', 'd.county_code').onRef('g.id', '=', 'd.diagnosis_id'),
    )
    .leftJoin('health_checkup as h', (j) =>
      j.onRef('h.county_code', '=', 'd.county_code').onRef('h.id', '=', 'd.checkup_id'),
    );
  if (query.personId) {
    base = base.where('d.person_id', '=', query.personId);
  }
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('d')
      .select(['p.name as person_name', 'g.verification_status', 'h.check_date'])
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    items: rows.map((d) => {
      const status = (
        d.diagnosis_id === null ? d.status : (d.verification_status ?? 'pending')
      ) as DiagnosisTaskStatus;
      return {
        id: d.id,
        personId: d.person_id,
        personName: d.person_name,
        checkupId: d.checkup_id,
        checkDate: d.check_date,
        suspectedDisease: d.suspected_disease,
        icdCode: d.icd_code,
        reason: d.reason,
        diagnosisId: d.diagnosis_id,
        status,
        statusLabel: DIAGNOSIS_TASK_STATUS_LABELS[status] ?? status,
        createdAt: d.created_at.toISOString(),
      };
    }),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}
