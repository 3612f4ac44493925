import {
  type API_TOKEN_PERMISSIONS,
  addDays,
  addYears,
  chinaDateOf,
  chinaStartOfDay,
  isRegionWithin,
  regionScopePrefix,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { getRegionOrFail, parseRegionCodeParam } from '../regions/regions.service.ts';
import { generateApiToken } from './api-token-secret.ts';
import { forgetApiToken } from './api-token-verifier.ts';
import {
  type ApiTokenListRow,
  type ApiTokenStatus,
  countApiTokens,
  findApiTokenInScope,
  findApiTokens,
  findInstitution,
  findInstitutionOptions,
  insertApiToken,
  revokeApiToken,
} from './api-tokens.repository.ts';
import type { TApiTokenDto } from './api-tokens.schema.ts';

/** Longest validity of a token: a hospital system must be re-keyed at least this often. */
export const MAX_TOKEN_YEARS = 3;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function statusOf(row: Pick<ApiTokenListRow, 'revoked_at' | 'expires_at'>, now: Date): ApiTokenStatus {
  if (row.revoked_at) {
    return 'revoked';
  }
  return row.expires_at <= now ? 'expired' : 'active';
}

export function rowToApiTokenDto(row: ApiTokenListRow, now = new Date()): TApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    institutionCode: row.institution_code,
    institutionName: row.institution_name ?? null,
    regionCode: row.region_code,
    regionName: row.region_name,
    permissions: row.permissions,
    tokenPrefix: row.token_prefix,
    status: statusOf(row, now),
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_username ?? null,
    lastUsedAt: iso(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by_username ?? null,
    revokeReason: row.revoke_reason,
  };
}

const scopeOf = (actor: Actor) => regionScopePrefix(actor.regionCode);

export async function listApiTokens(
  db: Kysely<DB>,
  actor: Actor,
  query: {
    page: number;
    pageSize: number;
    status?: ApiTokenStatus | undefined;
    institutionCode?: string | undefined;
    q?: string | undefined;
  },
) {
  const filter = { ...query, scopePrefix: scopeOf(actor) };
  const [total, rows] = await Promise.all([
    countApiTokens(db, filter),
    findApiTokens(db, filter, query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  const now = new Date();
  return {
    items: rows.map((row) => rowToApiTokenDto(row, now)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function listInstitutionOptions(db: Kysely<DB>, actor: Actor, q: string | undefined) {
  const rows = await findInstitutionOptions(db, scopeOf(actor), q, 200);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    level: row.level,
    regionCode: row.region_code,
    countyCode: row.county_code,
  }));
}

export type IssueApiTokenInput = {
  name: string;
  institutionCode: string;
  regionCode?: string | undefined;
  expiresOn: string;
  permissions?: readonly (typeof API_TOKEN_PERMISSIONS)[number][] | undefined;
};

/**
 * Issues a token for a medical institution inside the caller's scope. The token may see the institution's
 * county or a part of it, holds only API permissions, and expires at the end of `expiresOn` (China time),
 * at most three years ahead. Returns the secret once; only its hash is stored. Audited with the insert.
 */
export async function issueApiToken(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  input: IssueApiTokenInput,
) {
  const institution = await findInstitution(db, input.institutionCode);
  if (!institution || !isRegionWithin(institution.region_code, actor.regionCode)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `医疗机构（institutionCode）“${input.institutionCode}”不存在或不在您的管辖范围内`,
      { field: 'institutionCode' },
    );
  }
  if (!institution.active) {
    throw new AppError('VALIDATION_FAILED', `医疗机构“${institution.name}”已停用，不能签发令牌`, {
      field: 'institutionCode',
    });
  }
  const regionCode = parseRegionCodeParam(input.regionCode ?? institution.county_code);
  const region = await getRegionOrFail(db, regionCode);
  if (!region.code.startsWith(institution.county_code)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `数据范围（regionCode）“${region.name}”必须是该机构所在县（${institution.county_code}）或其下属区划`,
      { field: 'regionCode' },
    );
  }
  if (!isRegionWithin(region.code, actor.regionCode)) {
    throw new AppError('OUT_OF_SCOPE', `数据范围“${region.name}”不在您的管辖范围内`, { field: 'regionCode' });
  }
  const today = chinaDateOf(new Date());
  const latest = addYears(today, MAX_TOKEN_YEARS);
  if (input.expiresOn <= today || input.expiresOn > latest) {
    throw new AppError(
      'VALIDATION_FAILED',
      `有效期至（expiresOn）应晚于今天（${today}），且不超过 ${MAX_TOKEN_YEARS} 年（${latest}）`,
      { field: 'expiresOn' },
    );
  }
  // Valid through the whole of expiresOn in China time.
  const expiresAt = chinaStartOfDay(addDays(input.expiresOn, 1));
  const permissions = [...new Set(input.permissions ?? ['identity.check'])];
  const secret = generateApiToken();
  const id = await db.transaction().execute(async (trx) => {
    const newId = await insertApiToken(trx, {
      name: input.name,
      institutionCode: institution.code,
      regionCode: region.code,
      permissions,
      tokenHash: secret.hash,
      tokenPrefix: secret.displayPrefix,
      expiresAt,
      createdBy: actor.userId,
    });
    await recordAudit(trx, request, {
      action: 'api_token.issued',
      entityType: 'api_token',
      entityId: newId,
      regionCode: region.code,
      result: 'success',
      detail: {
        name: input.name,
        institutionCode: institution.code,
        permissions,
        expiresOn: input.expiresOn,
        tokenPrefix: secret.displayPrefix,
      },
    });
    return newId;
  });
  const row = await findApiTokenInScope(db, scopeOf(actor), id);
  if (!row) {
    throw notFound('令牌');
  }
  return { token: rowToApiTokenDto(row), secret: secret.token };
}

/** Revokes a token inside the caller's scope; this process refuses it from the next request on. */
export async function revokeApiTokenById(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  reason: string | undefined,
) {
  const existing = await findApiTokenInScope(db, scopeOf(actor), id);
  if (!existing) {
    throw new AppError('NOT_FOUND', '令牌不存在或不在您的管辖范围内');
  }
  if (existing.revoked_at) {
    throw new AppError('CONFLICT', `该令牌已于 ${chinaDateOf(existing.revoked_at)} 吊销`);
  }
  const hash = await db.transaction().execute(async (trx) => {
    const revokedHash = await revokeApiToken(trx, { id, revokedBy: actor.userId, reason: reason || null });
    if (!revokedHash) {
      throw new AppError('CONFLICT', '该令牌已被吊销');
    }
    await recordAudit(trx, request, {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: id,
      regionCode: existing.region_code,
      result: 'success',
      detail: { name: existing.name, institutionCode: existing.institution_code, reason: reason || null },
    });
    return revokedHash;
  });
  forgetApiToken(db, hash, id);
  const row = await findApiTokenInScope(db, scopeOf(actor), id);
  if (!row) {
    throw notFound('令牌');
  }
  return rowToApiTokenDto(row);
}
