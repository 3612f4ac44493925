import { chinaDateOf, isRegionWithin, maskIdNumber, normalizeRegionCode } from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import {
  findPersonInScope,
  findRegionNames,
  type PersonInScope,
  searchPersons,
} from './chronic.repository.ts';

export type RegionScope = { regionCode: string; scope: DataScope };

/**
 * The scope of a request: the caller's own region, or a narrower `region` inside it. A region outside
 * the caller's scope is refused (403) and audited.
 */
export async function resolveRegionScope(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  region: string | undefined,
): Promise<RegionScope> {
  if (!region) {
    return { regionCode: actor.regionCode, scope: dataScopeOf(actor) };
  }
  const code = normalizeRegionCode(region);
  if (!code) {
    throw new AppError('VALIDATION_FAILED', `区域代码“${region}”不正确`);
  }
  if (!isRegionWithin(code, actor.regionCode)) {
    await recordAudit(db, request, {
      action: 'access.out_of_scope',
      result: 'denied',
      regionCode: code,
      detail: { url: request.routeOptions.url ?? request.url },
    });
    throw new AppError('OUT_OF_SCOPE', `区域“${region}”不在您的管辖范围内`);
  }
  return {
    regionCode: code,
    scope: dataScopeOf({ regionCode: code, institutionCode: actor.institutionCode }),
  };
}

export async function getPersonOrFail(
  db: Kysely<DB>,
  scope: DataScope,
  personId: number,
): Promise<PersonInScope> {
  const person = await findPersonInScope(db, scope, personId);
  if (!person) {
    throw new AppError('NOT_FOUND', `人员（编号${personId}）不存在或不在您的管辖范围内`);
  }
  return person;
}

/** Today in China (UTC+8): the server's only reading of the clock for this module. */
export function todayInChina(): string {
  return chinaDateOf(new Date());
}

export async function listPersonsForPicker(
  db: Kysely<DB>,
  scope: DataScope,
  query: { q?: string | undefined; page: number; pageSize: number },
) {
  const [count, rows] = await searchPersons(db, scope, {
    q: query.q,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const names = await findRegionNames(
    db,
    rows.map((r) => r.village_code),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      sex: r.sex,
      birthDate: r.birth_date,
      idNumberMasked: maskIdNumber(r.id_number),
      villageCode: r.village_code,
      villageName: names.get(r.village_code) ?? r.village_code,
      householdId: r.household_id,
    })),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}
