import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type VerificationFilter = {
  status?: 'open' | 'completed' | 'cancelled' | undefined;
  q?: string | undefined;
};

function filtered(db: Db, scope: DataScope, filter: VerificationFilter) {
  let query = applyDataScope(db.selectFrom('verification_task as t'), scope, 't')
    .innerJoin('person as p', (j) =>
      j.onRef('p.county_code', '=', 't.county_code').onRef('p.id', '=', 't.person_id'),
    )
    .innerJoin('region as r', 'r.code', 't.village_code')
    .innerJoin('region as a', 'a.code', 't.assigned_region_code');
  if (filter.status) {
    query = query.where('t.status', '=', filter.status);
  }
  const q = filter.q?.trim();
  if (q) {
    query = /^\d{18}$|^\d{17}X$/i.test(q)
      ? query.where('p.id_number', '=', q.toUpperCase())
      : query.where('p.name', 'like', `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  }
  return query;
}

const taskColumns = [
  't.county_code',
  't.id',
  't.person_id',
  't.village_code',
  't.assigned_region_code',
  't.assigned_user_id',
  't.source',
  't.reason',
  't.status',
  't.outcome',
  't.note',
  't.corrections',
  't.created_at',
  't.completed_at',
  'p.name as person_name',
  'p.id_number',
  'r.name as village_name',
  'a.name as assigned_region_name',
] as const;

export async function countTasks(db: Db, scope: DataScope, filter: VerificationFilter): Promise<number> {
  const row = await filtered(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findTasks(
  db: Db,
  scope: DataScope,
  filter: VerificationFilter,
  limit: number,
  offset: number,
) {
  return filtered(db, scope, filter)
    .select(taskColumns)
    .orderBy('t.status', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
export type TaskRow = Awaited<ReturnType<typeof findTasks>>[number];

export function findTaskInScope(db: Db, scope: DataScope, id: number) {
  return filtered(db, scope, {}).select(taskColumns).where('t.id', '=', id).executeTakeFirst();
}

export function findOpenTaskOfPerson(db: Db, countyCode: string, personId: number) {
  return db
    .selectFrom('verification_task')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('person_id', '=', personId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Persons flagged for verification in the scope that have no open task yet. */
export function findFlaggedWithoutTask(db: Db, scope: DataScope, limit: number) {
  return applyDataScope(db.selectFrom('person as p'), scope, 'p')
    .select(['p.county_code', 'p.id', 'p.village_code', 'p.verification_reason'])
    .where('p.needs_verification', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('verification_task as t')
            .select('t.id')
            .whereRef('t.county_code', '=', 'p.county_code')
            .whereRef('t.person_id', '=', 'p.id')
            .where('t.status', '=', 'open'),
        ),
      ),
    )
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
