/**
 * Small zod builders that give every follow-up field a Chinese message naming the field and the
 * allowed values, plus declarative cross-field checks. Internal to the follow-up folder.
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date.ts';
import { formatTenths } from './measurement.ts';
import { codesOf } from './vocabulary.ts';

function missingOr(label: string, wrongTypeReason: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${label}不能为空` : `${label}${wrongTypeReason}`;
}

function rangeMessage(label: string, min: string, max: string, unit: string): string {
  return `${label}应在${min}–${max}${unit ? ` ${unit}` : ''}之间`;
}

/** Whole number in [min, max]: "收缩压应在60–300 mmHg之间". */
export function zIntRange(label: string, min: number, max: number, unit = '') {
  const message = rangeMessage(label, String(min), String(max), unit);
  return z
    .number({ error: missingOr(label, '必须是数字') })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: message })
    .max(max, { error: message });
}

/** One-decimal measurement stored as integer tenths: "空腹血糖应在1.0–33.3 mmol/L之间". */
export function zTenthsRange(label: string, minTenths: number, maxTenths: number, unit: string) {
  const message = rangeMessage(label, formatTenths(minTenths), formatTenths(maxTenths), unit);
  return z
    .number({ error: missingOr(label, '必须是数字') })
    .int({ error: `${label}须以0.1 ${unit}为单位录入整数（如6.9录入为69）` })
    .min(minTenths, { error: message })
    .max(maxTenths, { error: message });
}

/** One code of a label table: "随访方式只能是门诊/家庭/电话". */
export function zCode<T extends Readonly<Record<string, string>>>(label: string, labels: T) {
  return z.enum(codesOf(labels), {
    error: missingOr(label, `只能是${Object.values(labels).join('/')}`),
  });
}

/** A multi-select of codes without repeats. */
export function zCodes<T extends Readonly<Record<string, string>>>(label: string, labels: T) {
  return z
    .array(zCode(label, labels), { error: missingOr(label, '必须是选项列表') })
    .refine((codes) => new Set(codes).size === codes.length, { error: `${label}不能重复选择` });
}

export function zText(label: string, maxLength: number) {
  return z
    .string({ error: missingOr(label, '必须是文本') })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(maxLength, { error: `${label}不能超过${maxLength}个字` });
}

export function zIsoDate(label: string) {
  return z
    .string({ error: missingOr(label, '必须是日期文本') })
    .refine(isIsoDate, { error: `${label}必须是有效日期（YYYY-MM-DD）` });
}

export function zFlag(label: string) {
  return z.boolean({ error: missingOr(label, '必须是“是”或“否”') });
}

/** A cross-field rule: returns the message for `path` when the value breaks it. */
export type FieldCheck = (
  value: Readonly<Record<string, unknown>>,
) => { path: string; message: string } | null;

const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/** `lower` must be before (strict) or not after `upper`, when both are present and comparable. */
export function checkOrder(options: {
  lower: string;
  upper: string;
  isStrict: boolean;
  path: string;
  message: string;
}): FieldCheck {
  return (value) => {
    const lower = value[options.lower];
    const upper = value[options.upper];
    const isComparable =
      (typeof lower === 'number' && typeof upper === 'number') ||
      (typeof lower === 'string' && typeof upper === 'string');
    if (!isComparable) {
      return null;
    }
    const isOrdered = options.isStrict ? lower < upper : lower <= upper;
    return isOrdered ? null : { path: options.path, message: options.message };
  };
}

/** `field` is required when `when` holds and, if `isForbiddenOtherwise`, must be absent otherwise. */
export function checkRequiredWhen(options: {
  field: string;
  when: (value: Readonly<Record<string, unknown>>) => boolean;
  requiredMessage: string;
  forbiddenMessage?: string;
}): FieldCheck {
  return (value) => {
    const isRequired = options.when(value);
    const hasValue = isPresent(value[options.field]);
    if (isRequired && !hasValue) {
      return { path: options.field, message: options.requiredMessage };
    }
    if (!isRequired && hasValue && options.forbiddenMessage) {
      return { path: options.field, message: options.forbiddenMessage };
    }
    return null;
  };
}

/** A multi-select whose `exclusiveCode` (such as 无症状) cannot be combined with other choices. */
export function checkExclusiveChoice(field: string, exclusiveCode: string, message: string): FieldCheck {
  return (value) => {
    const codes = value[field];
    return Array.isArray(codes) && codes.length > 1 && codes.includes(exclusiveCode)
      ? { path: field, message }
      : null;
  };
}

export function includesCode(field: string, code: string) {
  return (value: Readonly<Record<string, unknown>>): boolean => {
    const codes = value[field];
    return Array.isArray(codes) && codes.includes(code);
  };
}

/** Runs the checks inside a zod superRefine, one issue per broken rule. */
export function applyChecks(checks: readonly FieldCheck[]) {
  return (value: object, ctx: z.RefinementCtx): void => {
    for (const check of checks) {
      const issue = check(value as Readonly<Record<string, unknown>>);
      if (issue) {
        ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
      }
    }
  };
}
