import {
  chinaDateOf,
  isRegionWithin,
  maskIdNumber,
  maskPhone,
  type RegistryCategory,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import type { ChangeRow } from './change-log.repository.ts';
import type { HouseholdRow } from './households.repository.ts';
import type { PersonRow } from './persons.repository.ts';
import type { TChangeDto, THouseholdDto, TPersonDto } from './registry.schema.ts';

/** Today in China (UTC+8): the registry's only reading of the clock. */
export function todayInChina(): string {
  return chinaDateOf(new Date());
}

/**
 * The scope of a request: the caller's own, or a narrower region inside it. A region outside the
 * caller's scope is refused (403) and audited.
 */
export async function requestScope(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  regionCode: string | undefined,
): Promise<DataScope> {
  const own = dataScopeOf(actor);
  if (!regionCode) {
    return own;
  }
  const full = regionCode.padEnd(12, '0');
  if (!isRegionWithin(full, actor.regionCode)) {
    await recordAudit(db, request, {
      action: 'access.out_of_scope',
      result: 'denied',
      regionCode: full,
      detail: { url: request.routeOptions.url ?? request.url },
    });
    throw new AppError('OUT_OF_SCOPE', `区域“${regionCode}”不在您的管辖范围内`);
  }
  return dataScopeOf({ regionCode: full, institutionCode: actor.institutionCode });
}

/** A village code the caller may write to: an existing village inside the caller's scope. */
export async function assertWritableVillage(
  db: Kysely<DB>,
  actor: Actor,
  villageCode: string,
): Promise<string> {
  const region = await db
    .selectFrom('region')
    .select(['code', 'name', 'level'])
    .where('code', '=', villageCode)
    .executeTakeFirst();
  if (!region || region.level !== 'village') {
    throw new AppError('VALIDATION_FAILED', `村级区划代码“${villageCode}”不存在`);
  }
  if (!isRegionWithin(villageCode, actor.regionCode)) {
    throw new AppError('OUT_OF_SCOPE', `“${region.name}”（${villageCode}）不在您的管辖范围内`);
  }
  return region.name;
}

export function rowToPersonDto(row: PersonRow, categories: RegistryCategory[]): TPersonDto {
  return {
    id: row.id,
    countyCode: row.county_code,
    idNumberMasked: maskIdNumber(row.id_number),
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    householdId: row.household_id,
    householdNo: row.household_no,
    relation: row.relation,
    phoneMasked: row.phone ? maskPhone(row.phone) : null,
    villageCode: row.village_code,
    villageName: row.village_name,
    status: row.status,
    statusDate: row.status_date,
    isInsured: row.is_insured,
    hasPremiumSubsidy: row.has_premium_subsidy,
    hasDisabilityCert: row.disability_cert !== null,
    needsVerification: row.needs_verification,
    verificationReason: row.verification_reason,
    categories,
  };
}

export function rowToHouseholdDto(row: HouseholdRow): THouseholdDto {
  return {
    id: row.id,
    countyCode: row.county_code,
    householdNo: row.household_no,
    villageCode: row.village_code,
    villageName: row.village_name,
    address: row.address,
    headName: row.head_name,
    povertyAttribute: row.poverty_attribute,
    mainCause: row.main_cause,
    otherCauses: row.other_causes ?? [],
    registeredYear: row.registered_year,
    exitStatus: row.exit_status,
    exitYear: row.exit_year,
    monitoringType: row.monitoring_type,
    riskStatus: row.risk_status,
    memberCount: Number(row.member_count),
  };
}

export function rowToChangeDto(row: ChangeRow): TChangeDto {
  return {
    id: row.id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    reasonType: row.reason_type,
    reasonRef: row.reason_ref,
    changedBy: row.changed_by_name,
    changedAt: row.changed_at.toISOString(),
  };
}

/** Export cap: larger lists must be narrowed by filters first. */
export const EXPORT_MAX_ROWS = 50_000;
