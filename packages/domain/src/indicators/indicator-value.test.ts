import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findIndicator, type IndicatorDefinition } from './indicator-catalog.ts';
import { computeIndicatorValue } from './indicator-value.ts';

const def = (code: string) => findIndicator(code) as IndicatorDefinition;

describe('computeIndicatorValue', () => {
  it.each([
    // 因病致贫户 432 of 1,000 poor households = 43.20 %
    ['illness_poor_household_share', 432, 1000, 4320, '43.20%'],
    // 2 of 3 = 66.666…% → 66.67 % (half-up in basis points)
    ['contract_rate', 2, 3, 6667, '66.67%'],
    // 1 of 8 = 12.5 % exactly
    ['bp_control_rate', 1, 8, 1250, '12.50%'],
    ['contract_rate', 0, 5, 0, '0.00%'],
    ['contract_rate', 7, 7, 10000, '100.00%'],
  ])('%s: %i / %i = %i bp (%s)', (code, numerator, denominator, bp, display) => {
    const value = computeIndicatorValue(def(code), { numerator, denominator });
    expect(value.value).toBe(bp);
    expect(value.display).toBe(display);
    expect(value.missingReason).toBeNull();
  });

  it('flags a ratio with a zero base as missing instead of printing 0', () => {
    const value = computeIndicatorValue(def('contract_rate'), { numerator: 0, denominator: 0 });
    expect(value.value).toBeNull();
    expect(value.display).toBe('—');
    expect(value.missingReason).toContain('为 0');
  });

  it('formats counts with digit groups and amounts in yuan from fen', () => {
    expect(computeIndicatorValue(def('poor_persons'), { numerator: 70123, denominator: null }).display).toBe(
      '70,123',
    );
    const amount = computeIndicatorValue(def('one_stop_settlement_amount'), {
      numerator: 123456789,
      denominator: null,
    });
    expect(amount.value).toBe(123456789);
    expect(amount.display).toBe('1,234,567.89元');
  });

  it('refuses negative or fractional figures', () => {
    expect(() => computeIndicatorValue(def('poor_persons'), { numerator: -1, denominator: null })).toThrow();
    expect(() => computeIndicatorValue(def('poor_persons'), { numerator: 1.5, denominator: null })).toThrow();
  });

  it('keeps any ratio of a part to its whole within 0–10000 bp, and within 0.5 bp of the exact value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (den, f) => {
          const num = Math.floor(den * f);
          const value = computeIndicatorValue(def('contract_rate'), { numerator: num, denominator: den });
          const bp = value.value as number;
          expect(bp).toBeGreaterThanOrEqual(0);
          expect(bp).toBeLessThanOrEqual(10_000);
          // |bp/10000 − num/den| ≤ 0.5/10000  ⇔  |bp·den − num·10000| ≤ den/2 (exact in bigint)
          const diff = BigInt(bp) * BigInt(den) - BigInt(num) * 10_000n;
          expect(2n * (diff < 0n ? -diff : diff) <= BigInt(den)).toBe(true);
        },
      ),
    );
  });
});
