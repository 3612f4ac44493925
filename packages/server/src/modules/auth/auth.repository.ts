import type { Kysely, Transaction } from 'kysely';
import type { AppUserUpdate, DB } from '../../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Db, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateUser(db: Db, id: number, patch: AppUserUpdate): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(
  db: Db,
  session: {
    id: string;
    userId: number;
    csrfToken: string;
    clientIp: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      last_seen_at: new Date(),
      client_ip: session.clientIp,
      user_agent: session.userAgent,
    })
    .execute();
}

export function findSessionWithUser(db: Db, sessionId: string) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'session.id as session_id',
      'session.csrf_token',
      'session.last_seen_at',
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.region_code',
      'app_user.institution_code',
      'app_user.status',
      'app_user.must_change_password',
    ])
    .where('session.id', '=', sessionId)
    .executeTakeFirst();
}

export async function touchSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptSessionId?: string): Promise<void> {
  let query = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptSessionId) {
    query = query.where('id', '!=', exceptSessionId);
  }
  await query.execute();
}

export async function deleteIdleSessions(db: Db, idleBefore: Date): Promise<void> {
  await db.deleteFrom('session').where('last_seen_at', '<', idleBefore).execute();
}
