import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRateBp } from '../money/fen.ts';
import { FAST_RATE_LIMIT_FEN, multiplyRateBp } from './rate-math.ts';

describe('multiplyRateBp', () => {
  it('agrees with applyRateBp (BigInt) on the fast path and beyond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FAST_RATE_LIMIT_FEN }),
        fc.integer({ min: 0, max: 10_000 }),
        (fen, bp) => {
          expect(multiplyRateBp(fen, bp)).toBe(applyRateBp(fen, bp));
        },
      ),
      { numRuns: 2_000 },
    );
    expect(multiplyRateBp(FAST_RATE_LIMIT_FEN + 7, 3_333)).toBe(applyRateBp(FAST_RATE_LIMIT_FEN + 7, 3_333));
  });

  it.each([
    [10, 8_500, 9], // 8.5 → 9 (half up)
    [10, 8_400, 8], // 8.4 → 8
    [5_600_000 - 30_000, 8_500, 4_734_500],
    [790_425, 7_000, 553_298], // 553,297.5 → 553,298
  ])('%i × %i bp = %i', (fen, bp, expected) => {
    expect(multiplyRateBp(fen, bp)).toBe(expected);
  });
});
