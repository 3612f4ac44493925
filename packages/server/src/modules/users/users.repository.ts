import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, NewAppUser } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type UserListFilter = {
  /** Significant region prefix of the caller's scope: only users inside it are listed. */
  scopePrefix: string;
  q?: string | undefined;
  role?: string | undefined;
  status?: 'active' | 'disabled' | 'locked' | undefined;
};

function filtered(db: Db, filter: UserListFilter) {
  let query = db
    .selectFrom('app_user as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .where('u.region_code', 'like', `${filter.scopePrefix}%`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('u.username', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]),
    );
  }
  if (filter.role) {
    query = query.where('u.role', '=', filter.role);
  }
  if (filter.status === 'locked') {
    query = query.where('u.status', '=', 'active').where('u.locked_until', '>', sql<Date>`now()`);
  } else if (filter.status === 'active') {
    query = query
      .where('u.status', '=', 'active')
      .where((eb) => eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', sql<Date>`now()`)]));
  } else if (filter.status === 'disabled') {
    query = query.where('u.status', '=', 'disabled');
  }
  return query;
}

export async function countUsers(db: Db, filter: UserListFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.region_code',
  'u.institution_code',
  'u.status',
  'u.must_change_password',
  'u.locked_until',
  'u.last_login_at',
  'u.created_at',
  'r.name as region_name',
] as const;

export function findUsers(db: Db, filter: UserListFilter, limit: number, offset: number) {
  return filtered(db, filter).select(USER_COLUMNS).orderBy('u.id').limit(limit).offset(offset).execute();
}

export function findUserWithRegion(db: Db, id: number) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .select(USER_COLUMNS)
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export type UserWithRegionRow = NonNullable<Awaited<ReturnType<typeof findUserWithRegion>>>;

export async function insertUser(db: Db, user: NewAppUser): Promise<number> {
  const row = await db.insertInto('app_user').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
