import {
  findOverlappingPeriod,
  isPeriodActiveOn,
  maskIdNumber,
  PERSON_STATUS_LABELS,
  parseCitizenId,
  REGISTRY_CATEGORY_LABELS,
  type RegistryCategory,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { offsetOf } from '../../http/pagination.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import { findPersonChanges, insertChanges } from './change-log.repository.ts';
import { findHouseholdInScope } from './households.repository.ts';
import {
  categoriesOn,
  countPersons,
  findCategoryPeriods,
  findIdIndex,
  findPersonInScope,
  findPersons,
  findSameNameAndBirth,
  type PersonFilter,
  type PersonRow,
} from './persons.repository.ts';
import type { TPersonCreateBody, TPersonListQuery, TPersonPatchBody } from './registry.schema.ts';
import { diffFields, type FieldChange } from './registry-diff.ts';
import {
  assertWritableVillage,
  EXPORT_MAX_ROWS,
  requestScope,
  rowToChangeDto,
  rowToHouseholdDto,
  rowToPersonDto,
  todayInChina,
} from './registry-support.ts';
import { findOpenTaskOfPerson } from './verification.repository.ts';

type Db = Kysely<DB> | Transaction<DB>;

function filterOf(query: TPersonListQuery): PersonFilter {
  return {
    category: query.category,
    date: query.date ?? todayInChina(),
    status: query.status,
    mainCause: query.mainCause,
    needsVerification: query.needsVerification === undefined ? undefined : query.needsVerification === 'true',
    householdId: query.householdId,
    q: query.q,
  };
}

async function withCategories(db: Db, rows: PersonRow[], date: string) {
  const byCounty = new Map<string, number[]>();
  for (const row of rows) {
    byCounty.set(row.county_code, [...(byCounty.get(row.county_code) ?? []), row.id]);
  }
  const categories = new Map<number, RegistryCategory[]>();
  for (const [county, ids] of byCounty) {
    for (const [id, list] of await categoriesOn(db, county, ids, date)) {
      categories.set(id, list);
    }
  }
  return rows.map((row) => rowToPersonDto(row, categories.get(row.id) ?? []));
}

export async function listPersons(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: TPersonListQuery,
) {
  const scope = await requestScope(db, request, actor, query.regionCode);
  const filter = filterOf(query);
  const [total, rows] = await Promise.all([
    countPersons(db, scope, filter),
    findPersons(db, scope, filter, query.pageSize, offsetOf(query)),
  ]);
  return {
    items: await withCategories(db, rows, filter.date),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function exportPersons(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  query: TPersonListQuery,
) {
  const scope = await requestScope(db, request, actor, query.regionCode);
  const filter = filterOf(query);
  const total = await countPersons(db, scope, filter);
  if (total > EXPORT_MAX_ROWS) {
    throw new AppError(
      'UNPROCESSABLE',
      `符合条件的人员有${total}人，超过单次导出上限${EXPORT_MAX_ROWS}人，请缩小范围`,
    );
  }
  const items = await withCategories(
    db,
    await findPersons(db, scope, filter, EXPORT_MAX_ROWS, 0),
    filter.date,
  );
  await recordAudit(db, request, {
    action: 'person.exported',
    entityType: 'person',
    result: 'success',
    regionCode: scope.villagePrefix.padEnd(12, '0'),
    detail: { rows: items.length, filter: { ...query, page: undefined, pageSize: undefined } },
  });
  return buildXlsx(
    '人员档案',
    [
      { header: '身份证号', width: 22, value: (p) => p.idNumberMasked },
      { header: '姓名', value: (p) => p.name },
      { header: '性别', width: 6, value: (p) => (p.sex === 'M' ? '男' : '女') },
      { header: '出生日期', width: 12, value: (p) => p.birthDate },
      { header: '户编号', width: 18, value: (p) => p.householdNo },
      { header: '与户主关系', width: 10, value: (p) => p.relation },
      { header: '所在村', width: 24, value: (p) => p.villageName },
      { header: '人员状态', width: 8, value: (p) => PERSON_STATUS_LABELS[p.status] },
      { header: '状态日期', width: 12, value: (p) => p.statusDate },
      {
        header: `人员类别（${filter.date}）`,
        width: 30,
        value: (p) => p.categories.map((c) => REGISTRY_CATEGORY_LABELS[c]).join('、'),
      },
      { header: '参保', width: 6, value: (p) => (p.isInsured ? '是' : '否') },
      { header: '待核实', width: 6, value: (p) => (p.needsVerification ? '是' : '否') },
    ],
    items,
  );
}

export async function getPersonOrFail(db: Db, actor: Actor, id: number): Promise<PersonRow> {
  const person = await findPersonInScope(db, dataScopeOf(actor), id);
  if (!person) {
    throw new AppError('NOT_FOUND', `人员（编号${id}）不存在或不在您的管辖范围内`);
  }
  return person;
}

export async function getPersonDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const person = await getPersonOrFail(db, actor, id);
  const today = todayInChina();
  const [periods, changes, household, openTask] = await Promise.all([
    findCategoryPeriods(db, person.county_code, id),
    findPersonChanges(db, person.county_code, id),
    person.household_id ? findHouseholdInScope(db, dataScopeOf(actor), person.household_id) : undefined,
    findOpenTaskOfPerson(db, person.county_code, id),
  ]);
  const periodDtos = periods.map((p) => ({
    id: p.id,
    category: p.category,
    validFrom: p.valid_from,
    validTo: p.valid_to,
    source: p.source,
    isActiveToday: isPeriodActiveOn({ validFrom: p.valid_from, validTo: p.valid_to }, today),
  }));
  const active = [...new Set(periodDtos.filter((p) => p.isActiveToday).map((p) => p.category))];
  return {
    person: {
      ...rowToPersonDto(person, active),
      phone: person.phone,
      disabilityCertMasked: person.disability_cert ? maskIdNumber(person.disability_cert) : null,
    },
    household: household ? rowToHouseholdDto(household) : null,
    categories: periodDtos,
    history: changes.map(rowToChangeDto),
    openVerificationTaskId: openTask?.id ?? null,
  };
}

/** The full ID number (and disability certificate) on demand; every reveal is audited. */
export async function revealId(db: Kysely<DB>, request: FastifyRequest, actor: Actor, id: number) {
  const person = await getPersonOrFail(db, actor, id);
  await recordAudit(db, request, {
    action: 'person.id_revealed',
    entityType: 'person',
    entityId: id,
    regionCode: person.village_code,
    result: 'success',
    idUnmasked: true,
    detail: { idNumberMasked: maskIdNumber(person.id_number) },
  });
  return { idNumber: person.id_number, disabilityCert: person.disability_cert };
}

/** Parses an ID number as typed, with a Chinese message naming the reason on failure. */
export function parseIdOrFail(raw: string, field = '身份证号') {
  const parsed = parseCitizenId(raw, { today: todayInChina() });
  if (!parsed.ok) {
    throw new AppError('VALIDATION_FAILED', `${field}“${raw}”无效：${parsed.message}`, {
      field: 'idNumber',
      code: parsed.code,
    });
  }
  return parsed.value;
}

export async function createPerson(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  body: TPersonCreateBody,
) {
  const id = parseIdOrFail(body.idNumber);
  let villageCode = body.villageCode;
  let householdId: number | null = null;
  if (body.householdId) {
    const household = await findHouseholdInScope(db, dataScopeOf(actor), body.householdId);
    if (!household) {
      throw new AppError('NOT_FOUND', `户（编号${body.householdId}）不存在或不在您的管辖范围内`);
    }
    householdId = household.id;
    villageCode = villageCode ?? household.village_code;
    if (villageCode !== household.village_code) {
      throw new AppError('VALIDATION_FAILED', `所在村须与户“${household.household_no}”的所在村一致`);
    }
  }
  if (!villageCode) {
    throw new AppError('VALIDATION_FAILED', '请选择所在村或所属户');
  }
  await assertWritableVillage(db, actor, villageCode);
  const countyCode = villageCode.slice(0, 6);
  const existing = await findIdIndex(db, id.idNumber);
  if (existing) {
    throw new AppError('CONFLICT', `身份证号${maskIdNumber(id.idNumber)}已登记，不能重复登记`, {
      field: 'idNumber',
      personId: existing.county_code === countyCode ? existing.person_id : null,
    });
  }
  const sameName = await findSameNameAndBirth(db, countyCode, body.name, id.birthDate);
  if (sameName.length > 0 && !body.confirmDuplicate) {
    throw new AppError(
      'CONFLICT',
      `本县已有同名且出生日期相同（${id.birthDate}）的人员“${body.name}”（身份证号${sameName.map((p) => maskIdNumber(p.id_number)).join('、')}），确认不是同一人后请勾选“确认登记”再提交`,
      { code: 'POSSIBLE_DUPLICATE', personIds: sameName.map((p) => p.id) },
    );
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('person')
      .values({
        county_code: countyCode,
        id_number: id.idNumber,
        name: body.name,
        sex: id.sex,
        birth_date: id.birthDate,
        household_id: householdId,
        relation: body.relation ?? null,
        phone: body.phone ?? null,
        village_code: villageCode,
        is_insured: body.isInsured ?? true,
        has_premium_subsidy: body.hasPremiumSubsidy ?? false,
        disability_cert: body.disabilityCert ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('person_id_index')
      .values({ id_number: id.idNumber, county_code: countyCode, person_id: row.id })
      .execute();
    await insertChanges(trx, [
      {
        countyCode,
        entityType: 'person',
        entityId: row.id,
        personId: row.id,
        field: 'created',
        oldValue: null,
        newValue: `${body.name} ${maskIdNumber(id.idNumber)}`,
        reasonType: 'manual',
        reasonRef: '手工登记',
        changedBy: actor.userId,
      },
    ]);
    await recordAudit(trx, request, {
      action: 'person.created',
      entityType: 'person',
      entityId: row.id,
      regionCode: villageCode,
      result: 'success',
      detail: { idNumberMasked: maskIdNumber(id.idNumber), confirmedDuplicate: sameName.length > 0 },
    });
    return getPersonDetail(trx as unknown as Kysely<DB>, actor, row.id);
  });
}

const PERSON_COLUMNS = {
  name: 'name',
  relation: 'relation',
  phone: 'phone',
  householdId: 'household_id',
  villageCode: 'village_code',
  isInsured: 'is_insured',
  hasPremiumSubsidy: 'has_premium_subsidy',
  disabilityCert: 'disability_cert',
  status: 'status',
  statusDate: 'status_date',
  needsVerification: 'needs_verification',
  verificationReason: 'verification_reason',
} as const;

export type PersonPatch = Partial<{
  name: string;
  relation: string | null;
  phone: string | null;
  householdId: number | null;
  villageCode: string;
  isInsured: boolean;
  hasPremiumSubsidy: boolean;
  disabilityCert: string | null;
  status: 'normal' | 'dead' | 'moved_out';
  statusDate: string | null;
  needsVerification: boolean;
  verificationReason: string | null;
}>;

/**
 * Applies a patch to a person with one change_log row per changed field (who, when, old → new, why).
 * Returns the changes; nothing is written when nothing differs.
 */
export async function applyPersonPatch(
  trx: Transaction<DB>,
  actor: Actor,
  person: PersonRow,
  patch: PersonPatch,
  why: { reasonType: 'manual' | 'verification' | 'system'; reasonRef: string },
): Promise<FieldChange[]> {
  const changes = diffFields(person as unknown as Record<string, unknown>, patch, PERSON_COLUMNS);
  if (changes.length === 0) {
    return changes;
  }
  const values: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PERSON_COLUMNS)) {
    const value = patch[key as keyof PersonPatch];
    if (value !== undefined && changes.some((c) => c.field === column)) {
      values[column] = value;
    }
  }
  await trx
    .updateTable('person')
    .set({ ...values, updated_at: new Date() })
    .where('county_code', '=', person.county_code)
    .where('id', '=', person.id)
    .execute();
  await insertChanges(
    trx,
    changes.map((c) => ({
      countyCode: person.county_code,
      entityType: 'person' as const,
      entityId: person.id,
      personId: person.id,
      ...c,
      reasonType: why.reasonType,
      reasonRef: why.reasonRef,
      changedBy: actor.userId,
    })),
  );
  return changes;
}

async function checkPatchTargets(
  db: Db,
  actor: Actor,
  person: PersonRow,
  patch: PersonPatch,
): Promise<PersonPatch> {
  const next = { ...patch };
  if (patch.householdId) {
    const household = await findHouseholdInScope(db, dataScopeOf(actor), patch.householdId);
    if (!household || household.county_code !== person.county_code) {
      throw new AppError('NOT_FOUND', `户（编号${patch.householdId}）不存在或不在您的管辖范围内`);
    }
    next.villageCode = patch.villageCode ?? household.village_code;
  }
  if (next.villageCode && next.villageCode !== person.village_code) {
    await assertWritableVillage(db as Kysely<DB>, actor, next.villageCode);
    if (next.villageCode.slice(0, 6) !== person.county_code) {
      throw new AppError('VALIDATION_FAILED', '跨县迁移请办理迁出后由迁入县重新登记');
    }
  }
  return next;
}

export async function patchPerson(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TPersonPatchBody,
) {
  const { reason, ...patch } = body;
  const person = await getPersonOrFail(db, actor, id);
  const checked = await checkPatchTargets(db, actor, person, patch);
  await db.transaction().execute(async (trx) => {
    const changes = await applyPersonPatch(trx, actor, person, checked, {
      reasonType: 'manual',
      reasonRef: reason,
    });
    await recordAudit(trx, request, {
      action: 'person.updated',
      entityType: 'person',
      entityId: id,
      regionCode: person.village_code,
      result: 'success',
      detail: { fields: changes.map((c) => c.field), reason },
    });
  });
  return getPersonDetail(db, actor, id);
}

export async function changePersonStatus(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: { status: 'normal' | 'dead' | 'moved_out'; date?: string | null | undefined; reason: string },
) {
  const person = await getPersonOrFail(db, actor, id);
  const today = todayInChina();
  if (body.status !== 'normal' && !body.date) {
    throw new AppError('VALIDATION_FAILED', `请填写${PERSON_STATUS_LABELS[body.status]}日期`);
  }
  if (body.date && body.date > today) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${PERSON_STATUS_LABELS[body.status]}日期${body.date}不能晚于今天`,
    );
  }
  if (body.date && body.date < person.birth_date) {
    throw new AppError('VALIDATION_FAILED', `状态日期${body.date}不能早于出生日期${person.birth_date}`);
  }
  await db.transaction().execute(async (trx) => {
    const changes = await applyPersonPatch(
      trx,
      actor,
      person,
      { status: body.status, statusDate: body.status === 'normal' ? null : (body.date ?? null) },
      { reasonType: 'manual', reasonRef: body.reason },
    );
    await recordAudit(trx, request, {
      action: 'person.status_changed',
      entityType: 'person',
      entityId: id,
      regionCode: person.village_code,
      result: 'success',
      detail: {
        status: body.status,
        date: body.date ?? null,
        changed: changes.length > 0,
        reason: body.reason,
      },
    });
  });
  return getPersonDetail(db, actor, id);
}

const periodText = (p: { category: RegistryCategory; validFrom: string; validTo: string | null }) =>
  `${REGISTRY_CATEGORY_LABELS[p.category]} ${p.validFrom}～${p.validTo ?? '至今'}`;

function assertNoOverlap(
  existing: Awaited<ReturnType<typeof findCategoryPeriods>>,
  candidate: { category: RegistryCategory; validFrom: string; validTo: string | null },
  ignoreId?: number,
) {
  if (candidate.validTo !== null && candidate.validTo < candidate.validFrom) {
    throw new AppError(
      'VALIDATION_FAILED',
      `截止日期${candidate.validTo}不能早于起始日期${candidate.validFrom}`,
    );
  }
  const overlap = findOverlappingPeriod(
    existing.map((e) => ({ id: e.id, category: e.category, validFrom: e.valid_from, validTo: e.valid_to })),
    candidate,
    ignoreId,
  );
  if (overlap) {
    throw new AppError(
      'CONFLICT',
      `类别期间“${periodText(candidate)}”与已有期间“${periodText(overlap)}”重叠，请先调整已有期间`,
      { conflictingId: overlap.id },
    );
  }
}

export async function addCategory(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  personId: number,
  body: {
    category: RegistryCategory;
    validFrom: string;
    validTo?: string | null | undefined;
    reason: string;
  },
) {
  const person = await getPersonOrFail(db, actor, personId);
  const candidate = { category: body.category, validFrom: body.validFrom, validTo: body.validTo ?? null };
  await db.transaction().execute(async (trx) => {
    assertNoOverlap(await findCategoryPeriods(trx, person.county_code, personId), candidate);
    const row = await trx
      .insertInto('person_category')
      .values({
        county_code: person.county_code,
        person_id: personId,
        category: candidate.category,
        valid_from: candidate.validFrom,
        valid_to: candidate.validTo,
        source: '手工录入',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertChanges(trx, [
      {
        countyCode: person.county_code,
        entityType: 'person_category',
        entityId: row.id,
        personId,
        field: 'category',
        oldValue: null,
        newValue: periodText(candidate),
        reasonType: 'manual',
        reasonRef: body.reason,
        changedBy: actor.userId,
      },
    ]);
    await recordAudit(trx, request, {
      action: 'person.category_added',
      entityType: 'person',
      entityId: personId,
      regionCode: person.village_code,
      result: 'success',
      detail: { ...candidate, reason: body.reason },
    });
  });
  return getPersonDetail(db, actor, personId);
}

export async function patchCategory(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  personId: number,
  categoryId: number,
  body: { validFrom?: string | undefined; validTo?: string | null | undefined; reason: string },
) {
  const person = await getPersonOrFail(db, actor, personId);
  await db.transaction().execute(async (trx) => {
    const periods = await findCategoryPeriods(trx, person.county_code, personId);
    const current = periods.find((p) => p.id === categoryId);
    if (!current) {
      throw new AppError('NOT_FOUND', `该人员没有编号为${categoryId}的类别记录`);
    }
    const before = { category: current.category, validFrom: current.valid_from, validTo: current.valid_to };
    const after = {
      category: current.category,
      validFrom: body.validFrom ?? current.valid_from,
      validTo: body.validTo === undefined ? current.valid_to : body.validTo,
    };
    assertNoOverlap(periods, after, categoryId);
    if (periodText(before) === periodText(after)) {
      return;
    }
    await trx
      .updateTable('person_category')
      .set({ valid_from: after.validFrom, valid_to: after.validTo })
      .where('county_code', '=', person.county_code)
      .where('id', '=', categoryId)
      .execute();
    await insertChanges(trx, [
      {
        countyCode: person.county_code,
        entityType: 'person_category',
        entityId: categoryId,
        personId,
        field: 'category',
        oldValue: periodText(before),
        newValue: periodText(after),
        reasonType: 'manual',
        reasonRef: body.reason,
        changedBy: actor.userId,
      },
    ]);
    await recordAudit(trx, request, {
      action: 'person.category_changed',
      entityType: 'person',
      entityId: personId,
      regionCode: person.village_code,
      result: 'success',
      detail: { categoryId, before, after, reason: body.reason },
    });
  });
  return getPersonDetail(db, actor, personId);
}
