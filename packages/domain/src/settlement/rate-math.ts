import { applyRateBp, BP_PER_UNIT, type Bp, type Fen } from '../money/fen.ts';

/**
 * Hot-path twin of applyRateBp (money/fen.ts) with the same half-up result.
 * applyRateBp goes through BigInt, which costs more than the rest of a settlement. For amounts up to
 * FAST_RATE_LIMIT_FEN (≈ 90 亿元) and rates 0–100 %, amount × rate + rounding stays below 2^53, so plain
 * numbers are exact; anything else falls back to applyRateBp. rate-math.test.ts checks both agree.
 */
export const FAST_RATE_LIMIT_FEN: Fen = Math.floor((Number.MAX_SAFE_INTEGER - BP_PER_UNIT) / BP_PER_UNIT);

const HALF_BP = BP_PER_UNIT / 2;
/** 1 / BP_PER_UNIT as a double (not exact; roundBpProduct corrects the quotient with the exact remainder). */
const BP_RECIPROCAL = 1 / BP_PER_UNIT;

/** amount × rate (basis points), rounded half-up to the fen. */
export function multiplyRateBp(amountFen: Fen, rateBp: Bp): Fen {
  if (amountFen >= 0 && amountFen <= FAST_RATE_LIMIT_FEN && rateBp >= 0 && rateBp <= BP_PER_UNIT) {
    return roundBpProduct(amountFen * rateBp);
  }
  return applyRateBp(amountFen, rateBp);
}

/**
 * Round a non-negative integer product "fen × bp" (≤ Number.MAX_SAFE_INTEGER − 10000) to fen, half-up.
 * Integer division done exactly: the float quotient is corrected by the integer remainder.
 * The quotient is estimated with a multiplication (a division costs several times more): product × fl(1/10000)
 * is off from the true quotient by less than 2^-51 relative, i.e. by less than 0.001 below 2^53, so its floor
 * is at most one away; the remainder product − quotient × 10000 is computed exactly (integers below 2^53)
 * and one correction step lands it in [0, 10000).
 */
export function roundBpProduct(product: number): Fen {
  let quotient = Math.floor(product * BP_RECIPROCAL);
  let remainder = product - quotient * BP_PER_UNIT;
  if (remainder < 0) {
    quotient -= 1;
    remainder += BP_PER_UNIT;
  } else if (remainder >= BP_PER_UNIT) {
    quotient += 1;
    remainder -= BP_PER_UNIT;
  }
  return remainder >= HALF_BP ? quotient + 1 : quotient;
}
