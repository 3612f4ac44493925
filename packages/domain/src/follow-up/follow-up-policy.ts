/**
 * Every threshold and interval the follow-up rules use, as one validated data object.
 * Tags follow docs/domain.md: [V] confirmed in the Specification (3rd ed., 2017) or a cited source,
 * [M] common practice chosen by us, [P] varies by province. A county can override the defaults by
 * passing its own policy (validated with ZFollowUpPolicy) to any rule function.
 */
import { z } from 'zod';
import { addDays, addMonths, type IsoDate } from '../calendar/iso-date.ts';
import { zCode, zFlag, zIntRange } from './schema-helpers.ts';
import { MENTAL_STABILITY_LABELS, type TB_PHASE_LABELS, TB_SUPERVISOR_LABELS } from './vocabulary.ts';

export const INTERVAL_UNIT_LABELS = { day: '天', month: '个月' } as const;

export const ZFollowUpInterval = z.object({
  unit: zCode('间隔单位', INTERVAL_UNIT_LABELS),
  count: zIntRange('间隔', 1, 366),
});
export type TFollowUpInterval = z.infer<typeof ZFollowUpInterval>;

/** A blood-pressure limit: "at least" or "below" depending on where it is used. */
export const ZBpLimit = z.object({
  systolic: zIntRange('收缩压界值', 60, 300, 'mmHg'),
  diastolic: zIntRange('舒张压界值', 30, 200, 'mmHg'),
});
export type TBpLimit = z.infer<typeof ZBpLimit>;

const glucoseTenths = (label: string) => zIntRange(`${label}（0.1 mmol/L）`, 10, 333);
const days = (label: string) => zIntRange(label, 0, 366, '天');

/** Diseases managed on the quarterly (≥4 visits a year) calendar; TB follows its treatment course. */
export const CALENDAR_DISEASES = ['hypertension', 'diabetes', 'mental', 'chronic'] as const;
export type CalendarDisease = (typeof CALENDAR_DISEASES)[number];

const ZComplianceRule = z.object({
  faceToFacePerYear: zIntRange('每年面对面随访次数', 1, 52, '次'),
  isHealthCheckRequired: zFlag('是否要求年度健康体检'),
});

const byTbPhase = z.object({
  intensive: ZFollowUpInterval,
  continuation: ZFollowUpInterval,
} satisfies Record<keyof typeof TB_PHASE_LABELS, typeof ZFollowUpInterval>);

export const ZFollowUpPolicy = z.object({
  hypertension: z.object({
    controlledBelow: ZBpLimit,
    elderlyFromAge: zIntRange('老年高血压年龄', 50, 100, '岁'),
    elderlyControlledBelow: ZBpLimit,
  }),
  diabetes: z.object({ controlledFastingGlucoseBelowTenths: glucoseTenths('空腹血糖控制界值') }),
  emergency: z.object({
    bpAtLeast: ZBpLimit,
    glucoseAtLeastTenths: glucoseTenths('高血糖转诊界值'),
    glucoseAtMostTenths: glucoseTenths('低血糖转诊界值'),
    heartRateAbove: zIntRange('心率转诊界值', 30, 250, '次/分钟'),
    temperatureAboveTenths: zIntRange('体温转诊界值（0.1 ℃）', 300, 450),
    pregnancyBpAtLeast: ZBpLimit,
    pregnancyGlucoseAtLeastTenths: glucoseTenths('妊娠期血糖转诊界值'),
  }),
  intervals: z.object({
    adjustAndRevisit: ZFollowUpInterval,
    referralFollowUp: ZFollowUpInterval,
    controlled: ZFollowUpInterval,
    mental: z.record(zCode('病情稳定性', MENTAL_STABILITY_LABELS), ZFollowUpInterval),
    tuberculosisFirstHomeVisit: ZFollowUpInterval,
    tuberculosis: z.record(zCode('督导人员', TB_SUPERVISOR_LABELS), byTbPhase),
  }),
  tuberculosis: z.object({ regularMedicationMinPercent: zIntRange('规则服药比例', 1, 100, '%') }),
  compliance: z.object({
    byDisease: z.record(z.enum(CALENDAR_DISEASES), ZComplianceRule),
    isEveryDueQuarterRequired: zFlag('是否要求每季度至少一次面对面随访'),
  }),
  risk: z.object({
    bpAtLeast: ZBpLimit,
    cardiovascularBpAtLeast: ZBpLimit,
    glucoseUncontrolledAtLeastTenths: glucoseTenths('血糖未控制界值'),
    glucoseUncontrolledVisits: zIntRange('血糖连续未控制次数', 1, 12, '次'),
    glucoseVeryHighAtLeastTenths: glucoseTenths('血糖极高界值'),
  }),
  overdue: z.object({
    agreedToVisitHideDays: days('同意就诊后隐藏天数'),
    remindLaterHideDays: days('稍后提醒隐藏天数'),
    highRiskMinDaysOverdue: days('高危逾期天数'),
  }),
  indicators: z.object({
    bpControlledBelow: ZBpLimit,
    glucoseControlledBelowTenths: glucoseTenths('血糖控制率界值'),
  }),
});
export type TFollowUpPolicy = z.infer<typeof ZFollowUpPolicy>;

const DAYS_14: TFollowUpInterval = { unit: 'day', count: 14 };
const MONTHS_3: TFollowUpInterval = { unit: 'month', count: 3 };
const MONTH_1: TFollowUpInterval = { unit: 'month', count: 1 };
const FAMILY_SUPERVISED = { intensive: { unit: 'day', count: 10 }, continuation: MONTH_1 } as const;
const QUARTERLY = { faceToFacePerYear: 4, isHealthCheckRequired: true };

export const FOLLOW_UP_POLICY: TFollowUpPolicy = {
  hypertension: {
    // [V] <140/90, and <150/90 from age 65.
    controlledBelow: { systolic: 140, diastolic: 90 },
    elderlyFromAge: 65,
    elderlyControlledBelow: { systolic: 150, diastolic: 90 },
  },
  // [V] fasting glucose <7.0 mmol/L.
  diabetes: { controlledFastingGlucoseBelowTenths: 70 },
  emergency: {
    // [V] ≥180 and/or ≥110; glucose ≥16.7 or ≤3.9; heart rate >100; temperature >39 ℃.
    bpAtLeast: { systolic: 180, diastolic: 110 },
    glucoseAtLeastTenths: 167,
    glucoseAtMostTenths: 39,
    heartRateAbove: 100,
    temperatureAboveTenths: 390,
    // [M] "高于正常" in pregnancy: BP ≥140/90; fasting glucose ≥6.1 (upper normal fasting value).
    pregnancyBpAtLeast: { systolic: 140, diastolic: 90 },
    pregnancyGlucoseAtLeastTenths: 61,
  },
  intervals: {
    // [V] adjust medication and revisit within 2 weeks; refer and follow up within 2 weeks; 3-monthly.
    adjustAndRevisit: DAYS_14,
    referralFollowUp: DAYS_14,
    controlled: MONTHS_3,
    // [V] stable every 3 months; basically stable 2 weeks; unstable refer + 2 weeks. [P] some use monthly.
    mental: { stable: MONTHS_3, basically_stable: DAYS_14, unstable: DAYS_14 },
    // [V] first home visit within 72 h of notification: notification date + 3 days (dates carry no time).
    tuberculosisFirstHomeVisit: { unit: 'day', count: 3 },
    // [M] family/volunteer/self: 10 days (intensive), monthly (continuation); doctor-supervised: monthly.
    tuberculosis: {
      doctor: { intensive: MONTH_1, continuation: MONTH_1 },
      family: FAMILY_SUPERVISED,
      volunteer: FAMILY_SUPERVISED,
      self: FAMILY_SUPERVISED,
    },
  },
  // [M] regular medication = ≥90 % of planned doses taken.
  tuberculosis: { regularMedicationMinPercent: 90 },
  compliance: {
    // [V] ≥4 face-to-face visits + 1 health check a year; [M] for mental and the generic chronic form.
    byDisease: { hypertension: QUARTERLY, diabetes: QUARTERLY, mental: QUARTERLY, chronic: QUARTERLY },
    // [M] one face-to-face visit in every due quarter (4 visits bunched in Q4 are not 规范管理).
    isEveryDueQuarterRequired: true,
  },
  risk: {
    // Simple's overdue-list definitions; [M] "uncontrolled glucose" = fasting ≥7.0 at the last 2 visits,
    // or ≥16.7 at the latest visit.
    bpAtLeast: { systolic: 180, diastolic: 110 },
    cardiovascularBpAtLeast: { systolic: 140, diastolic: 90 },
    glucoseUncontrolledAtLeastTenths: 70,
    glucoseUncontrolledVisits: 2,
    glucoseVeryHighAtLeastTenths: 167,
  },
  // Simple: "agreed to visit" hides 7 days, "remind later" 30 days; high risk only once ≥30 days overdue.
  overdue: { agreedToVisitHideDays: 7, remindLaterHideDays: 30, highRiskMinDaysOverdue: 30 },
  // [V S8] 血压控制率 uses <140/90 for all ages (the age-aware target applies to visit classes only).
  indicators: { bpControlledBelow: { systolic: 140, diastolic: 90 }, glucoseControlledBelowTenths: 70 },
};

export function addInterval(date: IsoDate, interval: TFollowUpInterval): IsoDate {
  return interval.unit === 'day' ? addDays(date, interval.count) : addMonths(date, interval.count);
}

/** At least one reading reaches its limit ("≥180 and/or ≥110"); a missing reading never does. */
export function isBpAtLeast(
  reading: { systolic?: number | null; diastolic?: number | null },
  limit: TBpLimit,
): boolean {
  return (
    (reading.systolic ?? Number.NEGATIVE_INFINITY) >= limit.systolic ||
    (reading.diastolic ?? Number.NEGATIVE_INFINITY) >= limit.diastolic
  );
}

/** Both readings are present and both are below the limit ("<140/90"). */
export function isBpBelow(
  reading: { systolic?: number | null; diastolic?: number | null },
  limit: TBpLimit,
): boolean {
  return (
    reading.systolic !== undefined &&
    reading.systolic !== null &&
    reading.diastolic !== undefined &&
    reading.diastolic !== null &&
    reading.systolic < limit.systolic &&
    reading.diastolic < limit.diastolic
  );
}
