import { type RawBuilder, sql } from 'kysely';

/**
 * Small SQL pieces the list repositories share. They run on PGlite and PostgreSQL 15 alike.
 */

/** `%text%` for a LIKE that matches the text anywhere, with `\`, `%` and `_` of the text escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The name of the region whose 12-digit code is in `column` (e.g. `p.village_code`), or the code itself. */
export function regionNameOf(column: string): RawBuilder<string> {
  const code = sql.ref(column);
  return sql<string>`coalesce((SELECT r.name FROM region r WHERE r.code = ${code}), ${code})`;
}

/**
 * The name of the township (乡镇: the first 9 digits) of the region code in `column`, '' when there is none.
 * With `shouldSkipCountyLevel`, a code of a county or above (digits 7–9 are 000) has no township either.
 * The looked-up code is cast to char(12) so the region primary key is used (a text comparison scans the
 * region table per row).
 */
export function townshipNameOf(
  column: string,
  options: { shouldSkipCountyLevel?: boolean } = {},
): RawBuilder<string> {
  const code = sql.ref(column);
  const belowCounty = options.shouldSkipCountyLevel ? sql` AND substr(${code}, 7, 3) <> '000'` : sql``;
  return sql<string>`coalesce((SELECT r.name FROM region r
  WHERE r.code = rpad(substr(${code}, 1, 9), 12, '0')::char(12)${belowCounty}), '')`;
}
