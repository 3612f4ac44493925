import { fenToYuanText, parseYuanToFen } from '@healthaid/domain/money';

/**
 * The policy-draft form (政策参数表单): the main parameters of a policy set as text fields — amounts in 元,
 * ratios in % — and back. Amounts are parsed exactly to integer fen by the domain's yuan parser and ratios to
 * integer basis points from the decimal string (never through a float). Structure the form does not show
 * (categories of a rule, further layers, 先诊疗后付费, …) is kept from the draft as it is; the server validates
 * the whole policy set again on save.
 */

export type THospitalLevelCode = 'township' | 'county' | 'city' | 'province';
export type TVisitTypeCode = 'inpatient' | 'outpatient_chronic' | 'outpatient';

export type PolicyFormValues = {
  name: string;
  effectiveFrom: string;
  /** Empty = open-ended. */
  effectiveTo: string;
  basicRules: {
    level: THospitalLevelCode;
    visitType: TVisitTypeCode;
    deductible: string;
    /** Empty = the same as the first admission. */
    repeatDeductible: string;
    rate: string;
  }[];
  basicCaps: { visitTypes: TVisitTypeCode[]; cap: string }[];
  critical: {
    deductible: string;
    /** Empty = no cap. */
    annualCap: string;
    /** Upper bound of each tier above the deductible (empty on the last = open-ended); lower bounds follow. */
    tiers: { to: string; rate: string }[];
  } | null;
  assistance: { code: string; label: string; deductible: string; rate: string; annualCap: string }[];
  selfPayCap: { levels: { level: THospitalLevelCode; rate: string }[] } | null;
};

export class PolicyFormError extends Error {
  constructor(
    message: string,
    readonly field: (string | number)[],
  ) {
    super(message);
    this.name = 'PolicyFormError';
  }
}

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "75" → 7500, "7.5" → 750, "0.25%" → 25; at most two decimals, 0–100 %. */
export function parsePercentToBp(input: string): number {
  const text = input.normalize('NFKC').trim().replace(/%$/, '').trim();
  const match = PERCENT_PATTERN.exec(text);
  if (!match) {
    throw new Error(`“${input}”不是有效的百分比（如 75 或 7.5，最多两位小数）`);
  }
  const [, whole = '0', decimals = ''] = match;
  const bp = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (bp > 10_000) {
    throw new Error(`“${input}”超过 100%`);
  }
  return bp;
}

/** 7500 → "75", 750 → "7.5", 25 → "0.25". */
export function bpToPercentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  if (rest === 0) {
    return String(whole);
  }
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** Amount text of a 元 field (no grouping, so that it parses back as typed). */
export const yuanText = (fen: number | null | undefined): string =>
  fen === null || fen === undefined ? '' : fenToYuanText(fen);

/** Non-negative fen of a required 元 field; the error names the field. */
function fenOf(value: string | undefined, label: string, field: (string | number)[]): number {
  if (!value?.trim()) {
    throw new PolicyFormError(`请填写${label}`, field);
  }
  let fen: number;
  try {
    fen = parseYuanToFen(value);
  } catch (error) {
    throw new PolicyFormError(`${label}：${(error as Error).message}`, field);
  }
  if (fen < 0) {
    throw new PolicyFormError(`${label}不能为负数`, field);
  }
  return fen;
}

const optionalFenOf = (value: string | undefined, label: string, field: (string | number)[]) =>
  value?.trim() ? fenOf(value, label, field) : null;

function bpOf(value: string | undefined, label: string, field: (string | number)[]): number {
  if (!value?.trim()) {
    throw new PolicyFormError(`请填写${label}`, field);
  }
  try {
    return parsePercentToBp(value);
  } catch (error) {
    throw new PolicyFormError(`${label}：${(error as Error).message}`, field);
  }
}

// The parts of a policy body the form reads; everything else is carried over untouched.
type Body = Record<string, unknown>;
type BasicRule = {
  level: THospitalLevelCode;
  visitType: TVisitTypeCode;
  deductibleFen: number;
  repeatAdmissionDeductibleFen: number | null;
  rateBp: number;
};
type Critical = {
  deductibleFen: number;
  annualCapFen: number | null;
  tiers: { fromFen: number; toFen: number | null; rateBp: number }[];
};
type AssistanceRule = {
  code: string;
  label: string;
  deductibleFen: number;
  rateBp: number;
  annualCapFen: number | null;
};
type SelfPayCap = { levels: { level: THospitalLevelCode; capRateBp: number }[] };

const basicOf = (body: Body) =>
  (body.basicInsurance ?? { rules: [], annualCaps: [] }) as {
    rules: BasicRule[];
    annualCaps: { visitTypes: TVisitTypeCode[]; capFen: number }[];
  };
const criticalOf = (body: Body) => (body.criticalIllness ?? null) as Critical | null;
const assistanceOf = (body: Body) => (body.medicalAssistance ?? { rules: [] }) as { rules: AssistanceRule[] };
const selfPayCapOf = (body: Body) => (body.selfPayCap ?? null) as SelfPayCap | null;

/** The form's values of a policy body. */
export function formValuesOf(body: Body): PolicyFormValues {
  const basic = basicOf(body);
  const critical = criticalOf(body);
  const selfPayCap = selfPayCapOf(body);
  return {
    name: String(body.name ?? ''),
    effectiveFrom: String(body.effectiveFrom ?? ''),
    effectiveTo: body.effectiveTo ? String(body.effectiveTo) : '',
    basicRules: (basic.rules ?? []).map((r) => ({
      level: r.level,
      visitType: r.visitType,
      deductible: yuanText(r.deductibleFen),
      repeatDeductible: yuanText(r.repeatAdmissionDeductibleFen),
      rate: bpToPercentText(r.rateBp),
    })),
    basicCaps: (basic.annualCaps ?? []).map((c) => ({ visitTypes: c.visitTypes, cap: yuanText(c.capFen) })),
    critical: critical
      ? {
          deductible: yuanText(critical.deductibleFen),
          annualCap: yuanText(critical.annualCapFen),
          tiers: critical.tiers.map((t) => ({ to: yuanText(t.toFen), rate: bpToPercentText(t.rateBp) })),
        }
      : null,
    assistance: (assistanceOf(body).rules ?? []).map((r) => ({
      code: r.code,
      label: r.label,
      deductible: yuanText(r.deductibleFen),
      rate: bpToPercentText(r.rateBp),
      annualCap: yuanText(r.annualCapFen),
    })),
    selfPayCap: selfPayCap
      ? { levels: selfPayCap.levels.map((l) => ({ level: l.level, rate: bpToPercentText(l.capRateBp) })) }
      : null,
  };
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A new policy body: `body` with the form's values applied (rows matched by position, as formValuesOf listed
 * them). Throws PolicyFormError naming the first field that is not a valid amount, ratio or date.
 */
export function applyFormValues(body: Body, values: PolicyFormValues): Body {
  const name = values.name.trim();
  if (!name) {
    throw new PolicyFormError('请填写政策名称', ['name']);
  }
  if (!DATE_PATTERN.test(values.effectiveFrom)) {
    throw new PolicyFormError('生效日期须为 YYYY-MM-DD', ['effectiveFrom']);
  }
  const effectiveTo = values.effectiveTo.trim();
  if (effectiveTo && !DATE_PATTERN.test(effectiveTo)) {
    throw new PolicyFormError('失效日期须为 YYYY-MM-DD（长期有效则留空）', ['effectiveTo']);
  }
  const basic = basicOf(body);
  const rules = basic.rules.map((rule, i): BasicRule => {
    const v = values.basicRules[i];
    if (!v) {
      return rule;
    }
    const what = `基本医保第 ${i + 1} 行`;
    return {
      ...rule,
      deductibleFen: fenOf(v.deductible, `${what}起付线`, ['basicRules', i, 'deductible']),
      repeatAdmissionDeductibleFen: optionalFenOf(v.repeatDeductible, `${what}再次住院起付线`, [
        'basicRules',
        i,
        'repeatDeductible',
      ]),
      rateBp: bpOf(v.rate, `${what}报销比例`, ['basicRules', i, 'rate']),
    };
  });
  const annualCaps = basic.annualCaps.map((cap, i) => {
    const v = values.basicCaps[i];
    return v ? { ...cap, capFen: fenOf(v.cap, '基本医保年度限额', ['basicCaps', i, 'cap']) } : cap;
  });
  const next: Body = {
    ...body,
    name,
    effectiveFrom: values.effectiveFrom,
    effectiveTo: effectiveTo || null,
    basicInsurance: { ...basic, rules, annualCaps },
  };
  const critical = criticalOf(body);
  if (critical && values.critical) {
    const v = values.critical;
    let from = 0;
    const tiers = critical.tiers.map((tier, i) => {
      const t = v.tiers[i];
      if (!t) {
        return tier;
      }
      const isLast = i === critical.tiers.length - 1;
      const to = isLast
        ? optionalFenOf(t.to, `大病保险第 ${i + 1} 段上限`, ['critical', 'tiers', i, 'to'])
        : fenOf(t.to, `大病保险第 ${i + 1} 段上限`, ['critical', 'tiers', i, 'to']);
      const out = {
        ...tier,
        fromFen: from,
        toFen: to,
        rateBp: bpOf(t.rate, `大病保险第 ${i + 1} 段比例`, ['critical', 'tiers', i, 'rate']),
      };
      from = to ?? from;
      return out;
    });
    next.criticalIllness = {
      ...critical,
      deductibleFen: fenOf(v.deductible, '大病保险起付线', ['critical', 'deductible']),
      annualCapFen: optionalFenOf(v.annualCap, '大病保险年度封顶', ['critical', 'annualCap']),
      tiers,
    };
  }
  const assistance = assistanceOf(body);
  next.medicalAssistance = {
    ...assistance,
    rules: assistance.rules.map((rule, i) => {
      const v = values.assistance[i];
      if (!v) {
        return rule;
      }
      const what = `医疗救助“${rule.label}”`;
      return {
        ...rule,
        deductibleFen: fenOf(v.deductible, `${what}起付线`, ['assistance', i, 'deductible']),
        rateBp: bpOf(v.rate, `${what}救助比例`, ['assistance', i, 'rate']),
        annualCapFen: optionalFenOf(v.annualCap, `${what}年度限额`, ['assistance', i, 'annualCap']),
      };
    }),
  };
  const selfPayCap = selfPayCapOf(body);
  if (selfPayCap && values.selfPayCap) {
    const levels = values.selfPayCap.levels;
    next.selfPayCap = {
      ...selfPayCap,
      levels: selfPayCap.levels.map((level, i) => {
        const v = levels[i];
        return v
          ? {
              ...level,
              capRateBp: bpOf(v.rate, '个人自付上限比例', ['selfPayCap', 'levels', i, 'rate']),
            }
          : level;
      }),
    };
  }
  return next;
}
