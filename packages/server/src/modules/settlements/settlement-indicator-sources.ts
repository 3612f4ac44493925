import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  GroupFigures,
  IndicatorSource,
  MemberRow,
  SourceQuery,
} from '../indicators/indicator-source.types.ts';

/**
 * Indicator sources of the one-stop settlement, merged into INDICATOR_SOURCES. Period semantics: settlements
 * (status settled) discharged between q.from and q.to, grouped by the first `groupLength` digits of the
 * person's village code. Amounts are fen; ratios are numerator/denominator in fen.
 */

const FROM = sql`settlement s JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id`;

function whereSql(q: SourceQuery, extra: RawBuilder<unknown> | null): RawBuilder<unknown> {
  const like = `${q.prefix}%`;
  const scope = q.countyCode
    ? sql`s.county_code = ${q.countyCode} AND p.village_code LIKE ${like}`
    : sql`p.village_code LIKE ${like}`;
  const base = sql`${scope} AND s.status = 'settled' AND s.discharge_date BETWEEN ${q.from} AND ${q.to}`;
  return extra ? sql`${base} AND ${extra}` : base;
}

type Measure = { value: RawBuilder<unknown>; where: RawBuilder<unknown> | null };

async function sums(db: Kysely<DB>, q: SourceQuery, m: Measure): Promise<Map<string, number>> {
  const { rows } = await sql<{ group_key: string; n: number }>`
    SELECT substr(p.village_code, 1, ${q.groupLength}) AS group_key, (${m.value})::bigint AS n
    FROM ${FROM} WHERE ${whereSql(q, m.where)} GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.group_key, Number(r.n)]));
}

async function members(
  db: Kysely<DB>,
  q: SourceQuery,
  m: Measure,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: MemberRow[] }> {
  const persons = sql`SELECT DISTINCT s.county_code, s.person_id AS id FROM ${FROM} WHERE ${whereSql(q, m.where)}`;
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

function source(numerator: Measure, denominator: Measure | null): IndicatorSource {
  return {
    async figures(db, q): Promise<GroupFigures[]> {
      const [num, den] = await Promise.all([
        sums(db, q, numerator),
        denominator ? sums(db, q, denominator) : Promise.resolve(null),
      ]);
      const keys = new Set([...num.keys(), ...(den?.keys() ?? [])]);
      return [...keys].sort().map((groupKey) => ({
        groupKey,
        numerator: num.get(groupKey) ?? 0,
        denominator: den ? (den.get(groupKey) ?? 0) : null,
      }));
    },
    members: (db, q, part, page) =>
      members(db, q, part === 'denominator' && denominator ? denominator : numerator, page),
  };
}

const FUND_PAID = sql`s.basic_fen + s.critical_fen + s.assistance_fen + s.other_fen`;
const INPATIENT = sql`s.visit_type = 'inpatient'`;

export const SETTLEMENT_INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map<
  string,
  IndicatorSource
>([
  ['one_stop_settlements', source({ value: sql`count(*)`, where: null }, null)],
  ['one_stop_settlement_amount', source({ value: sql`sum(${FUND_PAID})`, where: null }, null)],
  [
    'treat_first_pay_later',
    source({ value: sql`count(*)`, where: sql`s.is_treat_first_pay_later AND ${INPATIENT}` }, null),
  ],
  [
    'deposit_waived_amount',
    source({ value: sql`sum(s.deposit_waived_fen)`, where: sql`s.is_treat_first_pay_later` }, null),
  ],
  [
    'in_scope_reimbursement_ratio',
    source(
      { value: sql`sum(s.in_scope_fen - s.in_scope_self_pay_fen)`, where: null },
      { value: sql`sum(s.in_scope_fen)`, where: null },
    ),
  ],
  [
    'compliant_self_pay_ratio',
    source(
      { value: sql`sum(s.in_scope_self_pay_fen)`, where: INPATIENT },
      { value: sql`sum(s.in_scope_fen)`, where: INPATIENT },
    ),
  ],
]);
