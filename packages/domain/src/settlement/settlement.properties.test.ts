import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAccumulators } from './accumulators.ts';
import { QINGLONG_2024_POLICY } from './policies/qinglong-130321.ts';
import { YANCHENG_2023_POLICY } from './policies/yancheng-3209.ts';
import { type TPolicySet, ZPolicySet } from './policy-set.schema.ts';
import { resettlePersonYear } from './resettle.ts';
import { type SettleClaimsItem, settleClaim, settleClaims } from './settle-claim.ts';
import {
  type SettlementResult,
  type TSettlementAccumulators,
  type TSettlementClaim,
  ZSettlementAccumulators,
} from './settlement-claim.schema.ts';
import { sumOfParts } from './settlement-test-kit.ts';
import { HOSPITAL_LEVELS, PERSON_CATEGORIES, VISIT_TYPES } from './settlement-vocabulary.ts';

const RUNS = { numRuns: 300 };
const fen = (maxYuan: number) => fc.integer({ min: 0, max: maxYuan * 100 });
const bp = fc.integer({ min: 0, max: 10_000 });
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Any valid policy set: every level × visit type has a basic rule, every other part is random. */
const arbPolicy: fc.Arbitrary<TPolicySet> = fc
  .record({
    rules: fc.tuple(
      ...HOSPITAL_LEVELS.flatMap((level) =>
        VISIT_TYPES.map((visitType) =>
          fc.record({
            level: fc.constant(level),
            visitType: fc.constant(visitType),
            deductibleFen: fen(2_000),
            deductibleBasis: fc.constantFrom('per_admission' as const, 'per_year' as const),
            repeatAdmissionDeductibleFen: nullable(fen(1_000)),
            rateBp: bp,
          }),
        ),
      ),
    ),
    inpatientCap: nullable(fen(300_000)),
    adjustment: fc.record({
      code: fc.constant('adj'),
      categories: someOf(PERSON_CATEGORIES),
      levels: someOf(HOSPITAL_LEVELS),
      visitTypes: someOf(VISIT_TYPES),
      deductibleMultiplierBp: bp,
      rateIncreaseBp: fc.integer({ min: 0, max: 2_000 }),
      capIncreaseFen: fen(50_000),
    }),
    critical: nullable(
      fc.record({
        deductibleFen: fen(30_000),
        split: fc.integer({ min: 1, max: 10_000_000 }),
        rates: fc.tuple(bp, bp),
        annualCapFen: nullable(fen(400_000)),
        included: fc.boolean(),
        preference: fc.record({
          categories: someOf(PERSON_CATEGORIES),
          deductibleMultiplierBp: bp,
          tierRateIncreaseBp: fc.integer({ min: 0, max: 1_000 }),
          isCapRemoved: fc.boolean(),
        }),
      }),
    ),
    assistance: fc.array(
      fc.record({
        categories: someOf(PERSON_CATEGORIES),
        visitTypes: someOf(VISIT_TYPES),
        deductibleFen: fen(8_000),
        rateBp: bp,
        annualCapFen: nullable(fen(60_000)),
      }),
      { maxLength: 3 },
    ),
    assistanceBase: fc.constantFrom('policy_scope_remaining' as const, 'total_remaining' as const),
    ratioLayers: fc.array(
      fc.record({
        eligibleCategories: fc.oneof(fc.constant('all' as const), someOf(PERSON_CATEGORIES)),
        levels: someOf(HOSPITAL_LEVELS),
        visitTypes: someOf(VISIT_TYPES),
        base: fc.constantFrom('policy_scope_remaining' as const, 'total_remaining' as const),
        diagnosisPrefixes: fc.subarray(['C92', 'N18']),
        deductibleFen: fen(3_000),
        rateBp: bp,
        annualCapFen: nullable(fen(100_000)),
      }),
      { maxLength: 3 },
    ),
    sessionCap: nullable(fen(5_000)),
    grant: fc.record({ oneOff: fen(100_000), annual: fen(30_000), years: fc.integer({ min: 0, max: 3 }) }),
    selfPayCap: nullable(
      fc.record({
        eligibleCategories: someOf(PERSON_CATEGORIES),
        visitTypes: someOf(VISIT_TYPES),
        levels: someOf(HOSPITAL_LEVELS).chain((levels) =>
          fc.tuple(...levels.map((level) => fc.record({ level: fc.constant(level), capRateBp: bp }))),
        ),
        base: fc.constantFrom('total' as const, 'policy_scope' as const),
        bearer: fc.constantFrom(
          { kind: 'hospital' as const },
          { kind: 'fund' as const, code: 'safety_net', label: '兜底救助基金' },
        ),
      }),
    ),
  })
  .map(
    (r): TPolicySet => ({
      id: 'random',
      version: 1,
      name: '随机政策',
      regionCode: '130321000000',
      effectiveFrom: '2020-01-01',
      effectiveTo: null,
      basicInsurance: {
        rules: r.rules,
        annualCaps:
          r.inpatientCap === null
            ? []
            : [{ visitTypes: ['inpatient', 'outpatient_chronic'], capFen: r.inpatientCap }],
        categoryAdjustments: [r.adjustment],
      },
      criticalIllness:
        r.critical === null
          ? null
          : {
              visitTypes: ['inpatient', 'outpatient_chronic'],
              deductibleFen: r.critical.deductibleFen,
              tiers: [
                { fromFen: 0, toFen: r.critical.split, rateBp: r.critical.rates[0] },
                { fromFen: r.critical.split, toFen: null, rateBp: r.critical.rates[1] },
              ],
              annualCapFen: r.critical.annualCapFen,
              isCategoryBFirstSelfPayIncluded: r.critical.included,
              preferences: [{ code: 'pref', ...r.critical.preference }],
            },
      medicalAssistance: {
        base: r.assistanceBase,
        rules: r.assistance.map((rule, i) => ({ code: `rule_${i}`, label: `规则${i}`, ...rule })),
      },
      furtherLayers: [
        ...r.ratioLayers.map((layer, i) => ({
          kind: 'ratio' as const,
          code: `layer_${i}`,
          label: `第${i}层`,
          ...layer,
        })),
        {
          kind: 'session_subsidy' as const,
          code: 'sessions',
          label: '血液透析补助',
          eligibleCategories: 'all' as const,
          levels: [...HOSPITAL_LEVELS],
          visitTypes: [...VISIT_TYPES],
          base: 'total_remaining' as const,
          diagnosisPrefixes: ['N18'],
          itemCodes: [],
          perSessionFen: 10_000,
          annualCapFen: r.sessionCap,
        },
        {
          kind: 'transplant_grant' as const,
          code: 'transplant',
          label: '移植救助',
          eligibleCategories: 'all' as const,
          levels: [...HOSPITAL_LEVELS],
          visitTypes: [...VISIT_TYPES],
          base: 'total_remaining' as const,
          oneOffGrantFen: r.grant.oneOff,
          antiRejectionAnnualFen: r.grant.annual,
          antiRejectionYears: r.grant.years,
        },
      ],
      selfPayCap: r.selfPayCap,
      treatFirstPayLater: null,
    }),
  );

const arbAnyPolicy = fc.oneof(
  { weight: 1, arbitrary: fc.constant(QINGLONG_2024_POLICY) },
  { weight: 1, arbitrary: fc.constant(YANCHENG_2023_POLICY) },
  { weight: 4, arbitrary: arbPolicy },
);

const arbCategories = fc.subarray([...PERSON_CATEGORIES]);

/** The example policies do not configure 普通门诊 at city and province level: such claims are refused. */
function hasBasicRule(policy: TPolicySet, claim: TSettlementClaim): boolean {
  return policy.basicInsurance.rules.some(
    (rule) => rule.level === claim.institutionLevel && rule.visitType === claim.visitType,
  );
}

/** A claim in 2024 with a fixed level and visit type when given. */
function arbClaim(fixed: Partial<Pick<TSettlementClaim, 'institutionLevel' | 'visitType'>> = {}) {
  return fc
    .record({
      institutionLevel: fixed.institutionLevel
        ? fc.constant(fixed.institutionLevel)
        : fc.constantFrom(...HOSPITAL_LEVELS),
      visitType: fixed.visitType ? fc.constant(fixed.visitType) : fc.constantFrom(...VISIT_TYPES),
      policyScopeFen: fen(300_000),
      outOfCatalogueFen: fc.oneof(fc.constant(0), fen(50_000)),
      categoryBShare: fc.integer({ min: 0, max: 30 }),
      diagnosis: fc.constantFrom('N18.5', 'C92.0', 'I63.9'),
      dialysisSessions: fc.integer({ min: 0, max: 15 }),
      transplantYear: fc.option(fc.integer({ min: 2020, max: 2024 }), { nil: undefined }),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
    })
    .map((r): TSettlementClaim => {
      const date = `2024-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
      return {
        claimId: 'X',
        institutionLevel: r.institutionLevel,
        visitType: r.visitType,
        admissionDate: date,
        dischargeDate: date,
        diagnosisCodes: [r.diagnosis],
        totalFen: r.policyScopeFen + r.outOfCatalogueFen,
        policyScopeFen: r.policyScopeFen,
        outOfCatalogueFen: r.outOfCatalogueFen,
        hasOutOfCatalogueConsent: true,
        categoryBFirstSelfPayFen: Math.floor((r.policyScopeFen * r.categoryBShare) / 100),
        treatFirstPayLater: true,
        depositFen: 100_000,
        dialysisSessions: r.dialysisSessions,
        ...(r.transplantYear === undefined
          ? {}
          : { transplant: { transplantDate: `${r.transplantYear}-01-01` } }),
      };
    });
}

/** Claims of one person at one level and visit type, sorted by discharge date, with distinct ids. */
const arbYear = fc
  .record({ level: fc.constantFrom(...HOSPITAL_LEVELS), visitType: fc.constantFrom(...VISIT_TYPES) })
  .chain(({ level, visitType }) =>
    fc.array(arbClaim({ institutionLevel: level, visitType }), { minLength: 1, maxLength: 6 }),
  )
  .map((claims) =>
    claims
      .sort((a, b) => (a.dischargeDate < b.dischargeDate ? -1 : a.dischargeDate > b.dischargeDate ? 1 : 0))
      .map((claim, i) => ({ ...claim, claimId: `C${i}` })),
  );

function accumulatorNumbers(acc: TSettlementAccumulators): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') {
      out.set(path, value);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        walk(child, `${path}.${key}`);
      }
    }
  };
  walk(acc, '');
  return out;
}

function expectWellFormed(result: SettlementResult): void {
  expect(sumOfParts(result)).toBe(result.totalFen);
  for (const layer of result.layers) {
    expect(Number.isSafeInteger(layer.paidFen)).toBe(true);
    expect(layer.paidFen).toBeGreaterThanOrEqual(0);
    if (layer.capRemainingFen !== null) {
      expect(layer.paidFen).toBeLessThanOrEqual(layer.capRemainingFen);
    }
  }
  expect(result.patientPaysFen).toBe(result.patientPolicyScopeFen + result.patientOutOfCatalogueFen);
  expect(result.patientPolicyScopeFen).toBeGreaterThanOrEqual(0);
  expect(result.patientOutOfCatalogueFen).toBeGreaterThanOrEqual(0);
  expect(result.borneByFen).toBeGreaterThanOrEqual(0);
  expect(result.depositWaivedFen).toBeGreaterThanOrEqual(0);
}

describe('settlement properties (fast-check)', () => {
  it('random policies are valid policy sets', () => {
    fc.assert(
      fc.property(arbPolicy, (policy) => {
        expect(ZPolicySet.safeParse(policy).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('layers + self-pay + borne = total exactly, nothing negative, no layer above its remaining cap', () => {
    fc.assert(
      fc.property(arbAnyPolicy, arbClaim(), arbCategories, (policy, claim, categories) => {
        fc.pre(hasBasicRule(policy, claim));
        expectWellFormed(settleClaim(policy, claim, createAccumulators(2024), categories));
      }),
      RUNS,
    );
  }, 60_000);

  it('self-pay never exceeds the configured cap where the cap applies', () => {
    fc.assert(
      fc.property(arbAnyPolicy, arbClaim(), arbCategories, (policy, claim, categories) => {
        fc.pre(hasBasicRule(policy, claim));
        const cap = policy.selfPayCap;
        const rate = cap?.levels.find((l) => l.level === claim.institutionLevel)?.capRateBp;
        fc.pre(
          cap !== null &&
            rate !== undefined &&
            cap.visitTypes.includes(claim.visitType) &&
            cap.eligibleCategories.some((c) => categories.includes(c)),
        );
        const result = settleClaim(policy, claim, createAccumulators(2024), categories);
        const isTotal = cap?.base === 'total';
        const capBase = isTotal ? claim.totalFen : claim.policyScopeFen;
        const selfPay = isTotal ? result.patientPaysFen : result.patientPolicyScopeFen;
        // selfPay ≤ round_half_up(capBase × rate): compare exactly in integers.
        expect(BigInt(selfPay) * 10_000n).toBeLessThanOrEqual(BigInt(capBase) * BigInt(rate ?? 0) + 5_000n);
      }),
      RUNS,
    );
  }, 60_000);

  it('over a year no cap is exceeded and the accumulators only grow', () => {
    fc.assert(
      fc.property(arbAnyPolicy, arbYear, arbCategories, (policy, claims, categories) => {
        fc.pre(hasBasicRule(policy, claims[0] as TSettlementClaim));
        let acc = createAccumulators(2024);
        const paid = new Map<string, number>();
        const maxCap = new Map<string, number>();
        for (const claim of claims) {
          const result = settleClaim(policy, claim, acc, categories, { withTrace: false });
          expectWellFormed(result);
          const before = accumulatorNumbers(acc);
          for (const [path, value] of accumulatorNumbers(result.nextAccumulators)) {
            expect(value).toBeGreaterThanOrEqual(before.get(path) ?? 0);
          }
          for (const layer of result.layers) {
            paid.set(layer.code, (paid.get(layer.code) ?? 0) + layer.paidFen);
            const cap = layer.capFen ?? Number.POSITIVE_INFINITY;
            maxCap.set(layer.code, Math.max(maxCap.get(layer.code) ?? 0, cap));
          }
          acc = result.nextAccumulators;
        }
        // The accumulators round-trip through their schema (stored as JSON per person-year).
        expect(ZSettlementAccumulators.parse(JSON.parse(JSON.stringify(acc)))).toEqual(acc);
        for (const [code, total] of paid) {
          if (code !== 'basic_insurance') {
            expect(total).toBeLessThanOrEqual(maxCap.get(code) ?? 0);
          }
        }
        // Basic insurance: one pool for inpatient + 门诊慢特病, checked against the year's accumulators.
        const basicCap = maxCap.get('basic_insurance') ?? 0;
        const pool =
          claims[0]?.visitType === 'outpatient'
            ? acc.basic.outpatient.paidFen
            : acc.basic.inpatient.paidFen + acc.basic.outpatient_chronic.paidFen;
        expect(pool).toBeLessThanOrEqual(basicCap);
      }),
      RUNS,
    );
  }, 60_000);

  it('settling one at a time equals settling as a batch; re-settling an unchanged year changes nothing', () => {
    fc.assert(
      fc.property(arbAnyPolicy, arbYear, arbCategories, (policy, claims, categories) => {
        fc.pre(hasBasicRule(policy, claims[0] as TSettlementClaim));
        const items: SettleClaimsItem[] = claims.map((claim) => ({ claim, categories }));
        const batch = settleClaims(policy, items, createAccumulators(2024));
        let acc = createAccumulators(2024);
        const single = claims.map((claim) => {
          const result = settleClaim(policy, claim, acc, categories);
          acc = result.nextAccumulators;
          return result;
        });
        expect(batch.results).toEqual(single);
        expect(batch.accumulators).toEqual(acc);
        const again = resettlePersonYear({
          items,
          previous: batch.results,
          accumulatorsAtYearStart: createAccumulators(2024),
          policy,
          reason: '复核',
        });
        expect(again.reversals).toEqual([]);
        expect(again.settlements).toEqual([]);
        expect(again.results).toEqual(batch.results);
      }),
      RUNS,
    );
  }, 60_000);

  it('the order of two claims changes only the distribution: totals balance and caps hold either way', () => {
    fc.assert(
      fc.property(arbAnyPolicy, arbYear, arbCategories, (policy, claims, categories) => {
        fc.pre(hasBasicRule(policy, claims[0] as TSettlementClaim));
        fc.pre(claims.length >= 2);
        const a = {
          ...(claims[0] as TSettlementClaim),
          dischargeDate: '2024-06-01',
          admissionDate: '2024-06-01',
        };
        const b = {
          ...(claims[1] as TSettlementClaim),
          dischargeDate: '2024-06-01',
          admissionDate: '2024-06-01',
        };
        const run = (first: TSettlementClaim, second: TSettlementClaim) =>
          settleClaims(
            policy,
            [
              { claim: first, categories },
              { claim: second, categories },
            ],
            createAccumulators(2024),
          );
        const ab = run(a, b);
        const ba = run(b, a);
        for (const { results, accumulators } of [ab, ba]) {
          results.forEach(expectWellFormed);
          const everything = results.reduce((sum, r) => sum + sumOfParts(r), 0);
          expect(everything).toBe(a.totalFen + b.totalFen);
          expect(accumulators.patientPaidFen).toBe(results.reduce((sum, r) => sum + r.patientPaysFen, 0));
        }
        // Same claims, same year: the year's cumulative 大病 base differs only through basic-insurance deductibles.
        const byId = (out: typeof ab, id: string) =>
          out.results.find((r) => r.claimId === id) as SettlementResult;
        expect(byId(ab, a.claimId).totalFen).toBe(byId(ba, a.claimId).totalFen);
      }),
      RUNS,
    );
  }, 60_000);

  it('more cost never lowers the self-pay', () => {
    fc.assert(
      fc.property(
        arbAnyPolicy,
        arbClaim(),
        arbCategories,
        fen(20_000),
        fc.boolean(),
        (policy, claim, categories, extra, isPolicyScope) => {
          fc.pre(hasBasicRule(policy, claim));
          const more: TSettlementClaim = isPolicyScope
            ? { ...claim, policyScopeFen: claim.policyScopeFen + extra, totalFen: claim.totalFen + extra }
            : {
                ...claim,
                outOfCatalogueFen: claim.outOfCatalogueFen + extra,
                totalFen: claim.totalFen + extra,
                hasOutOfCatalogueConsent: true,
              };
          const acc = createAccumulators(2024);
          const base = settleClaim(policy, claim, acc, categories, { withTrace: false });
          const bigger = settleClaim(policy, more, acc, categories, { withTrace: false });
          expect(bigger.patientPaysFen).toBeGreaterThanOrEqual(base.patientPaysFen);
        },
      ),
      RUNS,
    );
  }, 60_000);
});
