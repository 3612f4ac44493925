/**
 * Per-patient, per-year compliance calendar for 规范管理: quarters due and done, face-to-face count,
 * health check, and whether the year counts as managed per the Specification.
 *
 * Rules:
 * - [V] ≥4 face-to-face visits (门诊 or 家庭; 电话 does not count) plus 1 health check in the year.
 * - [M] one face-to-face visit in every due quarter (policy `isEveryDueQuarterRequired`), so four visits
 *   bunched in Q4 do not count as 规范管理.
 * - [M] pro-rating for patients managed only part of the year (enrolled after 1 January, or ended by
 *   death/moving before 31 December): a quarter is due when the management window overlaps it; the
 *   required face-to-face count is ceil(visits per year × due quarters / 4), and the health check
 *   is still required once (enrolment normally includes one).
 * - Visits and checks count only inside the management window; several visits on one date count once.
 */
import { daysInMonth, fromCivilDate, type IsoDate } from '../calendar/iso-date.ts';
import { type CalendarDisease, FOLLOW_UP_POLICY, type TFollowUpPolicy } from './follow-up-policy.ts';
import { FACE_TO_FACE_METHODS, type VisitMethod } from './vocabulary.ts';

export type ComplianceInput = {
  year: number;
  disease: CalendarDisease;
  visits: readonly { date: IsoDate; method: VisitMethod }[];
  checkups: readonly { date: IsoDate }[];
  /** Enrolment date; absent means managed since before the year. */
  managedFrom?: IsoDate | null;
  /** Last day under management (death, moved...); absent means still managed. */
  managedUntil?: IsoDate | null;
};

export type ComplianceQuarter = {
  quarter: 1 | 2 | 3 | 4;
  start: IsoDate;
  /** Also the date by which the quarter's visit is due. */
  end: IsoDate;
  isDue: boolean;
  faceToFaceCount: number;
  phoneCount: number;
  isDone: boolean;
};

export const COMPLIANCE_SHORTFALL_LABELS = {
  not_managed_in_year: '本年度不在管理期内',
  too_few_face_to_face: '面对面随访次数不足',
  quarter_without_face_to_face: '有季度未进行面对面随访',
  no_health_check: '未进行年度健康体检',
} as const;
export type ComplianceShortfall = keyof typeof COMPLIANCE_SHORTFALL_LABELS;

export type ComplianceCalendar = {
  year: number;
  disease: CalendarDisease;
  /** The part of the year under management, or null when none of it was. */
  window: { from: IsoDate; to: IsoDate } | null;
  quarters: ComplianceQuarter[];
  faceToFaceCount: number;
  requiredFaceToFaceCount: number;
  hasHealthCheck: boolean;
  isHealthCheckRequired: boolean;
  /** Why the year is not compliant (empty when compliant), in a fixed order. */
  shortfalls: ComplianceShortfall[];
  isCompliant: boolean;
};

const QUARTERS = [1, 2, 3, 4] as const;
const QUARTERS_PER_YEAR = 4;

const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const isWithin = (date: IsoDate, from: IsoDate, to: IsoDate) => date >= from && date <= to;

function quarterBounds(year: number, quarter: (typeof QUARTERS)[number]): { start: IsoDate; end: IsoDate } {
  const firstMonth = (quarter - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  return {
    start: fromCivilDate({ year, month: firstMonth, day: 1 }),
    end: fromCivilDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) }),
  };
}

function countDistinctDates(dates: readonly IsoDate[], from: IsoDate, to: IsoDate): number {
  return new Set(dates.filter((date) => isWithin(date, from, to))).size;
}

export function buildComplianceCalendar(
  input: ComplianceInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): ComplianceCalendar {
  const rule = policy.compliance.byDisease[input.disease];
  const yearStart = fromCivilDate({ year: input.year, month: 1, day: 1 });
  const yearEnd = fromCivilDate({ year: input.year, month: 12, day: 31 });
  const from = maxDate(yearStart, input.managedFrom ?? yearStart);
  const to = minDate(yearEnd, input.managedUntil ?? yearEnd);
  const window = from <= to ? { from, to } : null;

  const isFaceToFace = (method: VisitMethod) => FACE_TO_FACE_METHODS.includes(method);
  const faceToFaceDates = input.visits.filter((v) => isFaceToFace(v.method)).map((v) => v.date);
  const phoneDates = input.visits.filter((v) => !isFaceToFace(v.method)).map((v) => v.date);

  const quarters = QUARTERS.map((quarter): ComplianceQuarter => {
    const { start, end } = quarterBounds(input.year, quarter);
    const isDue = window !== null && start <= window.to && end >= window.from;
    const countFrom = maxDate(start, from);
    const countTo = minDate(end, to);
    const faceToFaceCount = isDue ? countDistinctDates(faceToFaceDates, countFrom, countTo) : 0;
    const phoneCount = isDue ? countDistinctDates(phoneDates, countFrom, countTo) : 0;
    return { quarter, start, end, isDue, faceToFaceCount, phoneCount, isDone: faceToFaceCount > 0 };
  });

  const dueQuarters = quarters.filter((q) => q.isDue);
  const faceToFaceCount = dueQuarters.reduce((sum, q) => sum + q.faceToFaceCount, 0);
  const requiredFaceToFaceCount = Math.ceil(
    (rule.faceToFacePerYear * dueQuarters.length) / QUARTERS_PER_YEAR,
  );
  const hasHealthCheck =
    window !== null && input.checkups.some((c) => isWithin(c.date, window.from, window.to));
  const isHealthCheckRequired = window !== null && rule.isHealthCheckRequired;

  const shortfallChecks: readonly [ComplianceShortfall, boolean][] = [
    ['not_managed_in_year', window === null],
    ['too_few_face_to_face', window !== null && faceToFaceCount < requiredFaceToFaceCount],
    [
      'quarter_without_face_to_face',
      policy.compliance.isEveryDueQuarterRequired && dueQuarters.some((q) => !q.isDone),
    ],
    ['no_health_check', isHealthCheckRequired && !hasHealthCheck],
  ];
  const shortfalls = shortfallChecks.filter(([, applies]) => applies).map(([code]) => code);

  return {
    year: input.year,
    disease: input.disease,
    window,
    quarters,
    faceToFaceCount,
    requiredFaceToFaceCount,
    hasHealthCheck,
    isHealthCheckRequired,
    shortfalls,
    isCompliant: shortfalls.length === 0,
  };
}
