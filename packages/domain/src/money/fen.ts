/**
 * Money is always an integer number of fen (分). 1 元 = 100 fen.
 * JavaScript numbers represent every integer up to 2^53 exactly (≈ 90 trillion 元),
 * so a safe integer is enough; every entry point checks it.
 */
export type Fen = number;

/** Basis points: 10000 bp = 100 %. */
export type Bp = number;

export const BP_PER_UNIT = 10_000;

export class MoneyError extends Error {
  constructor(
    message: string,
    readonly code: 'MONEY_INVALID' | 'MONEY_PRECISION' | 'MONEY_RANGE',
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function assertFen(value: number, what = '金额'): Fen {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what}必须是以分为单位的整数`, 'MONEY_INVALID');
  }
  return value;
}

const AMOUNT_PATTERN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/;

/**
 * Parse a yuan amount typed by a person or found in a spreadsheet into fen.
 * Accepts "1234.56", "1,234.56", "¥1,234.56", "-¥1,234.56", "￥1234", "1234.5元" and surrounding spaces.
 * Rejects more than 2 decimals, misplaced thousands separators, exponents and anything else.
 */
export function parseYuanToFen(input: string): Fen {
  // Drop a currency sign, also after a minus sign as formatFen writes it ("-¥1,234.56").
  let text = input
    .normalize('NFKC')
    .trim()
    .replace(/^(-?)[¥￥]\s*/, '$1');
  if (text.endsWith('元')) {
    text = text.slice(0, -1).trim();
  }
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) {
    throw new MoneyError(`“${input}”不是有效的金额`, 'MONEY_INVALID');
  }
  const [, sign, intPart = '', decimals = ''] = match;
  if (decimals.length > 2) {
    throw new MoneyError(`“${input}”的小数超过两位（金额精确到分）`, 'MONEY_PRECISION');
  }
  if (text.endsWith('.')) {
    throw new MoneyError(`“${input}”不是有效的金额`, 'MONEY_INVALID');
  }
  const digits = intPart.replaceAll(',', '') + decimals.padEnd(2, '0');
  const fen = Number(digits);
  if (!Number.isSafeInteger(fen)) {
    throw new MoneyError(`“${input}”超出金额范围`, 'MONEY_RANGE');
  }
  // Never return -0 ("-0.00").
  return sign && fen !== 0 ? -fen : fen;
}

/** Format fen as yuan with two decimals and thousands separators: 123456 → "1,234.56". */
export function formatFen(fen: Fen, options: { grouping?: boolean; symbol?: boolean } = {}): string {
  assertFen(fen);
  const { grouping = true, symbol = false } = options;
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const yuanText = grouping ? yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan.toString();
  return `${negative ? '-' : ''}${symbol ? '¥' : ''}${yuanText}.${cents.toString().padStart(2, '0')}`;
}

/** Plain yuan text without grouping, for spreadsheets and JSON exports: 123456 → "1234.56". */
export function fenToYuanText(fen: Fen): string {
  return formatFen(fen, { grouping: false });
}

/**
 * Divide two integers rounding half away from zero, exactly (BigInt for large products).
 */
export function divRoundHalfUp(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) {
    throw new MoneyError('除数不能为零', 'MONEY_INVALID');
  }
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) {
    throw new MoneyError('计算结果超出金额范围', 'MONEY_RANGE');
  }
  return result;
}

/** amount × rate (basis points), rounded half-up to the fen. (56,000.00 − 300.00) × 8500 bp = 47,345.00. */
export function applyRateBp(amountFen: Fen, rateBp: Bp): Fen {
  assertFen(amountFen);
  if (!Number.isSafeInteger(rateBp)) {
    throw new MoneyError('比例必须是整数基点（1% = 100 基点）', 'MONEY_INVALID');
  }
  return divRoundHalfUp(BigInt(amountFen) * BigInt(rateBp), BP_PER_UNIT);
}

/** amount × numerator / denominator with half-up rounding (exact rational rates). */
export function applyRatio(amountFen: Fen, numerator: number, denominator: number): Fen {
  assertFen(amountFen);
  return divRoundHalfUp(BigInt(amountFen) * BigInt(numerator), denominator);
}

/**
 * Split an amount over integer weights so that the parts always sum to the amount exactly.
 * Each part gets floor(amount × w / Σw); leftover fen go one by one to the largest remainders,
 * ties to the earlier share (deterministic). Negative amounts are split symmetrically.
 */
export function allocateFen(amountFen: Fen, weights: readonly number[]): Fen[] {
  assertFen(amountFen);
  if (weights.length === 0) {
    throw new MoneyError('分配比例不能为空', 'MONEY_INVALID');
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new MoneyError('分配比例必须是非负整数', 'MONEY_INVALID');
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) {
    throw new MoneyError('分配比例之和不能为零', 'MONEY_INVALID');
  }
  const sign = amountFen < 0 ? -1 : 1;
  const abs = BigInt(Math.abs(amountFen));
  const bigTotal = BigInt(total);
  const parts = weights.map((w) => (abs * BigInt(w)) / bigTotal);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % bigTotal }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) {
      break;
    }
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  // Negate as BigInt so zero parts of a negative amount stay 0, not -0.
  return parts.map((p) => Number(sign < 0 ? -p : p));
}

/** Percentage text from basis points: 1062 → "10.62%". */
export function formatBp(bp: Bp): string {
  const negative = bp < 0;
  const abs = Math.abs(bp);
  return `${negative ? '-' : ''}${Math.trunc(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}%`;
}

/** Ratio of two integers in basis points, half-up: ratioBp(6000, 60000) = 1000. Returns null for 0 denominators. */
export function ratioBp(numerator: number, denominator: number): Bp | null {
  if (denominator === 0) {
    return null;
  }
  return divRoundHalfUp(BigInt(numerator) * BigInt(BP_PER_UNIT), denominator);
}
