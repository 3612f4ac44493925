import { type FactEvent, type FactHousehold, householdFactEvents, type IsoDate } from '@healthaid/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Maintains and reads the registry's incremental aggregates (migration 2026_11_23_1050_registry_stats).
 * Triggers mark touched households dirty in the writer's own transaction; `flushRegistryStats` turns the dirty
 * households' facts into events and applies the difference to the per-village sums. Reads flush first, so a
 * write is visible on the next request.
 */

const BATCH = 5000;
/** Any constant: serialises flushes on PostgreSQL (PGlite has one connection anyway). */
const FLUSH_LOCK = 724_031;

type Key = { county_code: string; household_key: string };

async function loadFacts(trx: Transaction<DB>, keys: Key[]) {
  const facts = new Map<string, { villageCode: string | null; household: FactHousehold }>();
  const byCounty = new Map<string, { households: number[]; persons: number[] }>();
  for (const k of keys) {
    const entry = byCounty.get(k.county_code) ?? { households: [], persons: [] };
    (k.household_key.startsWith('h') ? entry.households : entry.persons).push(
      Number(k.household_key.slice(1)),
    );
    byCounty.set(k.county_code, entry);
    facts.set(`${k.county_code}|${k.household_key}`, {
      villageCode: null,
      household: { isHousehold: k.household_key.startsWith('h'), mainCause: null, persons: [] },
    });
  }
  for (const [county, ids] of byCounty) {
    const households =
      ids.households.length > 0
        ? await trx
            .selectFrom('household')
            .select(['id', 'village_code', 'main_cause'])
            .where('county_code', '=', county)
            .where(sql<boolean>`id = ANY(${ids.households}::bigint[])`)
            .execute()
        : [];
    for (const h of households) {
      const fact = facts.get(`${county}|h${h.id}`);
      if (fact) {
        fact.villageCode = h.village_code;
        fact.household = { ...fact.household, mainCause: h.main_cause };
      }
    }
    let personQuery = trx
      .selectFrom('person')
      .select(['id', 'household_id', 'village_code', 'status', 'status_date'])
      .where('county_code', '=', county);
    personQuery = personQuery.where((eb) =>
      eb.or([
        ...(ids.households.length > 0 ? [sql<boolean>`household_id = ANY(${ids.households}::bigint[])`] : []),
        ...(ids.persons.length > 0
          ? [eb.and([sql<boolean>`id = ANY(${ids.persons}::bigint[])`, eb('household_id', 'is', null)])]
          : []),
      ]),
    );
    const persons = await personQuery.execute();
    const categories =
      persons.length > 0
        ? await trx
            .selectFrom('person_category')
            .select(['person_id', 'category', 'valid_from', 'valid_to'])
            .where('county_code', '=', county)
            .where(sql<boolean>`person_id = ANY(${persons.map((p) => p.id)}::bigint[])`)
            .execute()
        : [];
    const categoriesByPerson = new Map<
      number,
      { category: string; validFrom: string; validTo: string | null }[]
    >();
    for (const c of categories) {
      const list = categoriesByPerson.get(c.person_id) ?? [];
      list.push({ category: c.category, validFrom: c.valid_from, validTo: c.valid_to });
      categoriesByPerson.set(c.person_id, list);
    }
    for (const p of persons) {
      const key = p.household_id === null ? `${county}|p${p.id}` : `${county}|h${p.household_id}`;
      const fact = facts.get(key);
      if (!fact) {
        continue;
      }
      fact.villageCode ??= p.village_code;
      (fact.household.persons as FactHousehold['persons'][number][]).push({
        status: p.status,
        statusDate: p.status_date,
        categories: categoriesByPerson.get(p.id) ?? [],
      });
    }
  }
  return facts;
}

async function flushBatch(trx: Transaction<DB>): Promise<number> {
  // By ctid (a TID scan): the (county_code, household_key) IN (… LIMIT n) form was planned as a nested loop
  // over the whole table whenever the planner's statistics still saw it empty (minutes for 66k households).
  const { rows: keys } = await sql<Key>`
    DELETE FROM registry_stats_dirty
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM registry_stats_dirty LIMIT ${BATCH}))
    RETURNING county_code, household_key`.execute(trx);
  if (keys.length === 0) {
    return 0;
  }
  const facts = await loadFacts(trx, keys);
  const deltas = new Map<
    string,
    { county_code: string; village_code: string; metric: string; day: string; delta: number }
  >();
  const add = (county: string, village: string, e: FactEvent, sign: number) => {
    const id = `${county}|${village}|${e.metric}|${e.day}`;
    const d = deltas.get(id) ?? {
      county_code: county,
      village_code: village,
      metric: e.metric,
      day: e.day,
      delta: 0,
    };
    d.delta += sign * e.delta;
    deltas.set(id, d);
  };
  const byCounty = new Map<string, string[]>();
  for (const k of keys) {
    const list = byCounty.get(k.county_code);
    if (list) {
      list.push(k.household_key);
    } else {
      byCounty.set(k.county_code, [k.household_key]);
    }
  }
  for (const [county, householdKeys] of byCounty) {
    const old = await trx
      .deleteFrom('registry_fact_event')
      .where('county_code', '=', county)
      .where(sql<boolean>`household_key = ANY(${householdKeys}::text[])`)
      .returning(['village_code', 'metric', 'day', 'delta'])
      .execute();
    for (const e of old) {
      add(county, e.village_code, e, -1);
    }
  }
  const newRows: DB['registry_fact_event'][] = [];
  for (const [id, fact] of facts) {
    if (!fact.villageCode) {
      continue;
    }
    const [county = '', householdKey = ''] = id.split('|');
    for (const e of householdFactEvents(fact.household)) {
      add(county, fact.villageCode, e, 1);
      newRows.push({
        county_code: county,
        household_key: householdKey,
        village_code: fact.villageCode,
        ...e,
      });
    }
  }
  // One array parameter per column (unnest), not one parameter per value: cheap to build, send and plan.
  const column = <K extends keyof DB['registry_fact_event']>(rows: DB['registry_fact_event'][], key: K) =>
    rows.map((r) => r[key]);
  for (let i = 0; i < newRows.length; i += 20_000) {
    const part = newRows.slice(i, i + 20_000);
    await sql`
      INSERT INTO registry_fact_event (county_code, household_key, village_code, metric, day, delta)
      SELECT * FROM unnest(${column(part, 'county_code')}::text[], ${column(part, 'household_key')}::text[],
        ${column(part, 'village_code')}::text[], ${column(part, 'metric')}::text[], ${column(part, 'day')}::date[],
        ${column(part, 'delta')}::int[])`.execute(trx);
  }
  const changed = [...deltas.values()].filter((d) => d.delta !== 0);
  for (let i = 0; i < changed.length; i += 20_000) {
    const part = changed.slice(i, i + 20_000);
    await sql`
      INSERT INTO registry_count_delta (county_code, village_code, metric, day, delta)
      SELECT * FROM unnest(${part.map((d) => d.county_code)}::text[], ${part.map((d) => d.village_code)}::text[],
        ${part.map((d) => d.metric)}::text[], ${part.map((d) => d.day)}::date[], ${part.map((d) => d.delta)}::bigint[])
      ON CONFLICT (county_code, village_code, metric, day)
      DO UPDATE SET delta = registry_count_delta.delta + excluded.delta`.execute(trx);
  }
  return keys.length;
}

/** Applies every pending change to the aggregates. Returns the number of households processed. */
export async function flushRegistryStats(db: Kysely<DB>): Promise<number> {
  const pending = await db
    .selectFrom('registry_stats_dirty')
    .select('county_code')
    .limit(1)
    .executeTakeFirst();
  if (!pending) {
    return 0;
  }
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${FLUSH_LOCK})`.execute(trx);
      return flushBatch(trx);
    });
    total += n;
    if (n < BATCH) {
      return total;
    }
  }
}

export type StatsQuery = { prefix: string; countyCode: string | null; to: IsoDate; groupLength: number };

/** Counts on `to` of the given metrics, grouped by the first `groupLength` digits of the village code. */
export async function readRegistryCounts(
  db: Kysely<DB>,
  q: StatsQuery,
  metrics: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const { rows } = await sql<{ group_key: string; metric: string; n: number }>`
    SELECT substr(village_code, 1, ${q.groupLength}) AS group_key, metric, sum(delta)::int AS n
    FROM registry_count_delta
    WHERE ${q.countyCode ? sql`county_code = ${q.countyCode} AND ` : sql``}village_code LIKE ${`${q.prefix}%`}
      AND metric IN (${sql.join(metrics.map((m) => sql`${m}`))}) AND day <= ${q.to}
    GROUP BY 1, 2`.execute(db);
  const byMetric = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const groups = byMetric.get(r.metric) ?? new Map<string, number>();
    groups.set(r.group_key, r.n);
    byMetric.set(r.metric, groups);
  }
  return byMetric;
}

/** Counts of metrics (whose names start with `metricPrefix`) on `to` for the whole region. */
export async function readRegistryCountsByPrefix(
  db: Kysely<DB>,
  q: StatsQuery,
  metricPrefix: string,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ metric: string; n: number }>`
    SELECT metric, sum(delta)::int AS n FROM registry_count_delta
    WHERE ${q.countyCode ? sql`county_code = ${q.countyCode} AND ` : sql``}village_code LIKE ${`${q.prefix}%`}
      AND metric LIKE ${`${metricPrefix}%`} AND day <= ${q.to}
    GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.metric.slice(metricPrefix.length), r.n]));
}

/** Region totals of metrics at several days (a trend) from one scan: events summed per day, accumulated. */
export async function readRegistryTrend(
  db: Kysely<DB>,
  q: Omit<StatsQuery, 'groupLength'>,
  metrics: readonly string[],
  days: readonly IsoDate[],
): Promise<Map<string, number[]>> {
  const { rows } = await sql<{ metric: string; day: string; n: number }>`
    SELECT metric, day, sum(delta)::int AS n FROM registry_count_delta
    WHERE ${q.countyCode ? sql`county_code = ${q.countyCode} AND ` : sql``}village_code LIKE ${`${q.prefix}%`}
      AND metric IN (${sql.join(metrics.map((m) => sql`${m}`))}) AND day <= ${q.to}
    GROUP BY 1, 2 ORDER BY 2`.execute(db);
  const result = new Map<string, number[]>();
  for (const metric of metrics) {
    const events = rows.filter((r) => r.metric === metric);
    let index = 0;
    let running = 0;
    result.set(
      metric,
      days.map((day) => {
        while (index < events.length && (events[index]?.day ?? '') <= day) {
          running += events[index]?.n ?? 0;
          index++;
        }
        return running;
      }),
    );
  }
  return result;
}
