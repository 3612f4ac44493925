/**
 * Catalogue ICD patterns.
 *
 * Grammar (whitespace is not allowed inside a pattern):
 *
 *   pattern     = category | subcategory | range
 *   category    = LETTER DIGIT DIGIT                 e.g. `C15`   matches every code in category C15
 *   subcategory = category "." DIGIT{1,3}            e.g. `Q21.0` matches codes whose detail starts with "0"
 *                                                         (`Q21.0`, `Q21.000`, `Q21.001x002`), not `Q21` nor `Q21.x00`
 *   range       = category "-" category              e.g. `C18-C20` matches categories C18, C19 and C20 (inclusive);
 *                                                         the start must not sort after the end; letters may differ
 *                                                         (`C00-D09`), comparison is on the 3-character category.
 *
 * Ranges of subcategories (`I60.0-I60.9`) are not supported: list the subcategories instead.
 * Morphology codes (`M9500/3`) are not diagnosis codes and cannot be used.
 */
import { type IcdCode, icdCategoryOf, icdDetailOf } from './icd-code.ts';

export type IcdPattern =
  | { kind: 'category'; category: string }
  | { kind: 'subcategory'; category: string; detailPrefix: string }
  | { kind: 'range'; from: string; to: string };

const CATEGORY = /^[A-Z]\d{2}$/;
const SUBCATEGORY = /^([A-Z]\d{2})\.(\d{1,3})$/;
const RANGE = /^([A-Z]\d{2})-([A-Z]\d{2})$/;

/** Parse a catalogue pattern; null when it does not follow the grammar above. */
export function parseIcdPattern(text: string): IcdPattern | null {
  if (CATEGORY.test(text)) {
    return { kind: 'category', category: text };
  }
  const sub = SUBCATEGORY.exec(text);
  if (sub) {
    return { kind: 'subcategory', category: sub[1] ?? '', detailPrefix: sub[2] ?? '' };
  }
  const range = RANGE.exec(text);
  if (range) {
    const from = range[1] ?? '';
    const to = range[2] ?? '';
    return from <= to ? { kind: 'range', from, to } : null;
  }
  return null;
}

export function isValidIcdPattern(text: string): boolean {
  return parseIcdPattern(text) !== null;
}

/** True when the normalised code falls under the parsed pattern. */
export function matchesIcdPattern(code: IcdCode, pattern: IcdPattern): boolean {
  const category = icdCategoryOf(code);
  switch (pattern.kind) {
    case 'category':
      return category === pattern.category;
    case 'subcategory':
      return category === pattern.category && icdDetailOf(code).startsWith(pattern.detailPrefix);
    case 'range':
      return category >= pattern.from && category <= pattern.to;
  }
}

/** Parsed catalogue patterns by text (a few hundred distinct strings; parsing is pure, so it is memoised). */
const PARSED_PATTERNS = new Map<string, IcdPattern | null>();

function parsedPattern(text: string): IcdPattern | null {
  let pattern = PARSED_PATTERNS.get(text);
  if (pattern === undefined) {
    pattern = parseIcdPattern(text);
    if (PARSED_PATTERNS.size < 10_000) {
      PARSED_PATTERNS.set(text, pattern);
    }
  }
  return pattern;
}

/** The first pattern text (in list order) the code matches, or null. Invalid patterns never match. */
export function findMatchingPattern(code: IcdCode, patterns: readonly string[]): string | null {
  for (const text of patterns) {
    const pattern = parsedPattern(text);
    if (pattern && matchesIcdPattern(code, pattern)) {
      return text;
    }
  }
  return null;
}
