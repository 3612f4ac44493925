import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type ApiTokenStatus = 'active' | 'revoked' | 'expired';

export type ApiTokenFilter = {
  /** Region prefix of the caller: tokens whose scope lies inside it. */
  scopePrefix: string;
  status?: ApiTokenStatus | undefined;
  institutionCode?: string | undefined;
  q?: string | undefined;
};

function filtered(db: Db, filter: ApiTokenFilter) {
  let query = db.selectFrom('api_token as t').where('t.region_code', 'like', `${filter.scopePrefix}%`);
  if (filter.status === 'revoked') {
    query = query.where('t.revoked_at', 'is not', null);
  } else if (filter.status === 'expired') {
    query = query.where('t.revoked_at', 'is', null).where('t.expires_at', '<=', sql<Date>`now()`);
  } else if (filter.status === 'active') {
    query = query.where('t.revoked_at', 'is', null).where('t.expires_at', '>', sql<Date>`now()`);
  }
  if (filter.institutionCode) {
    query = query.where('t.institution_code', '=', filter.institutionCode);
  }
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((w) => w.or([w('t.name', 'like', like), w('t.token_prefix', 'like', like)]));
  }
  return query;
}

function withNames(db: Db, filter: ApiTokenFilter) {
  return filtered(db, filter)
    .leftJoin('medical_institution as mi', 'mi.code', 't.institution_code')
    .innerJoin('region as r', 'r.code', 't.region_code')
    .leftJoin('app_user as cu', 'cu.id', 't.created_by')
    .leftJoin('app_user as ru', 'ru.id', 't.revoked_by')
    .select([
      't.id',
      't.name',
      't.institution_code',
      'mi.name as institution_name',
      't.region_code',
      'r.name as region_name',
      't.permissions',
      't.token_prefix',
      't.expires_at',
      't.created_at',
      'cu.username as created_by_username',
      't.last_used_at',
      't.last_used_ip',
      't.revoked_at',
      'ru.username as revoked_by_username',
      't.revoke_reason',
    ]);
}

export async function countApiTokens(db: Db, filter: ApiTokenFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findApiTokens(db: Db, filter: ApiTokenFilter, limit: number, offset: number) {
  return withNames(db, filter)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export type ApiTokenListRow = Awaited<ReturnType<typeof findApiTokens>>[number];

/** One token inside the caller's scope (with names), or undefined. */
export function findApiTokenInScope(db: Db, scopePrefix: string, id: number) {
  return withNames(db, { scopePrefix }).where('t.id', '=', id).executeTakeFirst();
}

export async function insertApiToken(
  db: Db,
  values: {
    name: string;
    institutionCode: string;
    regionCode: string;
    permissions: readonly string[];
    tokenHash: string;
    tokenPrefix: string;
    expiresAt: Date;
    createdBy: number;
  },
): Promise<number> {
  const row = await db
    .insertInto('api_token')
    .values({
      name: values.name,
      institution_code: values.institutionCode,
      region_code: values.regionCode,
      permissions: sql<string[]>`${[...values.permissions]}::text[]`,
      token_hash: values.tokenHash,
      token_prefix: values.tokenPrefix,
      expires_at: values.expiresAt,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a token revoked unless it already is; returns its hash, or undefined when nothing changed. */
export async function revokeApiToken(
  db: Db,
  values: { id: number; revokedBy: number; reason: string | null },
): Promise<string | undefined> {
  const row = await db
    .updateTable('api_token')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: values.revokedBy, revoke_reason: values.reason })
    .where('id', '=', values.id)
    .where('revoked_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  return row?.token_hash;
}

/** What bearer verification needs: the token by hash, with the state of its institution. */
export function findApiTokenForAuth(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_token as t')
    .leftJoin('medical_institution as mi', 'mi.code', 't.institution_code')
    .where('t.token_hash', '=', tokenHash)
    .select([
      't.id',
      't.name',
      't.institution_code',
      't.region_code',
      't.permissions',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      'mi.active as institution_active',
    ])
    .executeTakeFirst();
}

export type ApiTokenAuthRow = NonNullable<Awaited<ReturnType<typeof findApiTokenForAuth>>>;

export async function touchApiTokenUse(db: Db, id: number, at: Date, clientIp: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ last_used_at: at, last_used_ip: clientIp })
    .where('id', '=', id)
    .execute();
}

export function findInstitution(db: Db, code: string) {
  return db
    .selectFrom('medical_institution')
    .select(['code', 'name', 'level', 'region_code', 'county_code', 'active'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Active institutions inside a region prefix, for the token form. */
export function findInstitutionOptions(db: Db, scopePrefix: string, q: string | undefined, limit: number) {
  let query = db
    .selectFrom('medical_institution')
    .select(['code', 'name', 'level', 'region_code', 'county_code'])
    .where('active', '=', true)
    .where('region_code', 'like', `${scopePrefix}%`);
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((w) => w.or([w('name', 'like', like), w('code', 'like', like)]));
  }
  // Hospitals before health centres before village clinics: the usual holders of an information system.
  const rank = sql<number>`CASE level WHEN 'province' THEN 0 WHEN 'city' THEN 1 WHEN 'county' THEN 2
    WHEN 'township_health_centre' THEN 3 WHEN 'community_health_centre' THEN 4 ELSE 5 END`;
  return query.orderBy(rank).orderBy('county_code').orderBy('code').limit(limit).execute();
}
