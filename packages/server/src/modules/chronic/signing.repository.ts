import { sql } from 'kysely';
import type { Db } from './chronic.repository.ts';
import { applyChronicScope, type ChronicScope } from './chronic-data-scope.ts';

/**
 * 签约率 (family-doctor signing) of a scope and period in one SQL query, for the 驾驶舱 and the indicator
 * catalogue, with the definition of the chronic indicators' in-memory `signing` part (indicators.service.ts; the
 * int tests check that both count the same persons):
 * - key persons (重点人群): persons of the scope with status 'normal' who, at some time in [from, to], are
 *   建档立卡贫困人口 or 监测对象 (a person_category valid then) or are managed for a key disease (a fu_enrolment);
 * - signed: key persons with a contract of the scope, not pending, in force at some time in [from, to].
 */

export const KEY_CATEGORIES = ['poor_registered', 'monitored'] as const;
export const KEY_DISEASES = ['hypertension', 'diabetes', 'mental', 'tuberculosis'] as const;

export type SigningGroup = { groupKey: string; signed: number; keyPersons: number };

/**
 * Key persons and signed key persons per group of village codes (the person's, first `groupLength` digits).
 *
 * Set-based: the key persons are a UNION of the category and enrolment rows of the period, the signed ones a
 * DISTINCT over the contracts in force, both hash-joined to the persons of the scope (~115 ms on PostgreSQL and
 * ~155 ms on PGlite for the 70k demo county). Measured slower there: the two tests as correlated EXISTS in the
 * select list (planned at a cost that switches PostgreSQL's JIT on: ~650 ms, ~400 ms of it compiling), and the key
 * persons as two semi-joins of the persons, UNION ALL (a parallel plan in which every worker rebuilt the contracts'
 * hash: ~400 ms; it was ~20 % faster than this shape for the 1M-person city, where the UNION's deduplication of
 * ~650,000 category rows spills to disk with the default work_mem). A work_mem of 64 MB for this query (a
 * HashAggregate instead of the spilled sort) was slower still: 2.5–2.9 s against 2.0–2.4 s for 4 MB, run in turn on
 * the 1M city.
 *
 * A contract is in force at some time in the period when it started by `to` and its last day — the day before its
 * cancel date when cancelled, else its end date — is on/after `from` and not before its start.
 */
export async function countSigningByGroup(
  db: Db,
  scope: ChronicScope,
  period: { from: string; to: string },
  groupLength: number,
): Promise<SigningGroup[]> {
  const { from, to } = period;
  // Categories and enrolments are joined to the person (not scoped by their own village): only the county prunes.
  let categoryPersons = db
    .selectFrom('person_category as pc')
    .select(['pc.county_code', 'pc.person_id'])
    .where('pc.category', 'in', KEY_CATEGORIES)
    .where('pc.valid_from', '<=', to)
    .where((w) => w.or([w('pc.valid_to', 'is', null), w('pc.valid_to', '>=', from)]));
  let patientPersons = db
    .selectFrom('fu_enrolment as ke')
    .select(['ke.county_code', 'ke.person_id'])
    .where('ke.disease', 'in', KEY_DISEASES)
    .where('ke.managed_from', '<=', to)
    .where((w) => w.or([w('ke.managed_until', 'is', null), w('ke.managed_until', '>=', from)]));
  if (scope.countyCode) {
    categoryPersons = categoryPersons.where('pc.county_code', '=', scope.countyCode);
    patientPersons = patientPersons.where('ke.county_code', '=', scope.countyCode);
  }
  const signedPersons = applyChronicScope(db.selectFrom('fd_contract as c'), scope, 'c')
    .select(['c.county_code', 'c.person_id'])
    .distinct()
    .where('c.status', '<>', 'pending')
    .where('c.start_date', '<=', to)
    .where((w) =>
      w.or([
        // Cancelled: last day = cancel_date - 1, so cancel_date > from and cancel_date > start_date.
        w.and([
          w('c.status', '=', 'cancelled'),
          w('c.cancel_date', 'is not', null),
          w('c.cancel_date', '>', from),
          w('c.cancel_date', '>', w.ref('c.start_date')),
        ]),
        w.and([
          w.or([w('c.status', '<>', 'cancelled'), w('c.cancel_date', 'is', null)]),
          w('c.end_date', '>=', from),
          w('c.end_date', '>=', w.ref('c.start_date')),
        ]),
      ]),
    );
  const rows = await applyChronicScope(db.selectFrom('person as p'), scope, 'p')
    .innerJoin(categoryPersons.union(patientPersons).as('kp'), (join) =>
      join.onRef('kp.county_code', '=', 'p.county_code').onRef('kp.person_id', '=', 'p.id'),
    )
    .leftJoin(signedPersons.as('s'), (join) =>
      join.onRef('s.county_code', '=', 'p.county_code').onRef('s.person_id', '=', 'p.id'),
    )
    .where('p.status', '=', 'normal')
    .select((eb) => [
      sql<string>`substr(${eb.ref('p.village_code')}, 1, ${sql.lit(groupLength)})`.as('group_key'),
      eb.fn.countAll<string>().as('key_persons'),
      eb.fn.count<string>('s.person_id').as('signed'),
    ])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({
    groupKey: r.group_key,
    signed: Number(r.signed),
    keyPersons: Number(r.key_persons),
  }));
}
