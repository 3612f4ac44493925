import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { GroupFigures, IndicatorSource, SourceQuery } from '../indicators/indicator-source.types.ts';

/**
 * 标准化村卫生室数 / 率, merged into INDICATOR_SOURCES. Figures are grouped by the first `groupLength` digits
 * of the clinic's village code. A clinic counts as standard on `to` when its last check dated on or before
 * `to` passed (the table keeps the latest check; a clinic checked after `to` counts as not yet checked).
 * Drill-down lists persons or households; institutions are listed on the 医疗机构 page instead.
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

function noMembers(): never {
  throw new AppError(
    'BAD_REQUEST',
    '该指标按医疗机构统计，没有人员明细：请在“医疗机构”页面按级别“村卫生室”和“标准化达标”筛选查看机构名单',
  );
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
      members: async () => noMembers(),
    },
  ],
  ['village_clinic_standardisation_rate', { figures: counts, members: async () => noMembers() }],
]);
