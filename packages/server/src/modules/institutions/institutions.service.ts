import {
  checkInstitutionPlacement,
  countyCodeOf,
  evaluateStandardisation,
  INSTITUTION_LEVEL_LABELS,
  type InstitutionLevel,
  isRegionWithin,
  ratioBp,
  regionScopePrefix,
  STANDARDISATION_RULES,
  type TInstitutionInput,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { loadDiseaseCatalogs } from '../diseases/disease-catalog-store.ts';
import type { RegionScope } from '../diseases/diseases.service.ts';
import { getRegionOrFail } from '../regions/regions.service.ts';
import { childPrefixLength } from '../shared/region-levels.ts';
import {
  countStandardisationBy,
  findInstitution,
  type InstitutionRow,
  listInstitutions,
  searchInstitutionOptions,
} from './institutions.repository.ts';
import type {
  TInstitutionDto,
  TInstitutionFilter,
  ZInstitutionPatch,
  ZStandardisationBody,
} from './institutions.schema.ts';

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };
const EXPORT_LIMIT = 50_000;

function standardisationOf(row: InstitutionRow): TInstitutionDto['standardisation'] {
  const level = row.level as InstitutionLevel;
  const rule = STANDARDISATION_RULES[level];
  if (!rule) {
    return null;
  }
  return {
    areaM2: row.area_m2,
    hasFourRoomsSeparated: row.has_four_rooms,
    doctorsInPost: row.doctors_in_post,
    equipment: row.equipment ?? [],
    checkedOn: row.checked_on,
    checkedBy: row.checked_by,
    isStandard: row.is_standard,
    failures: row.standardisation_failures ?? [],
    requiredEquipment: [...rule.requiredEquipment],
    isApplicable: true,
  };
}

export function institutionDto(row: InstitutionRow): TInstitutionDto {
  const level = row.level as InstitutionLevel;
  return {
    code: row.code,
    name: row.name,
    level,
    levelLabel: INSTITUTION_LEVEL_LABELS[level],
    type: row.kind,
    regionCode: row.region_code,
    regionName: row.region_name,
    townshipName: row.township_name,
    countyCode: row.county_code,
    address: row.address,
    phone: row.phone,
    designatedDiseases: row.designated_disease_codes ?? [],
    isActive: row.active,
    standardisation: standardisationOf(row),
  };
}

function filterOf(region: RegionScope, filter: TInstitutionFilter) {
  return {
    regionPrefix: regionScopePrefix(region.regionCode),
    q: filter.q,
    level: filter.level,
    isStandard: filter.standard,
    isActive: filter.active,
    designatedFor: filter.designatedFor,
  };
}

export async function listInstitutionsPage(
  db: Db,
  region: RegionScope,
  filter: TInstitutionFilter,
  page: Page,
) {
  const { total, rows } = await listInstitutions(db, filterOf(region, filter), {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(institutionDto), total, page: page.page, pageSize: page.pageSize };
}

export async function exportInstitutions(
  db: Db,
  request: FastifyRequest,
  region: RegionScope,
  filter: TInstitutionFilter,
) {
  const { rows } = await listInstitutions(db, filterOf(region, filter), { limit: EXPORT_LIMIT, offset: 0 });
  await recordAudit(db, request, {
    action: 'institution.exported',
    entityType: 'medical_institution',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  const yesNo = (v: boolean | null) => (v === null ? '' : v ? '是' : '否');
  return buildXlsx(
    '医疗机构',
    [
      { header: '机构编码', width: 14, value: (d: TInstitutionDto) => d.code },
      { header: '机构名称', width: 26, value: (d) => d.name },
      { header: '级别', width: 14, value: (d) => d.levelLabel },
      { header: '类型', width: 14, value: (d) => d.type },
      { header: '乡镇', width: 12, value: (d) => d.townshipName },
      { header: '所在区域', width: 14, value: (d) => d.regionName },
      { header: '区域代码', width: 14, value: (d) => d.regionCode },
      { header: '定点病种', width: 30, value: (d) => d.designatedDiseases.join('、') },
      { header: '状态', width: 8, value: (d) => (d.isActive ? '启用' : '停用') },
      { header: '业务用房面积（㎡）', width: 12, value: (d) => d.standardisation?.areaM2 ?? null },
      { header: '四室分开', width: 8, value: (d) => yesNo(d.standardisation?.hasFourRoomsSeparated ?? null) },
      { header: '在岗医生', width: 8, value: (d) => d.standardisation?.doctorsInPost ?? null },
      { header: '核查日期', width: 12, value: (d) => d.standardisation?.checkedOn ?? null },
      { header: '标准化达标', width: 10, value: (d) => yesNo(d.standardisation?.isStandard ?? null) },
      { header: '未达标原因', width: 50, value: (d) => d.standardisation?.failures.join('；') ?? null },
    ],
    rows.map(institutionDto),
  );
}

/** An institution the caller may see: it lies within the caller's region (outside looks like missing). */
async function institutionInScope(db: Db | Transaction<DB>, actor: Actor, code: string) {
  const row = await findInstitution(db, code);
  if (!row || !isRegionWithin(row.region_code, actor.regionCode)) {
    throw new AppError('NOT_FOUND', `医疗机构“${code}”不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function getInstitution(db: Db, actor: Actor, code: string) {
  return institutionDto(await institutionInScope(db, actor, code));
}

export async function institutionOptions(
  db: Db,
  query: { q: string; level?: string | undefined; designatedFor?: string | undefined; limit: number },
) {
  const rows = await searchInstitutionOptions(db, query.q, query.level, query.limit, query.designatedFor);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    level: row.level,
    levelLabel: INSTITUTION_LEVEL_LABELS[row.level as InstitutionLevel],
    regionCode: row.region_code,
    designatedDiseases: row.designated_disease_codes ?? [],
  }));
}

/** Designated diseases must name items of a catalogue version in force (shipped or county-published). */
async function checkDesignatedDiseases(db: Db, codes: readonly string[]) {
  if (codes.length === 0) {
    return;
  }
  const known = new Set(
    (await loadDiseaseCatalogs(db)).published.flatMap((catalog) => catalog.items.map((item) => item.code)),
  );
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `定点病种编码不在任何病种目录中：${unknown.join('、')}`);
  }
}

async function checkPlacement(db: Db, actor: Actor, input: Pick<TInstitutionInput, 'level' | 'regionCode'>) {
  const region = await getRegionOrFail(db, input.regionCode);
  if (!isRegionWithin(region.code, actor.regionCode)) {
    throw new AppError('OUT_OF_SCOPE', `所在区域“${region.name}”不在您的管辖范围内`);
  }
  const problems = checkInstitutionPlacement(input);
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', problems.join('；'));
  }
  const county = countyCodeOf(region.code);
  if (!county) {
    throw new AppError('VALIDATION_FAILED', '所在区域须为县（区）或以下的行政区划');
  }
  return county;
}

function uniqueNameError(error: unknown, name: string): never {
  if (String((error as { message?: string }).message ?? '').includes('medical_institution_name_idx')) {
    throw new AppError('CONFLICT', `同一县内已有名为“${name}”的医疗机构`);
  }
  throw error;
}

/** The columns an institution's input sets, on creation and on every update. */
function institutionColumns(input: z.infer<typeof ZInstitutionPatch>, county: string) {
  return {
    name: input.name,
    level: input.level,
    kind: input.type ?? null,
    region_code: input.regionCode,
    county_code: county,
    address: input.address ?? null,
    phone: input.phone ?? null,
    designated_disease_codes: JSON.stringify(input.designatedDiseases),
    active: input.isActive,
  };
}

export async function createInstitution(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  input: TInstitutionInput,
) {
  const county = await checkPlacement(db, actor, input);
  await checkDesignatedDiseases(db, input.designatedDiseases);
  if (await findInstitution(db, input.code)) {
    throw new AppError('CONFLICT', `机构编码“${input.code}”已被使用`);
  }
  await db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('medical_institution')
        .values({
          code: input.code,
          ...institutionColumns(input, county),
          created_by: actor.userId,
        })
        .execute();
      await recordAudit(trx, request, {
        action: 'institution.created',
        entityType: 'medical_institution',
        entityId: input.code,
        regionCode: input.regionCode,
        result: 'success',
        detail: { ...input },
      });
    })
    .catch((error: unknown) => uniqueNameError(error, input.name));
  return getInstitution(db, actor, input.code);
}

export async function updateInstitution(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  code: string,
  input: z.infer<typeof ZInstitutionPatch>,
) {
  const before = await institutionInScope(db, actor, code);
  const county = await checkPlacement(db, actor, input);
  await checkDesignatedDiseases(db, input.designatedDiseases);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const note = (field: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) {
      changes[field] = { from, to };
    }
  };
  note('name', before.name, input.name);
  note('level', before.level, input.level);
  note('type', before.kind, input.type ?? null);
  note('regionCode', before.region_code, input.regionCode);
  note('address', before.address, input.address ?? null);
  note('phone', before.phone, input.phone ?? null);
  note('designatedDiseases', before.designated_disease_codes, input.designatedDiseases);
  note('isActive', before.active, input.isActive);
  if (Object.keys(changes).length === 0) {
    return institutionDto(before);
  }
  const isLevelChanged = before.level !== input.level;
  await db
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('medical_institution')
        .set({
          ...institutionColumns(input, county),
          // A checklist judged against another level's rule no longer applies.
          ...(isLevelChanged ? { is_standard: null, standardisation_failures: '[]', checked_on: null } : {}),
          updated_at: new Date(),
        })
        .where('code', '=', code)
        .execute();
      await recordAudit(trx, request, {
        action: 'institution.updated',
        entityType: 'medical_institution',
        entityId: code,
        regionCode: input.regionCode,
        result: 'success',
        detail: { changes },
      });
    })
    .catch((error: unknown) => uniqueNameError(error, input.name));
  return getInstitution(db, actor, code);
}

/** Records a standardisation check (标准化建设核查) and stores the domain rule's verdict with it. */
export async function recordStandardisation(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  code: string,
  body: z.infer<typeof ZStandardisationBody>,
) {
  const row = await institutionInScope(db, actor, code);
  const level = row.level as InstitutionLevel;
  if (!STANDARDISATION_RULES[level]) {
    throw new AppError(
      'BAD_REQUEST',
      `“${row.name}”为${INSTITUTION_LEVEL_LABELS[level]}，标准化建设核查只适用于村卫生室和乡镇卫生院`,
    );
  }
  const equipment = [...new Set(body.equipment)];
  const result = evaluateStandardisation({
    level,
    areaM2: body.areaM2,
    hasFourRoomsSeparated: body.hasFourRoomsSeparated,
    doctorsInPost: body.doctorsInPost,
    equipment,
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('medical_institution')
      .set({
        area_m2: body.areaM2,
        has_four_rooms: body.hasFourRoomsSeparated,
        doctors_in_post: body.doctorsInPost,
        equipment: JSON.stringify(equipment),
        checked_on: body.checkedOn,
        checked_by: actor.displayName || actor.username,
        is_standard: result.isStandard,
        standardisation_failures: JSON.stringify(result.failures),
        updated_at: new Date(),
      })
      .where('code', '=', code)
      .execute();
    await recordAudit(trx, request, {
      action: 'institution.standardisation_checked',
      entityType: 'medical_institution',
      entityId: code,
      regionCode: row.region_code,
      result: 'success',
      detail: { ...body, equipment, isStandard: result.isStandard, failures: result.failures },
    });
  });
  return getInstitution(db, actor, code);
}

/** 标准化村卫生室数/率 and 乡镇卫生院 standardisation by child region. */
export async function standardisationRates(db: Db, region: RegionScope) {
  const prefix = regionScopePrefix(region.regionCode);
  const childLength = childPrefixLength(prefix);
  const children =
    prefix.length >= 12
      ? []
      : await db
          .selectFrom('region')
          .select(['code', 'name'])
          .where('parent_code', '=', region.regionCode)
          .orderBy('code')
          .execute();
  const counts = await countStandardisationBy(db, prefix, childLength);
  const figures = (keyPrefix: string | null) => {
    const rows = counts.filter((c) => keyPrefix === null || c.group_key === keyPrefix);
    const sum = (level: string, field: 'total' | 'checked' | 'standard') =>
      rows.filter((r) => r.level === level).reduce((s, r) => s + r[field], 0);
    const villageClinics = sum('village_clinic', 'total');
    const villageClinicsStandard = sum('village_clinic', 'standard');
    const townshipCentres = sum('township_health_centre', 'total');
    const townshipCentresStandard = sum('township_health_centre', 'standard');
    return {
      villageClinics,
      villageClinicsChecked: sum('village_clinic', 'checked'),
      villageClinicsStandard,
      villageRateBp: ratioBp(villageClinicsStandard, villageClinics),
      townshipCentres,
      townshipCentresStandard,
      townshipRateBp: ratioBp(townshipCentresStandard, townshipCentres),
    };
  };
  return {
    regionCode: region.regionCode,
    total: figures(null),
    children: children.map((child) => ({
      code: child.code,
      name: child.name,
      ...figures(child.code.slice(0, childLength)),
    })),
  };
}
