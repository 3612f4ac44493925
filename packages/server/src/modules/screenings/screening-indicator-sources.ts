import {
  SCREENING_INDICATOR_CODES,
  SCREENING_PROGRAMMES,
  type ScreeningProgramme,
  yearOf,
} from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type {
  GroupFigures,
  IndicatorSource,
  MemberRow,
  SourceQuery,
} from '../indicators/indicator-source.types.ts';

/**
 * 两筛两癌 completion rates for the indicator catalogue (merged into INDICATOR_SOURCES) and the module's own
 * completion table, from one set of queries so both always agree.
 *
 * - Numerator: counted screening records (the first valid one of a subject in a programme and year) with a
 *   screening date in [from, to], grouped by the first `groupLength` digits of the person's village.
 * - Denominator: the yearly targets of the townships in the region, summed over the years [from, to]
 *   touches, grouped by the township code. Targets are set per township, so figures roll up from township
 *   to county, city and province; below a township the denominator is not defined.
 */

function likePrefix(q: SourceQuery) {
  return `${q.prefix}%`;
}

/** Screened persons (counted records) per group and programme. */
export async function screenedByGroup(db: Kysely<DB>, q: SourceQuery, programme?: ScreeningProgramme) {
  const { rows } = await sql<{ group_key: string; programme: string; n: number }>`
    SELECT substr(s.village_code, 1, ${q.groupLength}) AS group_key, s.programme, count(*)::int AS n
    FROM screening_record s
    WHERE ${q.countyCode ? sql`s.county_code = ${q.countyCode} AND ` : sql``}s.village_code LIKE ${likePrefix(q)}
      AND s.is_counted AND s.screened_on BETWEEN ${q.from} AND ${q.to}
      ${programme ? sql`AND s.programme = ${programme}` : sql``}
    GROUP BY 1, 2`.execute(db);
  return rows;
}

/** Targets per group and programme for the years of the period. */
export async function targetsByGroup(db: Kysely<DB>, q: SourceQuery, programme?: ScreeningProgramme) {
  const { rows } = await sql<{ group_key: string; programme: string; n: number }>`
    SELECT substr(t.township_code, 1, ${q.groupLength}) AS group_key, t.programme, sum(t.target_count)::int AS n
    FROM screening_target t
    WHERE ${q.countyCode ? sql`t.county_code = ${q.countyCode} AND ` : sql``}t.township_code LIKE ${likePrefix(q)}
      AND t.year BETWEEN ${yearOf(q.from)} AND ${yearOf(q.to)}
      ${programme ? sql`AND t.programme = ${programme}` : sql``}
    GROUP BY 1, 2`.execute(db);
  return rows;
}

function completionSource(programme: ScreeningProgramme): IndicatorSource {
  return {
    async figures(db, q): Promise<GroupFigures[]> {
      const [screened, targets] = await Promise.all([
        screenedByGroup(db, q, programme),
        targetsByGroup(db, q, programme),
      ]);
      const groups = new Map<string, GroupFigures>();
      const group = (key: string) => {
        const g = groups.get(key) ?? { groupKey: key, numerator: 0, denominator: 0 };
        groups.set(key, g);
        return g;
      };
      for (const r of screened) {
        group(r.group_key).numerator += r.n;
      }
      for (const r of targets) {
        const g = group(r.group_key);
        g.denominator = (g.denominator ?? 0) + r.n;
      }
      return [...groups.values()].sort((a, b) => a.groupKey.localeCompare(b.groupKey));
    },
    async members(db, q, part, page) {
      if (part === 'denominator') {
        throw new AppError(
          'VALIDATION_FAILED',
          '分母是下达给各乡镇的任务数（新生儿项目为活产数），不是人员名单；请在“筛查完成情况”中查看各乡镇的任务数',
        );
      }
      const where = sql`${q.countyCode ? sql`s.county_code = ${q.countyCode} AND ` : sql``}s.village_code LIKE ${likePrefix(q)}
        AND s.is_counted AND s.programme = ${programme} AND s.screened_on BETWEEN ${q.from} AND ${q.to}`;
      const total = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM screening_record s WHERE ${where}`.execute(db);
      const { rows } = await sql<{
        id: number;
        county_code: string;
        name: string;
        id_number: string | null;
        mother_id_number: string | null;
        village_code: string;
      }>`
        SELECT s.id, s.county_code, s.name, s.id_number, s.mother_id_number, s.village_code
        FROM screening_record s WHERE ${where}
        ORDER BY s.village_code, s.screened_on, s.id
        LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
      return {
        total: total.rows[0]?.n ?? 0,
        items: rows.map(
          (r): MemberRow => ({
            entityType: 'person',
            id: r.id,
            countyCode: r.county_code,
            name: r.name,
            // A newborn without an ID number of its own is listed with the mother's (the service masks both).
            idNumber: r.id_number ?? r.mother_id_number,
            householdNo: null,
            villageCode: r.village_code,
          }),
        ),
      };
    },
  };
}

export const SCREENING_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map(
  SCREENING_PROGRAMMES.map((p) => [SCREENING_INDICATOR_CODES[p], completionSource(p)] as const),
);
