/**
 * Clinical measurements that carry one decimal (fasting glucose 6.9 mmol/L, HbA1c 6.5 %, weight 62.5 kg,
 * BMI 23.4, temperature 39.1 °C) are stored and compared as integer tenths: 6.9 mmol/L → 69.
 * Thresholds such as glucose 7.0 / 16.7 / 3.9 then become exact integer comparisons (70 / 167 / 39),
 * with no binary-float surprises, and the values fit a SMALLINT column.
 * Blood pressure and heart rate are whole numbers and stay plain integers.
 */
export type Tenths = number;

const DECIMAL_PATTERN = /^(\d{1,4})(?:\.(\d))?$/;

/**
 * Parse typed text with at most one decimal into tenths: "6.9" → 69, "7" → 70, " 16.70 " is rejected
 * (two decimals). Returns null when the text is not such a non-negative number.
 */
export function parseTenths(text: string): Tenths | null {
  const match = DECIMAL_PATTERN.exec(text.normalize('NFKC').trim());
  if (!match) {
    return null;
  }
  const [, whole = '', decimal = '0'] = match;
  return Number(whole) * 10 + Number(decimal);
}

/** Format tenths for display: 69 → "6.9", 70 → "7.0". */
export function formatTenths(value: Tenths): string {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`测量值“${value}”必须是以0.1为单位的整数`);
  }
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 10)}.${abs % 10}`;
}
