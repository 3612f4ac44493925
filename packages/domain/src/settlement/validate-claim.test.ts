import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../calendar/iso-date.ts';
import { settleClaim } from './settle-claim.ts';
import { SettlementError } from './settlement.errors.ts';
import type { TSettlementClaim } from './settlement-claim.schema.ts';
import { emptyYear, makeClaim, makePolicy, yuan } from './settlement-test-kit.ts';
import { isIsoDateFast, MAX_CLAIM_FEN, validateClaim } from './validate-claim.ts';

const policy = makePolicy();

describe('bad claims are refused with a coded Chinese message naming the field', () => {
  it.each<{ name: string; claim: Partial<TSettlementClaim>; code: string; field: string; text: string }>([
    {
      name: 'negative amount',
      claim: { totalFen: -100, policyScopeFen: -100 },
      code: 'CLAIM_AMOUNT_INVALID',
      field: 'totalFen',
      text: '医疗总费用（totalFen）必须是不小于 0 的整数',
    },
    {
      name: 'fractional fen',
      claim: { policyScopeFen: 100.5, totalFen: 100.5 },
      code: 'CLAIM_AMOUNT_INVALID',
      field: 'totalFen',
      text: '收到 100.5',
    },
    {
      name: 'too large',
      claim: { totalFen: MAX_CLAIM_FEN + 1, policyScopeFen: MAX_CLAIM_FEN + 1 },
      code: 'CLAIM_AMOUNT_TOO_LARGE',
      field: 'totalFen',
      text: '超过单张结算单上限',
    },
    {
      name: 'parts do not add up',
      claim: { totalFen: yuan(10_001) },
      code: 'CLAIM_AMOUNT_MISMATCH',
      field: 'totalFen',
      text: '必须等于政策范围内费用与目录外费用之和',
    },
    {
      name: '乙类先自付 above policy scope',
      claim: { categoryBFirstSelfPayFen: yuan(10_001) },
      code: 'CLAIM_CATEGORY_B_EXCEEDS_POLICY_SCOPE',
      field: 'categoryBFirstSelfPayFen',
      text: '乙类先自付费用（categoryBFirstSelfPayFen）不能大于政策范围内费用',
    },
    {
      name: 'out-of-catalogue without consent',
      claim: { outOfCatalogueFen: yuan(500), totalFen: yuan(10_500), hasOutOfCatalogueConsent: false },
      code: 'CLAIM_CONSENT_MISSING',
      field: 'hasOutOfCatalogueConsent',
      text: '须签署知情同意书',
    },
    {
      name: 'discharge before admission',
      claim: { admissionDate: '2024-03-10', dischargeDate: '2024-03-09' },
      code: 'CLAIM_DISCHARGE_BEFORE_ADMISSION',
      field: 'dischargeDate',
      text: '出院（结算）日期（dischargeDate）2024-03-09 早于入院日期 2024-03-10',
    },
    {
      name: 'impossible date',
      claim: { admissionDate: '2024-02-30' },
      code: 'CLAIM_DATE_INVALID',
      field: 'admissionDate',
      text: '入院日期（admissionDate）必须是真实存在的 YYYY-MM-DD 日期',
    },
    {
      name: 'outside the policy period',
      claim: { admissionDate: '2023-12-20', dischargeDate: '2023-12-28' },
      code: 'CLAIM_OUTSIDE_POLICY_PERIOD',
      field: 'dischargeDate',
      text: '不在政策“测试政策”的有效期 2024-01-01 至 2025-12-31 内',
    },
    {
      name: 'unknown level',
      claim: { institutionLevel: 'village' as never },
      code: 'CLAIM_LEVEL_INVALID',
      field: 'institutionLevel',
      text: '医疗机构级别（institutionLevel）必须是',
    },
    {
      name: 'unknown visit type',
      claim: { visitType: 'emergency' as never },
      code: 'CLAIM_VISIT_TYPE_INVALID',
      field: 'visitType',
      text: '就诊类型（visitType）',
    },
    {
      name: 'empty claim id',
      claim: { claimId: '' },
      code: 'CLAIM_FIELD_MISSING',
      field: 'claimId',
      text: '结算单号（claimId）不能为空',
    },
    {
      name: 'negative dialysis sessions',
      claim: { dialysisSessions: -1 },
      code: 'CLAIM_AMOUNT_INVALID',
      field: 'dialysisSessions',
      text: '血液透析次数（dialysisSessions）',
    },
    {
      name: 'transplant after discharge',
      claim: { transplant: { transplantDate: '2024-04-01' } },
      code: 'CLAIM_DATE_INVALID',
      field: 'transplant.transplantDate',
      text: '移植日期（transplant.transplantDate）2024-04-01 不能晚于出院日期',
    },
    {
      name: 'unknown cause',
      claim: { cause: 'war' as never },
      code: 'CLAIM_CAUSE_INVALID',
      field: 'cause',
      text: '就诊原因（cause）',
    },
  ])('$name', ({ claim, code, field, text }) => {
    const bad = makeClaim(claim);
    let thrown: unknown;
    try {
      settleClaim(policy, bad, emptyYear(), []);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SettlementError);
    expect(thrown).toMatchObject({ code, field });
    expect((thrown as Error).message).toContain(text);
    expect(validateClaim(bad, policy).map((issue) => issue.code)).toContain(code);
  });

  it('lists every problem of a claim at once for a form', () => {
    const issues = validateClaim(makeClaim({ claimId: '', totalFen: -1, admissionDate: 'x' }), policy);
    expect(issues.map((issue) => issue.field)).toEqual(['claimId', 'totalFen', 'admissionDate']);
  });

  it('accepts a valid claim and lets what-if skip the period check', () => {
    expect(validateClaim(makeClaim(), policy)).toEqual([]);
    const lastYear = makeClaim({ admissionDate: '2023-05-01', dischargeDate: '2023-05-02' });
    expect(validateClaim(lastYear, policy, false)).toEqual([]);
    expect(() =>
      settleClaim(policy, lastYear, emptyYear(2023), [], { isPolicyPeriodChecked: false }),
    ).not.toThrow();
  });
});

describe('isIsoDateFast (hot-path date check)', () => {
  it('agrees with isIsoDate', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const dateLike = fc
      .tuple(digits(4), fc.constantFrom('-', '/', 'x'), digits(2), fc.constantFrom('-', '.'), digits(2))
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(dateLike, fc.string()), (text) => {
        expect(isIsoDateFast(text)).toBe(isIsoDate(text));
      }),
      { numRuns: 3_000 },
    );
    for (const text of [
      '2024-02-29',
      '2023-02-29',
      '1900-02-29',
      '2000-02-29',
      '2024-04-31',
      '2024-00-10',
      '0000-01-01',
    ]) {
      expect(isIsoDateFast(text)).toBe(isIsoDate(text));
    }
  });
});
