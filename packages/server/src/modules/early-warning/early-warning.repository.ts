import type {
  IsoDate,
  TExpenseFact,
  TIncomeFact,
  TMonitoredFact,
  TWaitingCaseFact,
  TWarningCandidate,
} from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type DataScope, villagePattern } from '../auth/data-scope.ts';
import { containsPattern, regionNameOf, townshipNameOf } from '../shared/sql-fragments.ts';
import type { TWarningFilter } from './early-warning.schema.ts';

/**
 * Queries of the early-warning module. The fact queries read the registry, the one-stop settlements and the
 * treatment ledger (owned by other modules) read-only, for one county and a village-code prefix. Warnings and
 * measures are scoped by their `village_code` (the subject's village when the warning was raised).
 */

type Db = Kysely<DB> | Transaction<DB>;

/** Where the facts of one evaluation step come from. */
export type FactScope = { countyCode: string; prefix: string; asOf: IsoDate };

const alive = (asOf: IsoDate) => sql`(p.status = 'normal' OR p.status_date > ${asOf})`;

/** Year-to-date out-of-pocket (self-pay after every layer) of each living person, settled claims only. */
export async function readExpenseFacts(db: Db, f: FactScope): Promise<TExpenseFact[]> {
  const { rows } = await sql<{
    person_id: number;
    household_id: number | null;
    village_code: string;
    oop: number;
  }>`
    SELECT p.id AS person_id, p.household_id, p.village_code, sum(s.self_pay_fen)::bigint AS oop
    FROM settlement s JOIN person p ON p.county_code = s.county_code AND p.id = s.person_id
    WHERE s.county_code = ${f.countyCode} AND p.village_code LIKE ${`${f.prefix}%`}
      AND s.status = 'settled' AND s.discharge_date BETWEEN ${`${f.asOf.slice(0, 4)}-01-01`} AND ${f.asOf}
      AND ${alive(f.asOf)}
    GROUP BY p.id, p.household_id, p.village_code
    HAVING sum(s.self_pay_fen) > 0`.execute(db);
  return rows.map((r) => ({
    personId: r.person_id,
    householdId: r.household_id,
    villageCode: r.village_code,
    outOfPocketFen: Number(r.oop),
  }));
}

/**
 * Households of the scope with a living member (alive) and the start of their current monitoring episode (the
 * earliest 监测对象 category of a member valid on the date), as set-based CTEs: one pass over persons and
 * categories instead of a subquery per household.
 */
function householdCtes(f: FactScope) {
  return sql`
    alive AS (
      SELECT DISTINCT p.household_id FROM person p
      WHERE p.county_code = ${f.countyCode} AND p.village_code LIKE ${`${f.prefix}%`}
        AND p.household_id IS NOT NULL AND ${alive(f.asOf)}),
    monitoring AS (
      SELECT p.household_id, min(c.valid_from) AS identified_on
      FROM person_category c JOIN person p ON p.county_code = c.county_code AND p.id = c.person_id
      WHERE c.county_code = ${f.countyCode} AND p.village_code LIKE ${`${f.prefix}%`} AND c.category = 'monitored'
        AND c.valid_from <= ${f.asOf} AND (c.valid_to IS NULL OR c.valid_to >= ${f.asOf})
        AND p.household_id IS NOT NULL
      GROUP BY p.household_id)`;
}

/** Per-capita income of each household with a living member, for one year. */
export async function readIncomeFacts(db: Db, f: FactScope, year: number): Promise<TIncomeFact[]> {
  const { rows } = await sql<{
    household_id: number;
    village_code: string;
    income: number;
    at_risk: boolean;
  }>`
    WITH ${householdCtes(f)}
    SELECT h.id AS household_id, h.village_code, hi.per_capita_net_income_fen AS income,
      (m.identified_on IS NOT NULL AND coalesce(h.risk_status, 'not_eliminated') = 'not_eliminated') AS at_risk
    FROM household h
    JOIN household_income hi ON hi.county_code = h.county_code AND hi.household_id = h.id AND hi.year = ${year}
    JOIN alive a ON a.household_id = h.id
    LEFT JOIN monitoring m ON m.household_id = h.id
    WHERE h.county_code = ${f.countyCode} AND h.village_code LIKE ${`${f.prefix}%`}`.execute(db);
  return rows.map((r) => ({
    householdId: r.household_id,
    villageCode: r.village_code,
    year,
    perCapitaIncomeFen: Number(r.income),
    isMonitoredAtRisk: r.at_risk,
  }));
}

/**
 * Households monitored with 风险未消除 on the date, the start of their monitoring episode, and their latest
 * assistance since then: a recorded measure (ew_measure) or a settlement with medical assistance (医疗救助).
 */
export async function readMonitoredFacts(db: Db, f: FactScope): Promise<TMonitoredFact[]> {
  const { rows } = await sql<{
    household_id: number;
    village_code: string;
    identified_on: string;
    last_measure_on: string | null;
  }>`
    WITH ${householdCtes(f)},
    measured AS (
      SELECT em.household_id, max(em.measure_date) AS last_on
      FROM ew_measure em JOIN monitoring m ON m.household_id = em.household_id
      WHERE em.county_code = ${f.countyCode} AND em.measure_date BETWEEN m.identified_on AND ${f.asOf}
      GROUP BY em.household_id),
    assisted AS (
      SELECT sp.household_id, max(s.discharge_date) AS last_on
      FROM settlement s
      JOIN person sp ON sp.county_code = s.county_code AND sp.id = s.person_id
      JOIN monitoring m ON m.household_id = sp.household_id
      WHERE s.county_code = ${f.countyCode} AND s.status = 'settled' AND s.assistance_fen > 0
        AND s.discharge_date BETWEEN m.identified_on AND ${f.asOf}
      GROUP BY sp.household_id)
    SELECT h.id AS household_id, h.village_code, m.identified_on::text AS identified_on,
      greatest(me.last_on, a.last_on)::text AS last_measure_on
    FROM household h
    JOIN monitoring m ON m.household_id = h.id
    JOIN alive al ON al.household_id = h.id
    LEFT JOIN measured me ON me.household_id = h.id
    LEFT JOIN assisted a ON a.household_id = h.id
    WHERE h.county_code = ${f.countyCode} AND h.village_code LIKE ${`${f.prefix}%`}
      AND coalesce(h.risk_status, 'not_eliminated') = 'not_eliminated'`.execute(db);
  return rows.map((r) => ({
    householdId: r.household_id,
    villageCode: r.village_code,
    identifiedOn: r.identified_on,
    lastMeasureOn: r.last_measure_on,
  }));
}

/** Major-disease cases of living persons currently 待救治 since on or before the date. */
export async function readWaitingCaseFacts(db: Db, f: FactScope): Promise<TWaitingCaseFact[]> {
  const { rows } = await sql<{
    case_id: number;
    person_id: number;
    household_id: number | null;
    village_code: string;
    item_name: string;
    waiting_since: string;
  }>`
    SELECT tc.id AS case_id, tc.person_id, p.household_id, p.village_code,
      coalesce(tc.item_name, tc.person_disease_key) AS item_name, tc.status_date AS waiting_since
    FROM treatment_case tc JOIN person p ON p.county_code = tc.county_code AND p.id = tc.person_id
    WHERE tc.county_code = ${f.countyCode} AND p.village_code LIKE ${`${f.prefix}%`}
      AND tc.status = 'waiting' AND tc.status_date <= ${f.asOf} AND ${alive(f.asOf)}`.execute(db);
  return rows.map((r) => ({
    caseId: r.case_id,
    personId: r.person_id,
    householdId: r.household_id,
    villageCode: r.village_code,
    itemName: r.item_name,
    waitingSince: r.waiting_since,
  }));
}

/**
 * Inserts new warnings and refreshes the figures of open ones with the same key (one warning per county and
 * dedupe key). Returns the ids of the warnings inserted by this call and the number refreshed.
 */
export async function upsertWarnings(
  trx: Transaction<DB>,
  countyCode: string,
  candidates: readonly TWarningCandidate[],
  context: { asOf: IsoDate; runId: number | null },
): Promise<{ inserted: number[]; refreshed: number }> {
  const inserted: number[] = [];
  let refreshed = 0;
  for (let i = 0; i < candidates.length; i += 400) {
    const part = candidates.slice(i, i + 400);
    const { rows } = await sql<{ id: number; is_new: boolean }>`
      INSERT INTO ew_warning (county_code, rule_code, dedupe_key, subject_type, person_id, household_id,
        village_code, period_key, raised_on, last_seen_on, rule_set_id, run_id, facts, message, status, status_date)
      VALUES ${sql.join(
        part.map(
          (c) => sql`(${countyCode}, ${c.ruleCode}, ${c.dedupeKey}, ${c.subjectType}, ${c.personId},
            ${c.householdId}, ${c.villageCode}, ${c.periodKey}, ${context.asOf}, ${context.asOf}, ${c.ruleSetId},
            ${context.runId}, ${JSON.stringify(c.facts)}::jsonb, ${c.message}, 'pending', ${context.asOf})`,
        ),
      )}
      ON CONFLICT (county_code, dedupe_key) DO UPDATE SET
        last_seen_on = greatest(ew_warning.last_seen_on, excluded.last_seen_on),
        facts = excluded.facts, message = excluded.message, updated_at = now()
      WHERE ew_warning.status IN ('pending', 'handling')
      RETURNING id, (xmax = 0) AS is_new`.execute(trx);
    for (const row of rows) {
      if (row.is_new) {
        inserted.push(row.id);
      } else {
        refreshed += 1;
      }
    }
  }
  return { inserted, refreshed };
}

// ------------------------------------------------------------------ warnings

function warningsInScope(db: Db, scope: DataScope) {
  let query = db.selectFrom('ew_warning as w').where('w.village_code', 'like', villagePattern(scope));
  if (scope.countyCode) {
    query = query.where('w.county_code', '=', scope.countyCode);
  }
  return query;
}

function filtered(db: Db, scope: DataScope, filter: TWarningFilter & { personHouseholdId?: number | null }) {
  let query = warningsInScope(db, scope);
  if (filter.rule) {
    query = query.where('w.rule_code', '=', filter.rule);
  }
  if (filter.status) {
    query = query.where('w.status', '=', filter.status);
  }
  if (filter.open !== undefined) {
    query = query.where('w.status', filter.open ? 'in' : 'not in', ['pending', 'handling']);
  }
  if (filter.from) {
    query = query.where('w.raised_on', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('w.raised_on', '<=', filter.to);
  }
  if (filter.runId !== undefined) {
    query = query.where('w.run_id', '=', filter.runId);
  }
  if (filter.personId !== undefined) {
    const personId = filter.personId;
    const householdId = filter.personHouseholdId ?? null;
    query = query.where((eb) =>
      householdId === null
        ? eb('w.person_id', '=', personId)
        : eb.or([eb('w.person_id', '=', personId), eb('w.household_id', '=', householdId)]),
    );
  }
  if (filter.householdId !== undefined) {
    query = query.where('w.household_id', '=', filter.householdId);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('person as qp')
            .select('qp.id')
            .whereRef('qp.county_code', '=', 'w.county_code')
            .whereRef('qp.id', '=', 'w.person_id')
            .where('qp.name', 'like', like),
        ),
        eb.exists(
          eb
            .selectFrom('household as qh')
            .select('qh.id')
            .whereRef('qh.county_code', '=', 'w.county_code')
            .whereRef('qh.id', '=', 'w.household_id')
            .where((h) => h.or([h('qh.household_no', 'like', like), h('qh.head_name', 'like', like)])),
        ),
      ]),
    );
  }
  return query;
}

const villageName = regionNameOf('w.village_code');
const townshipName = townshipNameOf('w.village_code');

function withNames<Q extends ReturnType<typeof warningsInScope>>(query: Q) {
  return query
    .leftJoin('person as p', (j) =>
      j.onRef('p.county_code', '=', 'w.county_code').onRef('p.id', '=', 'w.person_id'),
    )
    .leftJoin('household as h', (j) =>
      j.onRef('h.county_code', '=', 'w.county_code').onRef('h.id', '=', 'w.household_id'),
    )
    .selectAll('w')
    .select([
      'p.name as person_name',
      'p.id_number',
      'h.household_no',
      'h.head_name',
      villageName.as('village_name'),
      townshipName.as('township_name'),
    ]);
}

/** How many warnings match (the `total` of `listWarnings`), in one COUNT query. */
export async function countWarnings(
  db: Db,
  scope: DataScope,
  filter: TWarningFilter & { personHouseholdId?: number | null },
): Promise<number> {
  const row = await filtered(db, scope, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listWarnings(
  db: Db,
  scope: DataScope,
  filter: TWarningFilter & { personHouseholdId?: number | null },
  page: { limit: number; offset: number },
) {
  const total = await filtered(db, scope, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await withNames(filtered(db, scope, filter))
    .orderBy(sql`CASE w.status WHEN 'pending' THEN 0 WHEN 'handling' THEN 1 ELSE 2 END`)
    .orderBy('w.raised_on', 'desc')
    .orderBy('w.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: total.n, rows };
}
export type WarningRow = Awaited<ReturnType<typeof listWarnings>>['rows'][number];

export function findWarningInScope(db: Db, scope: DataScope, id: number) {
  return withNames(warningsInScope(db, scope)).where('w.id', '=', id).executeTakeFirst();
}

export function listWarningEvents(db: Db, countyCode: string, warningId: number) {
  return db
    .selectFrom('ew_warning_event')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('warning_id', '=', warningId)
    .orderBy('id')
    .execute();
}

export function listMeasures(
  db: Db,
  countyCode: string,
  where: { warningId?: number; householdId?: number; personId?: number },
) {
  let query = db.selectFrom('ew_measure').selectAll().where('county_code', '=', countyCode);
  if (where.warningId !== undefined) {
    query = query.where('warning_id', '=', where.warningId);
  }
  if (where.householdId !== undefined || where.personId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        ...(where.householdId !== undefined ? [eb('household_id', '=', where.householdId)] : []),
        ...(where.personId !== undefined ? [eb('person_id', '=', where.personId)] : []),
      ]),
    );
  }
  return query.orderBy('measure_date', 'desc').orderBy('id', 'desc').limit(500).execute();
}

/** Raised and disposed counts per group of the village code, for warnings raised in [from, to]. */
export async function countHandling(
  db: Db,
  scope: DataScope,
  groupLength: number,
  period: { from: string; to: string },
) {
  return warningsInScope(db, scope)
    .select([
      sql<string>`substr(w.village_code, 1, ${sql.lit(groupLength)})`.as('group_key'),
      'w.rule_code',
      sql<number>`count(*)::int`.as('raised'),
      sql<number>`count(*) FILTER (WHERE w.disposed_on <= ${period.to})::int`.as('disposed'),
      sql<number>`count(*) FILTER (WHERE w.disposed_on IS NULL OR w.disposed_on > ${period.to})::int`.as(
        'open',
      ),
    ])
    .where('w.raised_on', '>=', period.from)
    .where('w.raised_on', '<=', period.to)
    .groupBy([sql`substr(w.village_code, 1, ${sql.lit(groupLength)})`, 'w.rule_code'])
    .execute();
}

export { findHouseholdInScope, findPersonInScope } from '../supervision/supervision.repository.ts';
