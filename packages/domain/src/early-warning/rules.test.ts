import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/iso-date.ts';
import {
  DEFAULT_RULE_SET,
  DEFAULT_WARNING_RULES,
  selectRuleSet,
  type TWarningRuleSet,
  type TWarningRules,
  ZWarningRules,
} from './rule-set.ts';
import {
  evaluateWarningRules,
  formatSharePercent,
  incomeYearFor,
  type TExpenseFact,
  type TIncomeFact,
  type TMonitoredFact,
  type TWaitingCaseFact,
  type TWarningFacts,
} from './rules.ts';

const VILLAGE = '130321100201';
const OTHER_TOWNSHIP_VILLAGE = '130321101201';
const AS_OF = '2026-11-01';

/** Demo-like county rules: 2025 income 20,000.00 元 → high-expense threshold 10,000.00 元; line 8,400.00 元. */
const RULES: TWarningRules = {
  highExpense: { enabled: true, shareBp: 5_000, incomeBase: [{ year: 2025, amountFen: 2_000_000 }] },
  lowIncome: { enabled: true, lines: [{ year: 2025, amountFen: 840_000 }], skipMonitoredAtRisk: true },
  monitoredNoMeasure: { enabled: true, graceMonths: 1 },
  majorWaiting: { enabled: true, maxWaitingDays: 30 },
};
const COUNTY_SET: TWarningRuleSet = {
  id: 7,
  regionCode: '130321000000',
  version: 1,
  name: '青龙县2026年规则',
  effectiveFrom: '2026-01-01',
  rules: RULES,
};

const NO_FACTS: TWarningFacts = { expenses: [], incomes: [], monitored: [], waitingCases: [] };
const evaluate = (facts: Partial<TWarningFacts>, sets: TWarningRuleSet[] = [COUNTY_SET], asOf = AS_OF) =>
  evaluateWarningRules({ asOf, ruleSets: sets, facts: { ...NO_FACTS, ...facts } });

const expense = (personId: number, outOfPocketFen: number, villageCode = VILLAGE): TExpenseFact => ({
  personId,
  householdId: personId * 10,
  villageCode,
  outOfPocketFen,
});

describe('高额医疗费用 (high out-of-pocket spending)', () => {
  it.each([
    [999_999, false],
    [1_000_000, false], // exactly 50 %: not above
    [1_000_001, true],
    [5_000_000, true],
  ])('%d fen against a threshold of 1,000,000 fen → warning %s', (fen, raised) => {
    const { candidates, tally } = evaluate({ expenses: [expense(1, fen)] });
    expect(candidates.length).toBe(raised ? 1 : 0);
    expect(tally.high_expense).toEqual({ evaluated: 1, matched: raised ? 1 : 0, disabled: 0 });
  });

  it('explains the warning with its figures and keys it by person and year', () => {
    const [warning] = evaluate({ expenses: [expense(3, 1_234_567)] }).candidates;
    expect(warning).toEqual({
      ruleCode: 'high_expense',
      subjectType: 'person',
      personId: 3,
      householdId: 30,
      villageCode: VILLAGE,
      periodKey: '2026',
      dedupeKey: 'high_expense:p3:2026',
      ruleSetId: 7,
      facts: {
        year: 2026,
        outOfPocketFen: 1_234_567,
        incomeYear: 2025,
        incomeBaseFen: 2_000_000,
        shareBp: 5_000,
        thresholdFen: 1_000_000,
      },
      message:
        '2026年经各项报销后个人自付医疗费用12,345.67元，超过2025年农村居民人均可支配收入20,000.00元的50%（10,000.00元）',
    });
  });

  it('uses the configured share, rounding the threshold half-up to the fen', () => {
    const rules = {
      ...RULES,
      highExpense: {
        ...RULES.highExpense,
        shareBp: 3_333,
        incomeBase: [{ year: 2025, amountFen: 1_000_001 }],
      },
    };
    // 1,000,001 × 33.33 % = 333,300.33 → 333,300 fen
    const set = { ...COUNTY_SET, rules };
    expect(evaluate({ expenses: [expense(1, 333_300)] }, [set]).candidates).toHaveLength(0);
    expect(evaluate({ expenses: [expense(1, 333_301)] }, [set]).candidates).toHaveLength(1);
    expect(formatSharePercent(3_333)).toBe('33.33%');
    expect(formatSharePercent(4_550)).toBe('45.5%');
  });

  it('reports, rather than skips silently, a year without a configured income', () => {
    const result = evaluate({ expenses: [expense(1, 9_999_999), expense(2, 5)] }, [COUNTY_SET], '2027-03-01');
    expect(result.candidates).toEqual([]);
    expect(result.skipped).toEqual([
      {
        ruleCode: 'high_expense',
        ruleSetName: '青龙县2026年规则',
        reason: '高额医疗费用：规则“青龙县2026年规则”未配置2026年农村居民人均可支配收入，该规则未执行',
        subjects: 2,
      },
    ]);
  });

  it('counts a disabled rule without raising anything', () => {
    const set = { ...COUNTY_SET, rules: { ...RULES, highExpense: { ...RULES.highExpense, enabled: false } } };
    const result = evaluate({ expenses: [expense(1, 9_999_999)] }, [set]);
    expect(result.candidates).toEqual([]);
    expect(result.tally.high_expense).toEqual({ evaluated: 0, matched: 0, disabled: 1 });
  });
});

describe('家庭收入低于监测标准 (household income below the monitoring line)', () => {
  const income = (perCapitaIncomeFen: number, isMonitoredAtRisk = false): TIncomeFact => ({
    householdId: 5,
    villageCode: VILLAGE,
    year: 2025,
    perCapitaIncomeFen,
    isMonitoredAtRisk,
  });

  it.each([
    [839_999, true],
    [840_000, false], // on the line: not below
    [900_000, false],
  ])('%d fen against a line of 840,000 fen → warning %s', (fen, raised) => {
    expect(evaluate({ incomes: [income(fen)] }).candidates.length).toBe(raised ? 1 : 0);
  });

  it('keys the warning by household and income year', () => {
    expect(evaluate({ incomes: [income(650_000)] }).candidates[0]).toMatchObject({
      subjectType: 'household',
      personId: null,
      householdId: 5,
      dedupeKey: 'low_income:h5:2025',
      message: '2025年家庭人均纯收入6,500.00元，低于当年防止返贫监测收入标准8,400.00元',
    });
  });

  it('does not warn again about a household already monitored with 风险未消除, unless configured to', () => {
    expect(evaluate({ incomes: [income(500_000, true)] }).candidates).toEqual([]);
    const set = {
      ...COUNTY_SET,
      rules: { ...RULES, lowIncome: { ...RULES.lowIncome, skipMonitoredAtRisk: false } },
    };
    expect(evaluate({ incomes: [income(500_000, true)] }, [set]).candidates).toHaveLength(1);
  });

  it('reads the last complete year', () => {
    expect(incomeYearFor('2026-11-01')).toBe(2025);
    expect(incomeYearFor('2027-01-01')).toBe(2026);
  });
});

describe('监测对象未落实帮扶措施 (monitoring object without assistance)', () => {
  const monitored = (identifiedOn: string, lastMeasureOn: string | null): TMonitoredFact => ({
    householdId: 9,
    villageCode: VILLAGE,
    identifiedOn,
    lastMeasureOn,
  });

  it.each([
    ['2026-10-02', null, false], // one month not yet over on 11-01
    ['2026-10-01', null, true], // exactly one month
    ['2026-03-15', null, true],
    ['2026-03-15', '2026-04-01', false], // assisted
  ])('identified %s, last measure %s → warning %s', (identifiedOn, lastMeasureOn, raised) => {
    expect(evaluate({ monitored: [monitored(identifiedOn, lastMeasureOn)] }).candidates.length).toBe(
      raised ? 1 : 0,
    );
  });

  it('keys the warning by the monitoring episode and honours the configured period', () => {
    expect(evaluate({ monitored: [monitored('2026-09-15', null)] }).candidates[0]).toMatchObject({
      dedupeKey: 'monitored_no_measure:h9:2026-09-15',
      message: '2026-09-15识别为监测对象，至2026-10-15已满1个月仍未落实帮扶措施',
    });
    const set = { ...COUNTY_SET, rules: { ...RULES, monitoredNoMeasure: { enabled: true, graceMonths: 2 } } };
    expect(evaluate({ monitored: [monitored('2026-09-15', null)] }, [set]).candidates).toEqual([]);
  });
});

describe('大病患者久未救治 (major-disease patient still waiting)', () => {
  const waiting = (waitingSince: string): TWaitingCaseFact => ({
    caseId: 4,
    personId: 44,
    householdId: 440,
    villageCode: VILLAGE,
    itemName: '胃癌',
    waitingSince,
  });

  it.each([
    [addDays(AS_OF, -30), false], // 30 days: not over 30
    [addDays(AS_OF, -31), true],
  ])('waiting since %s → warning %s', (since, raised) => {
    expect(evaluate({ waitingCases: [waiting(since)] }).candidates.length).toBe(raised ? 1 : 0);
  });

  it('keys the warning by case and waiting episode', () => {
    expect(evaluate({ waitingCases: [waiting('2026-09-01')] }).candidates[0]).toMatchObject({
      subjectType: 'person',
      personId: 44,
      dedupeKey: 'major_waiting:c4:2026-09-01',
      message: '大病“胃癌”自2026-09-01起处于待救治状态已61天，超过30天',
    });
  });
});

describe('rule sets', () => {
  const set = (patch: Partial<TWarningRuleSet>): TWarningRuleSet => ({ ...COUNTY_SET, ...patch });

  it('picks the most specific region, then the latest effective date, then the highest version', () => {
    const province = set({ id: 1, regionCode: '130000000000', effectiveFrom: '2026-06-01' });
    const county = set({ id: 2, regionCode: '130321000000', effectiveFrom: '2026-01-01' });
    const countyLater = set({ id: 3, regionCode: '130321000000', effectiveFrom: '2026-07-01' });
    const countyV2 = set({ id: 4, regionCode: '130321000000', effectiveFrom: '2026-07-01', version: 2 });
    const township = set({ id: 5, regionCode: '130321101000', effectiveFrom: '2026-01-01' });
    const all = [province, county, countyLater, countyV2, township];
    expect(selectRuleSet(all, VILLAGE, '2026-03-01').id).toBe(2);
    expect(selectRuleSet(all, VILLAGE, '2026-08-01').id).toBe(4);
    expect(selectRuleSet(all, OTHER_TOWNSHIP_VILLAGE, '2026-08-01').id).toBe(5);
    expect(selectRuleSet(all, '130302001001', '2026-08-01').id).toBe(1);
    expect(selectRuleSet(all, VILLAGE, '2025-12-31')).toBe(DEFAULT_RULE_SET);
  });

  it('applies each village its own set in one evaluation', () => {
    const township = set({
      id: 5,
      regionCode: '130321101000',
      name: '祖山镇',
      rules: { ...RULES, highExpense: { ...RULES.highExpense, shareBp: 2_500 } },
    });
    const result = evaluate(
      { expenses: [expense(1, 600_000), expense(2, 600_000, OTHER_TOWNSHIP_VILLAGE)] },
      [COUNTY_SET, township],
    );
    expect(result.candidates.map((c) => [c.personId, c.ruleSetId])).toEqual([[2, 5]]);
  });

  it('validates the configuration with Chinese messages', () => {
    expect(ZWarningRules.safeParse(DEFAULT_WARNING_RULES).success).toBe(true);
    const bad = ZWarningRules.safeParse({
      ...RULES,
      highExpense: {
        ...RULES.highExpense,
        shareBp: 50,
        incomeBase: [
          { year: 2025, amountFen: 1 },
          { year: 2025, amountFen: 2 },
        ],
      },
      majorWaiting: { enabled: true, maxWaitingDays: 0 },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining(['比例不能低于1%', '农村居民人均可支配收入：2025年重复', '天数至少为1']),
    );
  });
});

describe('properties', () => {
  const fen = fc.integer({ min: 0, max: 10_000_000 });
  const facts = fc.record({
    expenses: fc.uniqueArray(fc.record({ personId: fc.integer({ min: 1, max: 500 }), outOfPocketFen: fen }), {
      selector: (e) => e.personId,
    }),
    incomes: fc.uniqueArray(
      fc.record({
        householdId: fc.integer({ min: 1, max: 500 }),
        perCapitaIncomeFen: fen,
        isMonitoredAtRisk: fc.boolean(),
      }),
      { selector: (i) => i.householdId },
    ),
  });

  it('is deterministic, and keys are unique: running twice raises nothing new', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const input: Partial<TWarningFacts> = {
          expenses: f.expenses.map((e) => ({ ...e, householdId: null, villageCode: VILLAGE })),
          incomes: f.incomes.map((i) => ({ ...i, villageCode: VILLAGE, year: 2025 })),
        };
        const first = evaluate(input);
        const second = evaluate(input);
        expect(second).toEqual(first);
        const keys = first.candidates.map((c) => c.dedupeKey);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('raises a high-expense warning exactly when spending is above share × income', () => {
    fc.assert(
      fc.property(fen, fen, fc.integer({ min: 100, max: 20_000 }), (spent, base, shareBp) => {
        const rules = {
          ...RULES,
          highExpense: { enabled: true, shareBp, incomeBase: [{ year: 2025, amountFen: base }] },
        };
        const raised = evaluate({ expenses: [expense(1, spent)] }, [{ ...COUNTY_SET, rules }]).candidates
          .length;
        // Exact comparison in integers: spent > base × share / 10,000 (rounded half-up to the fen).
        const threshold = Number((BigInt(base) * BigInt(shareBp) * 2n + 10_000n) / 20_000n);
        expect(raised).toBe(spent > threshold ? 1 : 0);
      }),
    );
  });
});
