import {
  ageOn,
  buildComplianceCalendar,
  type CalendarDisease,
  COMPLIANCE_SHORTFALL_LABELS,
  decideFirstTuberculosisVisit,
  FOLLOW_UP_DISEASE_LABELS,
  formatTenths,
  maskIdNumber,
  RISK_REASON_LABELS,
  type RiskReason,
  type VisitMethod,
} from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { findRegionNames } from './chronic.repository.ts';
import { getPersonOrFail, type RegionScope } from './chronic-scope.ts';
import { listContracts } from './family-doctor.service.ts';
import { refreshSummariesInScope } from './follow-up-summary.ts';
import { listCheckups, listVisits } from './follow-ups.service.ts';

const MAX_ROWS = 200;

/**
 * A resident's chronic-disease file (慢病档案): every management (病种) with its risk summary and the
 * year's compliance calendar (≥4 face-to-face visits in the due quarters + 1 health check), the TB first
 * home visit against its 72-hour limit, contracts with their 履约, follow-up visits and checkups.
 */
export async function getPersonFile(db: Kysely<DB>, rs: RegionScope, personId: number, year: number) {
  const person = await getPersonOrFail(db, rs.scope, personId);
  await refreshSummariesInScope(db, {
    ...rs.scope,
    villageCodes: [person.village_code],
  });
  const [enrolments, yearVisits, firstHomeVisits, visits, checkups, contracts, names] = await Promise.all([
    db
      .selectFrom('fu_enrolment')
      .where('county_code', '=', person.county_code)
      .where('person_id', '=', person.id)
      .selectAll()
      .orderBy('managed_from')
      .execute(),
    db
      .selectFrom('fu_visit')
      .where('county_code', '=', person.county_code)
      .where('person_id', '=', person.id)
      .where('visit_date', '>=', `${year}-01-01`)
      .where('visit_date', '<=', `${year}-12-31`)
      .select(['enrolment_id', 'visit_date', 'method'])
      .execute(),
    db
      .selectFrom('fu_visit')
      .where('county_code', '=', person.county_code)
      .where('person_id', '=', person.id)
      .where('disease', '=', 'tuberculosis')
      .where('form', '@>', JSON.stringify({ visitKind: 'first_home' }))
      .select(['enrolment_id', 'visit_date'])
      .orderBy('visit_date')
      .execute(),
    listVisits(db, rs, { personId: person.id, page: 1, pageSize: MAX_ROWS }),
    listCheckups(db, rs, { personId: person.id, page: 1, pageSize: MAX_ROWS }),
    listContracts(db, rs, { personId: person.id, page: 1, pageSize: MAX_ROWS }),
    findRegionNames(db, [person.village_code]),
  ]);
  const checkupDates = checkups.items.map((c) => ({ date: c.checkDate }));
  return {
    person: {
      id: person.id,
      name: person.name,
      sex: person.sex === 'M' ? '男' : '女',
      birthDate: person.birth_date,
      age: ageOn(person.birth_date, `${year}-12-31`),
      idNumberMasked: maskIdNumber(person.id_number),
      phone: person.phone,
      villageCode: person.village_code,
      villageName: names.get(person.village_code) ?? person.village_code,
      status: person.status,
    },
    year,
    enrolments: enrolments.map((e) => {
      const calendar =
        e.disease === 'tuberculosis'
          ? null
          : buildComplianceCalendar({
              year,
              disease: e.disease as CalendarDisease,
              visits: yearVisits
                .filter((v) => v.enrolment_id === e.id)
                .map((v) => ({ date: v.visit_date, method: v.method as VisitMethod })),
              checkups: checkupDates,
              managedFrom: e.managed_from,
              managedUntil: e.managed_until,
            });
      const firstHome = firstHomeVisits.find((v) => v.enrolment_id === e.id);
      const firstVisitDue = e.notified_on ? decideFirstTuberculosisVisit(e.notified_on).nextDueDate : null;
      return {
        id: e.id,
        disease: e.disease,
        diseaseLabel: FOLLOW_UP_DISEASE_LABELS[e.disease],
        managedFrom: e.managed_from,
        managedUntil: e.managed_until,
        endReason: e.end_reason,
        nextDueDate: e.managed_until ? null : e.next_due_date,
        hiddenUntil: e.hidden_until,
        hasStrokeOrHeartAttack: e.has_stroke_or_mi,
        isHighRisk: e.is_high_risk,
        riskReasons: e.risk_reasons.map((r) => RISK_REASON_LABELS[r as RiskReason] ?? r),
        lastVisitDate: e.last_visit_date,
        lastBp:
          e.last_systolic !== null && e.last_diastolic !== null
            ? `${e.last_systolic}/${e.last_diastolic}`
            : null,
        lastGlucose: e.last_glucose_tenths !== null ? formatTenths(e.last_glucose_tenths) : null,
        tuberculosis:
          e.disease === 'tuberculosis'
            ? {
                notifiedOn: e.notified_on,
                firstVisitDueDate: firstVisitDue,
                firstHomeVisitDate: firstHome?.visit_date ?? null,
                isFirstVisitLate:
                  firstVisitDue === null ? null : firstHome ? firstHome.visit_date > firstVisitDue : null,
              }
            : null,
        calendar: calendar && {
          quarters: calendar.quarters.map((q) => ({
            quarter: q.quarter,
            start: q.start,
            end: q.end,
            isDue: q.isDue,
            faceToFaceCount: q.faceToFaceCount,
            phoneCount: q.phoneCount,
            isDone: q.isDone,
          })),
          faceToFaceCount: calendar.faceToFaceCount,
          requiredFaceToFaceCount: calendar.requiredFaceToFaceCount,
          hasHealthCheck: calendar.hasHealthCheck,
          isHealthCheckRequired: calendar.isHealthCheckRequired,
          shortfalls: calendar.shortfalls.map((s) => COMPLIANCE_SHORTFALL_LABELS[s]),
          isCompliant: calendar.isCompliant,
        },
      };
    }),
    contracts: contracts.items,
    visits: visits.items,
    checkups: checkups.items,
  };
}
