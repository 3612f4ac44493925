import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  GroupFigures,
  IndicatorSource,
  MemberPart,
  MemberRow,
  SourceQuery,
} from '../indicators/indicator-source.types.ts';

/**
 * 标准化村卫生室数 / 率, merged into INDICATOR_SOURCES. Figures are grouped by the first `groupLength` digits
 * of the clinic's village code. A clinic counts as standard on `to` when its last check dated on or before
 * `to` passed (the table keeps the latest check; a clinic checked after `to` counts as not yet checked).
 * Drill-down lists the clinics themselves (entity type 'institution'): the standard ones for the numerator, every
 * active clinic for the denominator.
 */

const CLINICS = (q: SourceQuery): RawBuilder<unknown> => sql`medical_institution i
  WHERE i.level = 'village_clinic' AND i.active AND i.region_code LIKE ${`${q.prefix}%`}
  ${q.countyCode ? sql`AND i.county_code = ${q.countyCode}` : sql``}`;

async function counts(db: Kysely<DB>, q: SourceQuery): Promise<GroupFigures[]> {
  const { rows } = await sql<{ group_key: string; standard: number; total: number }>`
    SELECT substr(i.region_code, 1, ${q.groupLength}) AS group_key,
      sum(CASE WHEN i.is_standard AND i.checked_on <= ${q.to} THEN 1 ELSE 0 END)::int AS standard,
      count(*)::int AS total
    FROM ${CLINICS(q)}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.map((r) => ({ groupKey: r.group_key, numerator: r.standard, denominator: r.total }));
}

async function members(
  db: Kysely<DB>,
  q: SourceQuery,
  part: MemberPart,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const standardOnly = part === 'numerator' ? sql`AND i.is_standard AND i.checked_on <= ${q.to}` : sql``;
  const total = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${CLINICS(q)} ${standardOnly}`.execute(db);
  const { rows } = await sql<{ code: string; name: string; county_code: string; region_code: string }>`
    SELECT i.code, i.name, i.county_code, i.region_code FROM ${CLINICS(q)} ${standardOnly}
    ORDER BY i.region_code, i.code
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((r, i) => ({
      entityType: 'institution',
      id: page.offset + i + 1,
      countyCode: r.county_code,
      name: `${r.name}（${r.code}）`,
      idNumber: null,
      householdNo: null,
      villageCode: r.region_code,
    })),
  };
}

export const INSTITUTION_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map<
  string,
  IndicatorSource
>([
  [
    'standardised_village_clinics',
    {
      figures: async (db, q) =>
        (await counts(db, q)).map((f) => ({
          groupKey: f.groupKey,
          numerator: f.numerator,
          denominator: null,
        })),
      members,
    },
  ],
  ['village_clinic_standardisation_rate', { figures: counts, members }],
]);
