import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateFen,
  applyRateBp,
  applyRatio,
  BP_PER_UNIT,
  divRoundHalfUp,
  fenToYuanText,
  formatBp,
  formatFen,
  MoneyError,
  parseYuanToFen,
  ratioBp,
} from './fen.ts';

const anyFen = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe('parseYuanToFen', () => {
  it.each([
    ['1234.56', 123_456],
    ['1,234.56', 123_456],
    ['¥1,234.56', 123_456],
    ['￥1234', 123_400],
    [' 12.5 ', 1250],
    ['0.01', 1],
    ['-3.00', -300],
    ['-¥3.00', -300],
    ['¥-3.00', -300],
    ['1234.5元', 123_450],
    ['１２３.４５', 12_345],
    ['1,234,567.89', 123_456_789],
    ['0', 0],
    ['-0.00', 0],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%j → %i fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each([
    ['1.234', 'MONEY_PRECISION'],
    ['0.001', 'MONEY_PRECISION'],
    ['12,34.00', 'MONEY_INVALID'],
    ['1e3', 'MONEY_INVALID'],
    ['', 'MONEY_INVALID'],
    ['abc', 'MONEY_INVALID'],
    ['1,2345', 'MONEY_INVALID'],
    ['12.', 'MONEY_INVALID'],
    ['NaN', 'MONEY_INVALID'],
    ['.5', 'MONEY_INVALID'],
    ['+3', 'MONEY_INVALID'],
    ['- 3', 'MONEY_INVALID'],
    ['1 234', 'MONEY_INVALID'],
    ['Infinity', 'MONEY_INVALID'],
    ['90071992547409.92', 'MONEY_RANGE'],
  ])('rejects %j (%s)', (input, code) => {
    expect(() => parseYuanToFen(input)).toThrow(MoneyError);
    expect(() => parseYuanToFen(input)).toThrow(expect.objectContaining({ code }));
  });

  it('names the input in the message', () => {
    expect(() => parseYuanToFen('1.234')).toThrow('“1.234”的小数超过两位（金额精确到分）');
  });
});

describe('formatFen', () => {
  it.each([
    [123_456, {}, '1,234.56'],
    [5, {}, '0.05'],
    [0, {}, '0.00'],
    [-5, {}, '-0.05'],
    [-123_456, {}, '-1,234.56'],
    [100_000_000, {}, '1,000,000.00'],
    [123_456, { grouping: false }, '1234.56'],
    [123_456, { symbol: true }, '¥1,234.56'],
    [-123_456, { symbol: true }, '-¥1,234.56'],
    [Number.MAX_SAFE_INTEGER, {}, '90,071,992,547,409.91'],
  ])('%i %j → %s', (fen, options, text) => {
    expect(formatFen(fen, options)).toBe(text);
  });

  it('fenToYuanText has no grouping', () => {
    expect(fenToYuanText(-123_456_789)).toBe('-1234567.89');
  });

  it.each([1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects %d', (fen) => {
    expect(() => formatFen(fen)).toThrow('金额必须是以分为单位的整数');
  });

  it('parse(format(x)) = x for every safe integer and every format option', () => {
    fc.assert(
      fc.property(anyFen, fc.boolean(), fc.boolean(), (fen, grouping, symbol) => {
        expect(parseYuanToFen(formatFen(fen, { grouping, symbol }))).toBe(fen);
      }),
    );
  });
});

describe('applyRateBp (half-up to the fen)', () => {
  it.each([
    // Worked example: (56,000.00 − 300.00 deductible) × 85 %.
    [5_600_000 - 30_000, 8500, 4_734_500],
    // (8,655.00 − 7,500.00) × 65 %.
    [865_500 - 750_000, 6500, 75_075],
    // 7,904.25 × 70 % = 5,532.975 → 5,532.98.
    [790_425, 7000, 553_298],
    [-790_425, 7000, -553_298],
    [1, 5000, 1],
    [1, 4999, 0],
    [-1, 5000, -1],
    [123_456, 0, 0],
    [123_456, BP_PER_UNIT, 123_456],
    [Number.MAX_SAFE_INTEGER, 5000, 4_503_599_627_370_496],
  ])('%i × %i bp = %i', (amount, rate, expected) => {
    expect(applyRateBp(amount, rate)).toBe(expected);
  });

  it.each([
    [1.5, 100],
    [100, 12.5],
  ])('rejects %d × %d', (amount, rate) => {
    expect(() => applyRateBp(amount, rate)).toThrow(MoneyError);
  });

  it('equals a BigInt reference (round half away from zero)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: -BP_PER_UNIT, max: 2 * BP_PER_UNIT }),
        (amount, rate) => {
          const product = BigInt(amount) * BigInt(rate);
          const magnitude = ((product < 0n ? -product : product) * 2n + 10_000n) / 20_000n;
          const reference = Number(product < 0n ? -magnitude : magnitude);
          expect(applyRateBp(amount, rate)).toBe(reference);
        },
      ),
    );
  });
});

describe('divRoundHalfUp / applyRatio / ratioBp / formatBp', () => {
  it.each([
    [5, 2, 3],
    [-5, 2, -3],
    [5, -2, -3],
    [7, 3, 2],
    [8, 3, 3],
    [0, 7, 0],
  ])('divRoundHalfUp(%i, %i) = %i', (n, d, expected) => {
    expect(divRoundHalfUp(n, d)).toBe(expected);
  });

  it('refuses division by zero', () => {
    expect(() => divRoundHalfUp(1, 0)).toThrow('除数不能为零');
  });

  it('applyRatio uses exact rational rates', () => {
    expect(applyRatio(100, 1, 3)).toBe(33);
    expect(applyRatio(200, 1, 3)).toBe(67);
  });

  it.each([
    [6000, 60_000, 1000],
    [1, 3, 3333],
    [2, 3, 6667],
    [5, 0, null],
  ])('ratioBp(%i, %i) = %s', (n, d, expected) => {
    expect(ratioBp(n, d)).toBe(expected);
  });

  it.each([
    [1062, '10.62%'],
    [10_000, '100.00%'],
    [5, '0.05%'],
    [-250, '-2.50%'],
  ])('formatBp(%i) = %s', (bp, text) => {
    expect(formatBp(bp)).toBe(text);
  });
});

describe('allocateFen', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [101, [1, 1], [51, 50]],
    [5, [1, 2], [2, 3]],
    [10, [0, 1], [0, 10]],
    [0, [3, 7], [0, 0]],
    [1, [1, 1, 1], [1, 0, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [1000, [300, 300, 400], [300, 300, 400]],
    [7, [1, 2, 2], [1, 3, 3]],
  ])('%i over %j = %j', (amount, weights, parts) => {
    expect(allocateFen(amount, weights)).toEqual(parts);
  });

  it.each([
    [[], '分配比例不能为空'],
    [[1, -1], '分配比例必须是非负整数'],
    [[1.5, 1], '分配比例必须是非负整数'],
    [[0, 0], '分配比例之和不能为零'],
  ])('rejects weights %j', (weights, message) => {
    expect(() => allocateFen(100, weights)).toThrow(message);
  });

  it('always sums exactly, and each part is the exact share rounded down or up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc
          .array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 })
          .filter((w) => w.some((x) => x > 0)),
        (amount, weights) => {
          const parts = allocateFen(amount, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          const total = BigInt(weights.reduce((a, b) => a + b, 0));
          for (const [i, part] of parts.entries()) {
            const error = BigInt(part) * total - BigInt(amount) * BigInt(weights[i] ?? 0);
            expect(error < total && -error < total).toBe(true);
          }
        },
      ),
    );
  });

  it('is symmetric in sign', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e13 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (amount, weights) => {
          expect(allocateFen(-amount, weights)).toEqual(allocateFen(amount, weights).map((p) => -p || 0));
        },
      ),
    );
  });
});
