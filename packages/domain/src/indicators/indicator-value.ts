import { formatBp, formatFen, ratioBp } from '../money/fen.ts';
import type { IndicatorDefinition } from './indicator-catalog.ts';

/** The raw figures a query returns for one indicator, region and period. */
export type IndicatorFigures = { numerator: number; denominator: number | null };

export type IndicatorValue = {
  numerator: number;
  denominator: number | null;
  /** count: the count; amount: fen; ratio: basis points (4,523 = 45.23 %); null when it cannot be computed. */
  value: number | null;
  /** How it is printed: "1,234", "45.23%", "¥1,234.56", or "—" when missing. */
  display: string;
  /** Why the value is missing (e.g. a ratio with a zero base); never shown as 0. */
  missingReason: string | null;
};

const groupDigits = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Computes and formats an indicator from its figures in integer arithmetic (ratios half-up in basis points). */
export function computeIndicatorValue(
  definition: IndicatorDefinition,
  figures: IndicatorFigures,
): IndicatorValue {
  const { numerator, denominator } = figures;
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new Error(
      `indicator ${definition.code}: numerator must be a non-negative integer, got ${numerator}`,
    );
  }
  if (definition.kind === 'ratio') {
    if (denominator === null || denominator === 0) {
      return {
        numerator,
        denominator,
        value: null,
        display: '—',
        missingReason: `${definition.denominator ?? '分母'}为 0，无法计算`,
      };
    }
    const bp = ratioBp(numerator, denominator);
    return {
      numerator,
      denominator,
      value: bp,
      display: formatBp(bp ?? 0),
      missingReason: null,
    };
  }
  if (definition.kind === 'amount') {
    return {
      numerator,
      denominator: null,
      value: numerator,
      display: `${formatFen(numerator)}元`,
      missingReason: null,
    };
  }
  return {
    numerator,
    denominator: null,
    value: numerator,
    display: groupDigits(numerator),
    missingReason: null,
  };
}
