import { checkPasswordStrength, isRole } from '@healthaid/domain';
import { type Kysely, sql } from 'kysely';
import type { AppUserRow, DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { Actor } from './actor.ts';
import {
  deleteSession,
  deleteSessionsOfUser,
  findSessionWithUser,
  findUserById,
  findUserByUsername,
  insertSession,
  touchSession,
  updateUser,
} from './auth.repository.ts';
import { getDummyHash, hashPassword, verifyPassword } from './password.ts';
import { randomToken, sessionIdOf } from './session-token.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const TOUCH_INTERVAL_MS = 60_000;

export type LoginAttempt = {
  username: string;
  password: string;
  clientIp: string | null;
  userAgent: string | null;
};
export type LoginOutcome =
  | { ok: true; user: AppUserRow; token: string; csrfToken: string }
  | { ok: false; user: AppUserRow | null; error: AppError; lockedNow: boolean };

const formatClock = (at: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);

export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** Checks the password, counts failures (5 → locked for 15 minutes) and opens a session. */
export async function attemptLogin(
  db: Kysely<DB>,
  secret: string,
  attempt: LoginAttempt,
): Promise<LoginOutcome> {
  const now = new Date();
  const user = await findUserByUsername(db, normalizeUsername(attempt.username));
  const invalid = (hint = '') => new AppError('INVALID_CREDENTIALS', `用户名或密码错误${hint}`);
  if (!user) {
    await verifyPassword(await getDummyHash(), attempt.password);
    return { ok: false, user: null, error: invalid(), lockedNow: false };
  }
  if (user.status === 'disabled') {
    return {
      ok: false,
      user,
      error: new AppError('ACCOUNT_DISABLED', '账号已停用，请联系系统管理员'),
      lockedNow: false,
    };
  }
  if (user.locked_until && user.locked_until > now) {
    return {
      ok: false,
      user,
      error: new AppError(
        'ACCOUNT_LOCKED',
        `账号已锁定，请于 ${formatClock(user.locked_until)} 后再试或联系管理员解锁`,
      ),
      lockedNow: false,
    };
  }
  if (!(await verifyPassword(user.password_hash, attempt.password))) {
    // Atomic increment; an expired lock starts a fresh count.
    const row = await db
      .updateTable('app_user')
      .set({
        failed_attempts: sql<number>`CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END`,
        locked_until: sql<Date | null>`CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL ELSE locked_until END`,
      })
      .where('id', '=', user.id)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    if (row.failed_attempts >= MAX_FAILED_LOGINS) {
      const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
      await updateUser(db, user.id, { locked_until: lockedUntil, failed_attempts: 0 });
      return {
        ok: false,
        user,
        error: new AppError(
          'ACCOUNT_LOCKED',
          `密码连续错误 ${MAX_FAILED_LOGINS} 次，账号已锁定 ${LOCK_MINUTES} 分钟（至 ${formatClock(lockedUntil)}）`,
        ),
        lockedNow: true,
      };
    }
    return {
      ok: false,
      user,
      error: invalid(`，再错 ${MAX_FAILED_LOGINS - row.failed_attempts} 次将锁定账号`),
      lockedNow: false,
    };
  }
  const token = randomToken();
  const csrfToken = randomToken();
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { failed_attempts: 0, locked_until: null, last_login_at: now });
    await insertSession(trx, {
      id: sessionIdOf(token, secret),
      userId: user.id,
      csrfToken,
      clientIp: attempt.clientIp,
      userAgent: attempt.userAgent?.slice(0, 300) ?? null,
    });
  });
  return { ok: true, user: { ...user, last_login_at: now }, token, csrfToken };
}

export type SessionResolution =
  | { status: 'ok'; actor: Actor; csrfToken: string }
  | { status: 'expired' }
  | { status: 'invalid' };

export async function resolveSession(
  db: Kysely<DB>,
  secret: string,
  token: string,
  idleMinutes: number,
): Promise<SessionResolution> {
  const sessionId = sessionIdOf(token, secret);
  const row = await findSessionWithUser(db, sessionId);
  if (!row || !isRole(row.role)) {
    return { status: 'invalid' };
  }
  const now = Date.now();
  if (row.status !== 'active') {
    await deleteSession(db, sessionId);
    return { status: 'invalid' };
  }
  if (now - row.last_seen_at.getTime() > idleMinutes * 60_000) {
    await deleteSession(db, sessionId);
    return { status: 'expired' };
  }
  if (now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await touchSession(db, sessionId, new Date(now));
  }
  return {
    status: 'ok',
    csrfToken: row.csrf_token,
    actor: {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      regionCode: row.region_code,
      institutionCode: row.institution_code,
      sessionId,
      mustChangePassword: row.must_change_password,
    },
  };
}

export function assertAcceptablePassword(password: string, username: string): void {
  const problem = checkPasswordStrength(password);
  if (problem) {
    throw new AppError(problem.code, problem.message);
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new AppError('PASSWORD_TOO_SIMPLE', '密码不能包含用户名');
  }
}

export async function changeOwnPassword(
  db: Kysely<DB>,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<AppUserRow> {
  const user = await findUserById(db, actor.userId);
  if (!user) {
    throw new AppError('USER_NOT_FOUND', '用户不存在');
  }
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new AppError('WRONG_PASSWORD', '当前密码不正确');
  }
  if (currentPassword === newPassword) {
    throw new AppError('PASSWORD_REUSED', '新密码不能与当前密码相同');
  }
  assertAcceptablePassword(newPassword, user.username);
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      password_hash: passwordHash,
      must_change_password: false,
      password_changed_at: now,
    });
    await deleteSessionsOfUser(trx, user.id, actor.sessionId ?? undefined);
  });
  return { ...user, must_change_password: false, password_changed_at: now };
}
