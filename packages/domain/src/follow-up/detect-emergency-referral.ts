/**
 * Emergency referral (紧急转诊) screening of one visit: measured thresholds, danger signs and
 * pregnancy. Any trigger is a red alert: refer at once and follow up within 2 weeks [V S7, S9, S10].
 */
import { FOLLOW_UP_POLICY, isBpAtLeast, type TFollowUpPolicy } from './follow-up-policy.ts';
import { formatTenths, type Tenths } from './measurement.ts';
import { codesOf, EMERGENCY_SIGN_LABELS, type EmergencySign, type FollowUpDisease } from './vocabulary.ts';

/** Structural input: any parsed visit (TFollowUpVisit) fits. */
export type EmergencyCheckInput = {
  disease: FollowUpDisease;
  systolic?: number | null;
  diastolic?: number | null;
  fastingGlucoseTenths?: Tenths | null;
  heartRate?: number | null;
  temperatureTenths?: Tenths | null;
  emergencySigns?: readonly EmergencySign[];
  isPregnantOrBreastfeeding?: boolean;
};

export type MeasuredTriggerCode =
  | 'bp_crisis'
  | 'glucose_high'
  | 'glucose_low'
  | 'tachycardia'
  | 'fever'
  | 'pregnancy_high_bp'
  | 'pregnancy_high_glucose';
export type EmergencyTriggerCode = MeasuredTriggerCode | EmergencySign;

export type EmergencyTrigger = { code: EmergencyTriggerCode; label: string };
export type EmergencyReferral = { isRedAlert: boolean; triggers: EmergencyTrigger[] };

type MeasuredRule = {
  code: MeasuredTriggerCode;
  /** Diseases whose protocol lists this trigger; absent = every disease with the measurement. */
  diseases?: readonly FollowUpDisease[];
  /** The Chinese label when the rule fires, null otherwise. */
  describe: (visit: EmergencyCheckInput, rules: TFollowUpPolicy['emergency']) => string | null;
};

const show = (value: number | null | undefined): string =>
  value === undefined || value === null ? '—' : String(value);
const bpText = (v: EmergencyCheckInput) => `${show(v.systolic)}/${show(v.diastolic)} mmHg`;
const isSet = (value: number | null | undefined): value is number => value !== undefined && value !== null;

const MEASURED_RULES: readonly MeasuredRule[] = [
  {
    code: 'bp_crisis',
    describe: (v, r) =>
      isBpAtLeast(v, r.bpAtLeast)
        ? `血压≥${r.bpAtLeast.systolic}/${r.bpAtLeast.diastolic} mmHg（本次${bpText(v)}）`
        : null,
  },
  {
    code: 'glucose_high',
    describe: (v, r) =>
      isSet(v.fastingGlucoseTenths) && v.fastingGlucoseTenths >= r.glucoseAtLeastTenths
        ? `血糖≥${formatTenths(r.glucoseAtLeastTenths)} mmol/L（本次${formatTenths(v.fastingGlucoseTenths)}）`
        : null,
  },
  {
    code: 'glucose_low',
    describe: (v, r) =>
      isSet(v.fastingGlucoseTenths) && v.fastingGlucoseTenths <= r.glucoseAtMostTenths
        ? `血糖≤${formatTenths(r.glucoseAtMostTenths)} mmol/L（本次${formatTenths(v.fastingGlucoseTenths)}）`
        : null,
  },
  {
    code: 'tachycardia',
    diseases: ['diabetes'],
    describe: (v, r) =>
      isSet(v.heartRate) && v.heartRate > r.heartRateAbove
        ? `心率>${r.heartRateAbove}次/分钟（本次${v.heartRate}）`
        : null,
  },
  {
    code: 'fever',
    describe: (v, r) =>
      isSet(v.temperatureTenths) && v.temperatureTenths > r.temperatureAboveTenths
        ? `体温>${formatTenths(r.temperatureAboveTenths)} ℃（本次${formatTenths(v.temperatureTenths)}）`
        : null,
  },
  {
    code: 'pregnancy_high_bp',
    describe: (v, r) =>
      v.isPregnantOrBreastfeeding === true && isBpAtLeast(v, r.pregnancyBpAtLeast)
        ? `妊娠期或哺乳期血压高于正常（本次${bpText(v)}）`
        : null,
  },
  {
    code: 'pregnancy_high_glucose',
    describe: (v, r) =>
      v.isPregnantOrBreastfeeding === true &&
      isSet(v.fastingGlucoseTenths) &&
      v.fastingGlucoseTenths >= r.pregnancyGlucoseAtLeastTenths
        ? `妊娠期或哺乳期血糖高于正常（本次${formatTenths(v.fastingGlucoseTenths)} mmol/L）`
        : null,
  },
];

const SIGN_ORDER = codesOf(EMERGENCY_SIGN_LABELS);

/** Triggers come in a fixed order: measured rules as listed above, then signs in vocabulary order. */
export function detectEmergencyReferral(
  visit: EmergencyCheckInput,
  policy: TFollowUpPolicy = FOLLOW_UP_POLICY,
): EmergencyReferral {
  const measured = MEASURED_RULES.filter(
    (rule) => !rule.diseases || rule.diseases.includes(visit.disease),
  ).flatMap((rule): EmergencyTrigger[] => {
    const label = rule.describe(visit, policy.emergency);
    return label === null ? [] : [{ code: rule.code, label }];
  });
  const signs = new Set(visit.emergencySigns ?? []);
  const signTriggers = SIGN_ORDER.filter((sign) => signs.has(sign)).map((sign) => ({
    code: sign,
    label: EMERGENCY_SIGN_LABELS[sign],
  }));
  const triggers = [...measured, ...signTriggers];
  return { isRedAlert: triggers.length > 0, triggers };
}
