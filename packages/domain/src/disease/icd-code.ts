/**
 * ICD-10 code normalisation.
 *
 * Canonical form follows the national clinical version 2.0 (国家临床版2.0) shape:
 * - category:            `I10`
 * - subcategory:         `E11.9`, `C16.900` (1–3 characters after the dot)
 * - placeholder `x`:     `I10.x00` (a category without subdivision, lower-case `x`)
 * - extension:           `I10.x00x002` (`x` + 3 digits, only after a 3-character detail)
 *
 * Input is forgiving: surrounding spaces, lower-case letters, full-width characters,
 * a missing dot (`C16900`) or the Chinese full stop (`C16。900`) are accepted.
 */

/** A normalised ICD-10 code, e.g. `C16.900`. */
export type IcdCode = string;

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
const CODE_SHAPE = /^([A-Z])(\d{2})\.?(?:([0-9X]\d{0,2})(X\d{3})?)?$/;

/** Convert full-width ASCII (`Ｉ１０．９`) and the ideographic full stop to plain ASCII. */
export function toHalfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH_ASCII, (char) => String.fromCharCode(char.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/。/g, '.');
}

/**
 * Canonical ICD-10 code, or null when `raw` is not shaped like one.
 * 'i10' → 'I10'; 'E11.9' → 'E11.9'; '  c16.900 ' → 'C16.900'; 'I10X00' → 'I10.x00'.
 */
export function normalizeIcdCode(raw: string | null | undefined): IcdCode | null {
  if (typeof raw !== 'string') {
    return null;
  }
  const match = CODE_SHAPE.exec(toHalfWidth(raw).trim().toUpperCase());
  if (!match) {
    return null;
  }
  const [, letter, digits, detail, extension] = match;
  if (extension !== undefined && detail?.length !== 3) {
    return null;
  }
  const detailText = detail === undefined ? '' : `.${detail.toLowerCase()}`;
  return `${letter}${digits}${detailText}${extension?.toLowerCase() ?? ''}`;
}

/** True when the diagnosis carries a usable ICD-10 code (free-text diagnoses are not coded). */
export function isCodedDiagnosis(icdCode: string | null | undefined): boolean {
  return normalizeIcdCode(icdCode) !== null;
}

/** The 3-character category of a normalised code: 'C16.900' → 'C16'. */
export function icdCategoryOf(code: IcdCode): string {
  return code.slice(0, 3);
}

/** The characters after the dot of a normalised code ('' for a bare category): 'C16.900' → '900'. */
export function icdDetailOf(code: IcdCode): string {
  const dot = code.indexOf('.');
  return dot === -1 ? '' : code.slice(dot + 1);
}

/** Lower-case code without the dot, used for prefix search: 'I10.x00' → 'i10x00'. */
export function compactIcdCode(code: string): string {
  return toHalfWidth(code).toLowerCase().replace(/[.\s]/g, '');
}
