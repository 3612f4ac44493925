import {
  chinaDateOf,
  countyCodeOf,
  isRegionWithin,
  maskIdNumber,
  normalizeRegionCode,
  regionLevelOf,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import {
  findPersonInScope,
  findRegionNames,
  findVillagesUnder,
  type PersonInScope,
  searchPersons,
} from './chronic.repository.ts';
import { type ChronicScope, regionChronicScope } from './chronic-data-scope.ts';
import {
  findDoctorAccountsByIds,
  findTeamVillages,
  findVillagesOfTeamMember,
  teamsInScope,
} from './family-doctor.repository.ts';

export type RegionScope = { regionCode: string; scope: ChronicScope };

/** The smallest region holding every village: the township when they share one, else the county. */
function commonRegionOf(villages: readonly string[]): string {
  const [first = ''] = villages;
  if (villages.every((v) => v === first)) {
    return first;
  }
  const township = first.slice(0, 9);
  return villages.every((v) => v.startsWith(township)) ? `${township}000` : `${first.slice(0, 6)}000000`;
}

/**
 * The caller's own chronic scope. A village doctor who is a member (by account) of active family-doctor
 * teams sees the villages those teams serve in his county, besides his own region; everyone else sees
 * his region.
 */
export async function ownChronicScope(
  db: Kysely<DB>,
  actor: Pick<Actor, 'role' | 'regionCode' | 'userId' | 'institutionCode'>,
): Promise<RegionScope> {
  const plain = { regionCode: actor.regionCode, scope: regionChronicScope(dataScopeOf(actor)) };
  const county = countyCodeOf(actor.regionCode);
  if (actor.role !== 'village_doctor' || !county) {
    return plain;
  }
  const teamVillages = await findVillagesOfTeamMember(db, county, actor.userId);
  const extra = teamVillages.filter((v) => !isRegionWithin(v, actor.regionCode));
  if (extra.length === 0) {
    return plain;
  }
  const own =
    regionLevelOf(actor.regionCode) === 'village'
      ? [actor.regionCode]
      : await findVillagesUnder(db, actor.regionCode);
  const villageCodes = [...new Set([...own, ...extra])].sort();
  const regionCode = commonRegionOf(villageCodes);
  return {
    regionCode,
    scope: {
      ...dataScopeOf({ regionCode, institutionCode: actor.institutionCode }),
      villageCodes,
    },
  };
}

async function refuseRegion(db: Kysely<DB>, request: FastifyRequest, code: string, region: string) {
  await recordAudit(db, request, {
    action: 'access.out_of_scope',
    result: 'denied',
    regionCode: code,
    detail: { url: request.routeOptions.url ?? request.url },
  });
  return new AppError('OUT_OF_SCOPE', `区域“${region}”不在您的管辖范围内`);
}

/**
 * The scope of a request: the caller's own scope (also when `region` is the caller's own region), or the
 * part of it inside `region`. A region with nothing of the caller's scope in it is refused (403) and
 * audited.
 */
export async function resolveRegionScope(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  region: string | undefined,
): Promise<RegionScope> {
  const own = await ownChronicScope(db, actor);
  if (!region) {
    return own;
  }
  const code = normalizeRegionCode(region);
  if (!code) {
    throw new AppError('VALIDATION_FAILED', `区域代码“${region}”不正确`);
  }
  if (code === actor.regionCode) {
    return own;
  }
  const narrowed = dataScopeOf({ regionCode: code, institutionCode: actor.institutionCode });
  if (own.scope.villageCodes === null) {
    if (!isRegionWithin(code, actor.regionCode)) {
      throw await refuseRegion(db, request, code, region);
    }
    return { regionCode: code, scope: regionChronicScope(narrowed) };
  }
  const villageCodes = own.scope.villageCodes.filter((v) => isRegionWithin(v, code));
  if (villageCodes.length === 0) {
    throw await refuseRegion(db, request, code, region);
  }
  return { regionCode: code, scope: { ...narrowed, villageCodes } };
}

/**
 * Indicators of one family-doctor team (the villages it serves) or one village doctor (the villages of
 * his teams and his own), inside the request's scope. A team or doctor the caller cannot see is 404.
 */
export async function narrowToTeamOrDoctor(
  db: Kysely<DB>,
  rs: RegionScope,
  filter: { teamId?: number | undefined; doctorUserId?: number | undefined },
): Promise<RegionScope> {
  let villages: readonly string[] | null = null;
  if (filter.teamId !== undefined) {
    const team = await teamsInScope(db, rs.scope)
      .where('t.id', '=', filter.teamId)
      .select('t.county_code')
      .executeTakeFirst();
    if (!team) {
      throw new AppError('NOT_FOUND', '家庭医生团队不存在或不在您的管辖范围内');
    }
    villages = (await findTeamVillages(db, team.county_code, [filter.teamId])).map((v) => v.village_code);
  }
  if (filter.doctorUserId !== undefined) {
    const account = await findDoctorAccountsByIds(db, [filter.doctorUserId]);
    const [doctor] = account;
    if (!doctor || doctor.role !== 'village_doctor') {
      throw new AppError('NOT_FOUND', '村医账号不存在');
    }
    const own = await ownChronicScope(db, {
      userId: doctor.id,
      role: 'village_doctor',
      regionCode: doctor.region_code,
      institutionCode: null,
    });
    const doctorVillages = own.scope.villageCodes ?? (await findVillagesUnder(db, own.regionCode));
    villages = villages === null ? doctorVillages : villages.filter((v) => doctorVillages.includes(v));
  }
  if (villages === null) {
    return rs;
  }
  const inScope = villages.filter(
    (v) =>
      v.startsWith(rs.scope.villagePrefix) &&
      (rs.scope.villageCodes === null || rs.scope.villageCodes.includes(v)),
  );
  if (filter.doctorUserId !== undefined && inScope.length === 0) {
    throw new AppError('NOT_FOUND', '该村医负责的村不在您的管辖范围内');
  }
  return { regionCode: rs.regionCode, scope: { ...rs.scope, villageCodes: inScope } };
}

export async function getPersonOrFail(
  db: Kysely<DB>,
  scope: ChronicScope,
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
  scope: ChronicScope,
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
