import { POOR_CATEGORY_CODES } from '@healthaid/domain';
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
 * Indicator sources of the disease module, merged into INDICATOR_SOURCES. Figures are grouped by the
 * first `groupLength` digits of the person's village code, within the region prefix of the query.
 */

function scopeSql(q: SourceQuery): RawBuilder<unknown> {
  const like = `${q.prefix}%`;
  return q.countyCode
    ? sql`p.county_code = ${q.countyCode} AND p.village_code LIKE ${like}`
    : sql`p.village_code LIKE ${like}`;
}

type Part = { from: RawBuilder<unknown>; where: (q: SourceQuery) => RawBuilder<unknown> };

async function groupCounts(db: Kysely<DB>, q: SourceQuery, part: Part, distinctPerson: boolean) {
  const counted = distinctPerson ? sql`count(DISTINCT p.id)` : sql`count(*)`;
  const { rows } = await sql<{ group_key: string; n: number }>`
    SELECT substr(p.village_code, 1, ${q.groupLength}) AS group_key, ${counted}::int AS n
    FROM ${part.from} WHERE ${scopeSql(q)} AND ${part.where(q)}
    GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.group_key, r.n]));
}

function merge(numerators: Map<string, number>, denominators: Map<string, number> | null): GroupFigures[] {
  const keys = new Set([...numerators.keys(), ...(denominators?.keys() ?? [])]);
  return [...keys].sort().map((groupKey) => ({
    groupKey,
    numerator: numerators.get(groupKey) ?? 0,
    denominator: denominators ? (denominators.get(groupKey) ?? 0) : null,
  }));
}

/** Persons behind a part (one row per person), paged. */
async function listMembers(
  db: Kysely<DB>,
  q: SourceQuery,
  part: Part,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const persons = sql`SELECT DISTINCT p.county_code, p.id FROM ${part.from} WHERE ${scopeSql(q)} AND ${part.where(q)}`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${persons}) m`.execute(db);
  const { rows } = await sql<{
    id: number;
    county_code: string;
    name: string;
    id_number: string;
    village_code: string;
    household_no: string | null;
  }>`
    SELECT p.id, p.county_code, p.name, p.id_number, p.village_code, h.household_no
    FROM (${persons}) m
    JOIN person p ON p.county_code = m.county_code AND p.id = m.id
    LEFT JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
    ORDER BY p.village_code, h.household_no, p.id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      entityType: 'person',
      id: r.id,
      countyCode: r.county_code,
      name: r.name,
      idNumber: r.id_number,
      householdNo: r.household_no,
      villageCode: r.village_code,
    })),
  };
}

const DIAGNOSIS_FROM = sql`diagnosis d JOIN person p ON p.county_code = d.county_code AND p.id = d.person_id`;

/** 核准率: diagnoses registered in the period, and those of them decided (已核准 or 核准不患病). */
const REGISTERED: Part = {
  from: DIAGNOSIS_FROM,
  where: (q) => sql`d.registered_on BETWEEN ${q.from} AND ${q.to}`,
};
const DECIDED: Part = {
  from: DIAGNOSIS_FROM,
  where: (q) => sql`${REGISTERED.where(q)} AND d.verification_status IN ('verified', 'rejected')`,
};

/**
 * 大病患者数: poor or monitored persons, alive and present on `to`, with a diagnosis verified by `to`
 * that is classified 大病集中救治.
 */
const MAJOR_PATIENTS: Part = {
  from: DIAGNOSIS_FROM,
  where: (q) => sql`d.verification_status = 'verified' AND d.disease_line = 'major_treatment'
    AND d.status_date <= ${q.to} AND d.diagnosed_on <= ${q.to}
    AND (p.status = 'normal' OR p.status_date > ${q.to})
    AND EXISTS (
      SELECT 1 FROM person_category c
      WHERE c.county_code = p.county_code AND c.person_id = p.id
        AND c.category IN (${sql.join([...POOR_CATEGORY_CODES, 'monitored'].map((c) => sql.lit(c)))})
        AND c.valid_from <= ${q.to} AND (c.valid_to IS NULL OR c.valid_to >= ${q.to}))`,
};

/** A case's status on `to`: its last event dated on or before `to`. */
const CASE_FROM = sql`treatment_case tc JOIN person p ON p.county_code = tc.county_code AND p.id = tc.person_id`;
const statusOn = (q: SourceQuery) => sql`(SELECT e.status FROM treatment_case_event e
  WHERE e.county_code = tc.county_code AND e.case_id = tc.id AND e.event_date <= ${q.to}
  ORDER BY e.event_date DESC, e.id DESC LIMIT 1)`;
/** 救治率 base: cases opened by `to`, except those 死亡 or 迁出 on `to`. */
const CASE_BASE: Part = {
  from: CASE_FROM,
  where: (q) => sql`tc.opened_on <= ${q.to} AND ${statusOn(q)} NOT IN ('dead', 'moved_out')`,
};
const CASE_TREATED: Part = {
  from: CASE_FROM,
  where: (q) => sql`tc.opened_on <= ${q.to} AND ${statusOn(q)} IN ('treating', 'treated')`,
};

function ratio(numerator: Part, denominator: Part): IndicatorSource {
  return {
    figures: async (db, q) =>
      merge(await groupCounts(db, q, numerator, false), await groupCounts(db, q, denominator, false)),
    members: (db, q, part: MemberPart, page) =>
      listMembers(db, q, part === 'numerator' ? numerator : denominator, page),
  };
}

export const DISEASE_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map<
  string,
  IndicatorSource
>([
  ['diagnosis_verification_rate', ratio(DECIDED, REGISTERED)],
  [
    'major_disease_patients',
    {
      figures: async (db, q) => merge(await groupCounts(db, q, MAJOR_PATIENTS, true), null),
      members: (db, q, _part, page) => listMembers(db, q, MAJOR_PATIENTS, page),
    },
  ],
  ['major_disease_treatment_rate', ratio(CASE_TREATED, CASE_BASE)],
]);
