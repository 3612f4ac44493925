import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundBpProduct } from './rate-math.ts';

/** Exact half-up rounding of product / 10000 with BigInt, the reference for roundBpProduct. */
function roundHalfUpReference(product: number): number {
  const big = BigInt(product);
  const quotient = big / 10_000n;
  return Number(big - quotient * 10_000n >= 5_000n ? quotient + 1n : quotient);
}

describe('roundBpProduct', () => {
  it('rounds half-up exactly over the whole range, including products next to a multiple of 10000', () => {
    const max = Number.MAX_SAFE_INTEGER - 10_000;
    const nearMultiple = fc
      .tuple(fc.integer({ min: 0, max: Math.floor(max / 10_000) }), fc.integer({ min: -2, max: 2 }))
      .map(([k, d]) => Math.min(max, Math.max(0, k * 10_000 + d)));
    const nearHalf = nearMultiple.map((p) => Math.min(max, p + 5_000));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max }), nearMultiple, nearHalf), (product) => {
        expect(roundBpProduct(product)).toBe(roundHalfUpReference(product));
      }),
      { numRuns: 20_000 },
    );
    for (const product of [0, 4_999, 5_000, 9_999, 10_000, 14_999, 15_000, max, max - 1, max - 5_000]) {
      expect(roundBpProduct(product)).toBe(roundHalfUpReference(product));
    }
  });
});
