import { QINGLONG_2024_POLICY, ZPolicySet } from '@healthaid/domain';
import { describe, expect, it } from 'vitest';
import {
  applyFormValues,
  bpToPercentText,
  formValuesOf,
  PolicyFormError,
  parsePercentToBp,
} from './policy-form.ts';

const body = QINGLONG_2024_POLICY as unknown as Record<string, unknown>;

describe('percent ↔ basis points (decimal strings, no floats)', () => {
  it('parses percentages with up to two decimals', () => {
    expect(parsePercentToBp('75')).toBe(7500);
    expect(parsePercentToBp('7.5')).toBe(750);
    expect(parsePercentToBp('0.25%')).toBe(25);
    expect(parsePercentToBp(' 100 ')).toBe(10_000);
    expect(parsePercentToBp('０.０７')).toBe(7);
    // 0.29 × 10000 is 2899.9999… as a float; the string parse is exact.
    expect(parsePercentToBp('0.29')).toBe(29);
    expect(parsePercentToBp('57.29')).toBe(5729);
  });

  it('refuses what is not a percentage in range', () => {
    for (const bad of ['', 'abc', '-5', '100.01', '101', '7.555', '1e2', '.5', '5.']) {
      expect(() => parsePercentToBp(bad), bad).toThrow();
    }
  });

  it('writes basis points as the shortest percentage text', () => {
    expect([7500, 750, 25, 0, 10_000, 5729, 7].map(bpToPercentText)).toEqual([
      '75',
      '7.5',
      '0.25',
      '0',
      '100',
      '57.29',
      '0.07',
    ]);
    for (const bp of [0, 1, 9, 10, 99, 100, 101, 5729, 9999, 10_000]) {
      expect(parsePercentToBp(bpToPercentText(bp))).toBe(bp);
    }
  });
});

describe('policy form', () => {
  it('round-trips a policy unchanged', () => {
    expect(applyFormValues(body, formValuesOf(body))).toEqual(body);
  });

  it('applies amounts in 元 as fen and ratios in % as basis points; the result is a valid policy set', () => {
    const values = formValuesOf(body);
    const first = values.basicRules[0];
    const critical = values.critical;
    const cap = values.selfPayCap?.levels[0];
    if (!first || !critical || !cap || !values.assistance[0]) {
      throw new Error('the example policy has every section');
    }
    first.deductible = '1,234.56';
    first.rate = '82.5';
    values.assistance[0].annualCap = '';
    critical.deductible = '15202';
    cap.rate = '4.5';
    const next = applyFormValues(body, values);
    const parsed = ZPolicySet.parse(next);
    expect(parsed.basicInsurance.rules[0]).toMatchObject({ deductibleFen: 123_456, rateBp: 8250 });
    expect(parsed.criticalIllness?.deductibleFen).toBe(1_520_200);
    expect(parsed.medicalAssistance.rules[0]?.annualCapFen).toBeNull();
    expect(parsed.selfPayCap?.levels[0]?.capRateBp).toBe(450);
    // Untouched structure is kept.
    expect(parsed.furtherLayers).toEqual(QINGLONG_2024_POLICY.furtherLayers);
    expect(parsed.treatFirstPayLater).toEqual(QINGLONG_2024_POLICY.treatFirstPayLater);
  });

  it('chains critical-illness tiers: each lower bound is the previous upper bound', () => {
    const values = formValuesOf(body);
    const tiers = values.critical?.tiers ?? [];
    expect(tiers.length).toBeGreaterThan(1);
    (tiers[0] as { to: string }).to = '60000';
    const next = ZPolicySet.parse(applyFormValues(body, values));
    expect(next.criticalIllness?.tiers[0]?.toFen).toBe(6_000_000);
    expect(next.criticalIllness?.tiers[1]?.fromFen).toBe(6_000_000);
  });

  it('names the field of a bad value', () => {
    const values = formValuesOf(body);
    (values.basicRules[1] as { rate: string }).rate = '85.555';
    expect(() => applyFormValues(body, values)).toThrow(PolicyFormError);
    try {
      applyFormValues(body, values);
    } catch (error) {
      expect((error as PolicyFormError).field).toEqual(['basicRules', 1, 'rate']);
      expect((error as Error).message).toContain('基本医保第 2 行报销比例');
    }
    const negative = formValuesOf(body);
    (negative.assistance[0] as { deductible: string }).deductible = '-1';
    expect(() => applyFormValues(body, negative)).toThrow('不能为负数');
    const precise = formValuesOf(body);
    (precise.basicCaps[0] as { cap: string }).cap = '1.234';
    expect(() => applyFormValues(body, precise)).toThrow('小数超过两位');
  });
});
