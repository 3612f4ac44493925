import { isRegionWithin, type Role, regionScopePrefix, requiresInstitution } from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { deleteSessionsOfUser, findUserByUsername, updateUser } from '../auth/auth.repository.ts';
import { assertAcceptablePassword, normalizeUsername } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import { requireActiveInstitution } from '../institutions/institution-ref.ts';
import { getRegionOrFail, parseRegionCodeParam } from '../regions/regions.service.ts';
import {
  countUsers,
  findUsers,
  findUserWithRegion,
  insertUser,
  type UserListFilter,
  type UserWithRegionRow,
} from './users.repository.ts';
import type { TUserDto } from './users.schema.ts';

export function rowToUserDto(row: UserWithRegionRow, now = new Date()): TUserDto {
  const isLocked = row.status === 'active' && row.locked_until !== null && row.locked_until > now;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    regionCode: row.region_code,
    regionName: row.region_name,
    institutionCode: row.institution_code,
    status: isLocked ? 'locked' : row.status,
    mustChangePassword: row.must_change_password,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listUsers(
  db: Kysely<DB>,
  actor: Actor,
  query: Omit<UserListFilter, 'scopePrefix'> & { page: number; pageSize: number },
) {
  const filter = { ...query, scopePrefix: regionScopePrefix(actor.regionCode) };
  const [total, rows] = await Promise.all([
    countUsers(db, filter),
    findUsers(db, filter, query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  return { items: rows.map((r) => rowToUserDto(r)), total, page: query.page, pageSize: query.pageSize };
}

/** A user the admin may manage: exists and lies inside the admin's own region scope. */
async function getManagedUser(db: Kysely<DB>, actor: Actor, id: number): Promise<UserWithRegionRow> {
  const user = await findUserWithRegion(db, id);
  if (!user || !isRegionWithin(user.region_code, actor.regionCode)) {
    throw new AppError('USER_NOT_FOUND', '用户不存在或不在您的管辖范围内');
  }
  return user;
}

async function resolveAssignableRegion(db: Kysely<DB>, actor: Actor, rawCode: string) {
  const region = await getRegionOrFail(db, parseRegionCodeParam(rawCode));
  if (!isRegionWithin(region.code, actor.regionCode)) {
    throw new AppError('OUT_OF_SCOPE', `不能把用户分配到您管辖范围以外的区域“${region.name}”`);
  }
  return region;
}

function checkInstitution(role: Role, institutionCode: string | null | undefined): string | null {
  if (requiresInstitution(role) && !institutionCode) {
    throw new AppError('INSTITUTION_REQUIRED', '医院结算员必须绑定一个医疗机构（机构编码）');
  }
  return requiresInstitution(role) ? (institutionCode ?? null) : null;
}

/** The institution must be registered and active in the medical_institution table (the single source). */
async function checkRegisteredInstitution(db: Kysely<DB>, institutionCode: string | null): Promise<void> {
  if (institutionCode !== null) {
    await requireActiveInstitution(db, institutionCode, '机构编码');
  }
}

export type CreateUserInput = {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
  institutionCode?: string | null | undefined;
};

export async function createUser(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  input: CreateUserInput,
) {
  const username = normalizeUsername(input.username);
  if (await findUserByUsername(db, username)) {
    throw new AppError('USERNAME_TAKEN', `用户名“${username}”已被使用`);
  }
  assertAcceptablePassword(input.password, username);
  const region = await resolveAssignableRegion(db, actor, input.regionCode);
  const institutionCode = checkInstitution(input.role, input.institutionCode);
  await checkRegisteredInstitution(db, institutionCode);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction().execute(async (trx) => {
    const newId = await insertUser(trx, {
      username,
      display_name: input.displayName,
      password_hash: passwordHash,
      role: input.role,
      region_code: region.code,
      institution_code: institutionCode,
      must_change_password: true,
      created_by: actor.userId,
    });
    await recordAudit(trx, request, {
      action: 'user.create',
      entityType: 'user',
      entityId: newId,
      regionCode: region.code,
      result: 'success',
      detail: { username, role: input.role, regionCode: region.code, institutionCode },
    });
    return newId;
  });
  return rowToUserDto(await getManagedUser(db, actor, id));
}

export type UpdateUserInput = {
  displayName?: string | undefined;
  role?: Role | undefined;
  regionCode?: string | undefined;
  institutionCode?: string | null | undefined;
};

export async function changeUser(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  input: UpdateUserInput,
) {
  const before = await getManagedUser(db, actor, id);
  const role = input.role ?? (before.role as Role);
  const region = input.regionCode ? await resolveAssignableRegion(db, actor, input.regionCode) : null;
  const institutionCode = checkInstitution(
    role,
    input.institutionCode === undefined ? before.institution_code : input.institutionCode,
  );
  if (institutionCode !== before.institution_code) {
    await checkRegisteredInstitution(db, institutionCode);
  }
  if (id === actor.userId && role !== before.role) {
    throw new AppError('FORBIDDEN', '不能修改自己的角色');
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const note = (field: string, from: unknown, to: unknown) => {
    if (to !== undefined && from !== to) {
      changes[field] = { from, to };
    }
  };
  note('displayName', before.display_name, input.displayName);
  note('role', before.role, role);
  note('regionCode', before.region_code, region?.code);
  note('institutionCode', before.institution_code, institutionCode);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, id, {
      ...(input.displayName ? { display_name: input.displayName } : {}),
      role,
      ...(region ? { region_code: region.code } : {}),
      institution_code: institutionCode,
    });
    // A changed role or scope takes effect at once: end the user's sessions.
    if (changes.role || changes.regionCode) {
      await deleteSessionsOfUser(trx, id);
    }
    await recordAudit(trx, request, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      regionCode: region?.code ?? before.region_code,
      result: 'success',
      detail: { username: before.username, changes },
    });
  });
  return rowToUserDto(await getManagedUser(db, actor, id));
}

export async function setUserStatus(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  status: 'active' | 'disabled',
) {
  const before = await getManagedUser(db, actor, id);
  if (id === actor.userId && status === 'disabled') {
    throw new AppError('FORBIDDEN', '不能停用自己的账号');
  }
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, id, { status, failed_attempts: 0, locked_until: null });
    if (status === 'disabled') {
      await deleteSessionsOfUser(trx, id);
    }
    await recordAudit(trx, request, {
      action: status === 'disabled' ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: id,
      regionCode: before.region_code,
      result: 'success',
      detail: { username: before.username },
    });
  });
  return rowToUserDto(await getManagedUser(db, actor, id));
}

export async function resetUserPassword(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  password: string,
) {
  const before = await getManagedUser(db, actor, id);
  assertAcceptablePassword(password, before.username);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, id, {
      password_hash: passwordHash,
      must_change_password: true,
      failed_attempts: 0,
      locked_until: null,
    });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, request, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      regionCode: before.region_code,
      result: 'success',
      detail: { username: before.username },
    });
  });
  return rowToUserDto(await getManagedUser(db, actor, id));
}
