/**
 * The warning rules of 防止因病致贫返贫监测, evaluated over facts the server reads from the registry, the
 * one-stop settlements and the treatment ledger. Pure: the evaluation date `asOf` is a parameter, the rule
 * sets are data, and the same facts always give the same warnings.
 *
 * Each candidate carries a `dedupeKey` naming the rule, the subject and the period of the condition (the
 * spending year, the income year, the monitoring episode, the waiting episode). The server stores at most
 * one warning per key, so running the rules again — the nightly job, a "run now", a retry — never raises
 * the same warning twice; it only refreshes its figures.
 */
import { addMonths, diffDays, type IsoDate, yearOf } from '../calendar/iso-date.ts';
import { applyRateBp, type Bp, type Fen, formatBp, formatFen } from '../money/fen.ts';
import { amountForYear, selectRuleSet, type TWarningRuleSet, type TWarningRules } from './rule-set.ts';
import { WARNING_RULE_LABELS, type WarningRuleCode, type WarningSubjectType } from './vocabulary.ts';

export type TWarningCandidate = {
  ruleCode: WarningRuleCode;
  subjectType: WarningSubjectType;
  personId: number | null;
  householdId: number | null;
  villageCode: string;
  /** The period of the condition: '2026' (a year), an identification date, a waiting start date. */
  periodKey: string;
  /** One warning per key (rule + subject + period). */
  dedupeKey: string;
  /** The rule set applied (null: the built-in defaults). */
  ruleSetId: number | null;
  /** Figures behind the warning, shown in its detail. */
  facts: Record<string, string | number | null>;
  /** Why it was raised, in Chinese, with the figures. */
  message: string;
};

/** Year-to-date out-of-pocket of one person in the year of `asOf`, after every settlement layer (fen). */
export type TExpenseFact = {
  personId: number;
  householdId: number | null;
  villageCode: string;
  outOfPocketFen: Fen;
};

/** Per-capita net income of one household for one year (fen). */
export type TIncomeFact = {
  householdId: number;
  villageCode: string;
  year: number;
  perCapitaIncomeFen: Fen;
  /** The household is a monitoring object with 风险未消除 on `asOf`. */
  isMonitoredAtRisk: boolean;
};

/** A household currently monitored with 风险未消除, and its assistance measures since identification. */
export type TMonitoredFact = {
  householdId: number;
  villageCode: string;
  /** Start of the current monitoring episode (the 监测对象 category's valid-from). */
  identifiedOn: IsoDate;
  /** Latest assistance measure dated from `identifiedOn` to `asOf`, or null when there is none. */
  lastMeasureOn: IsoDate | null;
};

/** A major-disease treatment case currently 待救治. */
export type TWaitingCaseFact = {
  caseId: number;
  personId: number;
  householdId: number | null;
  villageCode: string;
  itemName: string;
  /** Date the case entered 待救治 (its current status date). */
  waitingSince: IsoDate;
};

export type TWarningFacts = {
  expenses: readonly TExpenseFact[];
  incomes: readonly TIncomeFact[];
  monitored: readonly TMonitoredFact[];
  waitingCases: readonly TWaitingCaseFact[];
};

/** A rule that could not run for some subjects, and why (e.g. an amount not configured for the year). */
export type TSkippedRule = {
  ruleCode: WarningRuleCode;
  ruleSetName: string;
  reason: string;
  subjects: number;
};

export type TRuleTally = { evaluated: number; matched: number; disabled: number };

export type TEvaluation = {
  candidates: TWarningCandidate[];
  skipped: TSkippedRule[];
  tally: Record<WarningRuleCode, TRuleTally>;
};

/** The income year the low-income rule reads on `asOf`: the last complete year. */
export function incomeYearFor(asOf: IsoDate): number {
  return yearOf(asOf) - 1;
}

/** "50%" for 5,000 bp, "45.5%" for 4,550 bp. */
export function formatSharePercent(bp: Bp): string {
  return formatBp(bp).replace(/\.?0+%$/, '%');
}

type Outcome = { candidate: TWarningCandidate | null; skip: string | null };
const NONE: Outcome = { candidate: null, skip: null };

function highExpense(fact: TExpenseFact, set: TWarningRuleSet, asOf: IsoDate): Outcome {
  const rule = set.rules.highExpense;
  const year = yearOf(asOf);
  const incomeYear = year - 1;
  const base = amountForYear(rule.incomeBase, incomeYear);
  if (base === null) {
    return { candidate: null, skip: `未配置${incomeYear}年农村居民人均可支配收入` };
  }
  const threshold = applyRateBp(base, rule.shareBp);
  if (fact.outOfPocketFen <= threshold) {
    return NONE;
  }
  return {
    skip: null,
    candidate: {
      ruleCode: 'high_expense',
      subjectType: 'person',
      personId: fact.personId,
      householdId: fact.householdId,
      villageCode: fact.villageCode,
      periodKey: String(year),
      dedupeKey: `high_expense:p${fact.personId}:${year}`,
      ruleSetId: set.id,
      facts: {
        year,
        outOfPocketFen: fact.outOfPocketFen,
        incomeYear,
        incomeBaseFen: base,
        shareBp: rule.shareBp,
        thresholdFen: threshold,
      },
      message: `${year}年经各项报销后个人自付医疗费用${formatFen(fact.outOfPocketFen)}元，超过${incomeYear}年农村居民人均可支配收入${formatFen(base)}元的${formatSharePercent(rule.shareBp)}（${formatFen(threshold)}元）`,
    },
  };
}

function lowIncome(fact: TIncomeFact, set: TWarningRuleSet): Outcome {
  const rule = set.rules.lowIncome;
  const line = amountForYear(rule.lines, fact.year);
  if (line === null) {
    return { candidate: null, skip: `未配置${fact.year}年监测收入标准` };
  }
  if (fact.perCapitaIncomeFen >= line || (rule.skipMonitoredAtRisk && fact.isMonitoredAtRisk)) {
    return NONE;
  }
  return {
    skip: null,
    candidate: {
      ruleCode: 'low_income',
      subjectType: 'household',
      personId: null,
      householdId: fact.householdId,
      villageCode: fact.villageCode,
      periodKey: String(fact.year),
      dedupeKey: `low_income:h${fact.householdId}:${fact.year}`,
      ruleSetId: set.id,
      facts: { year: fact.year, perCapitaIncomeFen: fact.perCapitaIncomeFen, lineFen: line },
      message: `${fact.year}年家庭人均纯收入${formatFen(fact.perCapitaIncomeFen)}元，低于当年防止返贫监测收入标准${formatFen(line)}元`,
    },
  };
}

function monitoredNoMeasure(fact: TMonitoredFact, set: TWarningRuleSet, asOf: IsoDate): Outcome {
  const months = set.rules.monitoredNoMeasure.graceMonths;
  const due = addMonths(fact.identifiedOn, months);
  if (asOf < due || fact.lastMeasureOn !== null) {
    return NONE;
  }
  return {
    skip: null,
    candidate: {
      ruleCode: 'monitored_no_measure',
      subjectType: 'household',
      personId: null,
      householdId: fact.householdId,
      villageCode: fact.villageCode,
      periodKey: fact.identifiedOn,
      dedupeKey: `monitored_no_measure:h${fact.householdId}:${fact.identifiedOn}`,
      ruleSetId: set.id,
      facts: {
        identifiedOn: fact.identifiedOn,
        graceMonths: months,
        dueOn: due,
        daysSinceIdentified: diffDays(fact.identifiedOn, asOf),
      },
      message: `${fact.identifiedOn}识别为监测对象，至${due}已满${months}个月仍未落实帮扶措施`,
    },
  };
}

function majorWaiting(fact: TWaitingCaseFact, set: TWarningRuleSet, asOf: IsoDate): Outcome {
  const max = set.rules.majorWaiting.maxWaitingDays;
  const days = diffDays(fact.waitingSince, asOf);
  if (days <= max) {
    return NONE;
  }
  return {
    skip: null,
    candidate: {
      ruleCode: 'major_waiting',
      subjectType: 'person',
      personId: fact.personId,
      householdId: fact.householdId,
      villageCode: fact.villageCode,
      periodKey: fact.waitingSince,
      dedupeKey: `major_waiting:c${fact.caseId}:${fact.waitingSince}`,
      ruleSetId: set.id,
      facts: {
        caseId: fact.caseId,
        itemName: fact.itemName,
        waitingSince: fact.waitingSince,
        daysWaiting: days,
        maxWaitingDays: max,
      },
      message: `大病“${fact.itemName}”自${fact.waitingSince}起处于待救治状态已${days}天，超过${max}天`,
    },
  };
}

const ENABLED: Record<WarningRuleCode, (rules: TWarningRules) => boolean> = {
  high_expense: (r) => r.highExpense.enabled,
  low_income: (r) => r.lowIncome.enabled,
  monitored_no_measure: (r) => r.monitoredNoMeasure.enabled,
  major_waiting: (r) => r.majorWaiting.enabled,
};

/**
 * Runs every rule over the facts on `asOf`. For each fact, the rule set of its village applies
 * (`selectRuleSet`); a disabled rule is counted, a rule missing a configured amount is reported in
 * `skipped` (per rule set and reason, with the number of subjects) rather than passed over silently.
 */
export function evaluateWarningRules(input: {
  asOf: IsoDate;
  ruleSets: readonly TWarningRuleSet[];
  facts: TWarningFacts;
}): TEvaluation {
  const { asOf, ruleSets, facts } = input;
  const setOf = new Map<string, TWarningRuleSet>();
  const ruleSetFor = (villageCode: string) => {
    let set = setOf.get(villageCode);
    if (!set) {
      set = selectRuleSet(ruleSets, villageCode, asOf);
      setOf.set(villageCode, set);
    }
    return set;
  };
  const tally = {
    high_expense: { evaluated: 0, matched: 0, disabled: 0 },
    low_income: { evaluated: 0, matched: 0, disabled: 0 },
    monitored_no_measure: { evaluated: 0, matched: 0, disabled: 0 },
    major_waiting: { evaluated: 0, matched: 0, disabled: 0 },
  } satisfies Record<WarningRuleCode, TRuleTally>;
  const candidates: TWarningCandidate[] = [];
  const skipped = new Map<string, TSkippedRule>();

  const run = <F extends { villageCode: string }>(
    code: WarningRuleCode,
    rows: readonly F[],
    evaluate: (fact: F, set: TWarningRuleSet) => Outcome,
  ) => {
    for (const fact of rows) {
      const set = ruleSetFor(fact.villageCode);
      if (!ENABLED[code](set.rules)) {
        tally[code].disabled += 1;
        continue;
      }
      const outcome = evaluate(fact, set);
      if (outcome.skip !== null) {
        const key = `${code}|${set.id}|${outcome.skip}`;
        const entry = skipped.get(key) ?? {
          ruleCode: code,
          ruleSetName: set.name,
          reason: `${WARNING_RULE_LABELS[code]}：规则“${set.name}”${outcome.skip}，该规则未执行`,
          subjects: 0,
        };
        entry.subjects += 1;
        skipped.set(key, entry);
        continue;
      }
      tally[code].evaluated += 1;
      if (outcome.candidate) {
        tally[code].matched += 1;
        candidates.push(outcome.candidate);
      }
    }
  };

  run('high_expense', facts.expenses, (f, s) => highExpense(f, s, asOf));
  run('low_income', facts.incomes, (f, s) => lowIncome(f, s));
  run('monitored_no_measure', facts.monitored, (f, s) => monitoredNoMeasure(f, s, asOf));
  run('major_waiting', facts.waitingCases, (f, s) => majorWaiting(f, s, asOf));
  return { candidates, skipped: [...skipped.values()], tally };
}
