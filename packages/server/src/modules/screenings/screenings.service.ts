import {
  checkScreeningReferralChange,
  computeIndicatorValue,
  countedRecordIds,
  findIndicator,
  formatGestationalAge,
  initialScreeningReferralStatus,
  isRegionWithin,
  isRuralVillageName,
  maskIdNumber,
  methodLabel,
  parseCitizenId,
  SCREENING_GROUP_OF,
  SCREENING_INDICATOR_CODES,
  SCREENING_METHODS,
  SCREENING_PROGRAMME_LABELS,
  SCREENING_PROGRAMME_SHORT_LABELS,
  SCREENING_PROGRAMMES,
  SCREENING_REFERRAL_STATUS_LABELS,
  SCREENING_RESULT_LABELS,
  SCREENING_RULES,
  type ScreeningProgramme,
  type ScreeningReferralStatus,
  type ScreeningResult,
  sanitizeSpreadsheetCell,
  twoCancersPriorityGroup,
  validateScreeningRecord,
  validateTarget,
  yearOf,
} from '@healthaid/domain';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB, RegionRow } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { type RegionScope, todayInChina } from '../diseases/diseases.service.ts';
import type { SourceQuery } from '../indicators/indicator-source.types.ts';
import { childPrefixLength } from '../shared/region-levels.ts';
import { screenedByGroup, targetsByGroup } from './screening-indicator-sources.ts';
import {
  applyCountedFlags,
  countAbnormalBy,
  findPersonInScope,
  findPersonKeyByIdNumber,
  findRecordInScope,
  findVillage,
  listPreviousOf,
  listRecords,
  listSubjectRecords,
  listTargets,
  listTownships,
  lockSubject,
  type ScreeningRow,
} from './screenings.repository.ts';
import type {
  TCompletionDto,
  TReferralBody,
  TScreeningCreateBody,
  TScreeningDto,
  TScreeningFilter,
  TTargetsBody,
} from './screenings.schema.ts';

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };
const EXPORT_LIMIT = 50_000;

// ------------------------------------------------------------------ programmes

export function listProgrammes() {
  return SCREENING_PROGRAMMES.map((code) => {
    const rule = SCREENING_RULES[code];
    return {
      code,
      label: SCREENING_PROGRAMME_LABELS[code],
      shortLabel: SCREENING_PROGRAMME_SHORT_LABELS[code],
      group: SCREENING_GROUP_OF[code],
      methods: SCREENING_METHODS[code].map((m) => ({
        ...m,
        window: rule.gestation?.[m.code]
          ? `孕${formatGestationalAge(rule.gestation[m.code]?.fromDays ?? 0).replace('周', '')}至${formatGestationalAge(rule.gestation[m.code]?.toDays ?? 0)}`
          : null,
      })),
      sex: rule.sex,
      minAge: rule.minAge,
      maxAge: rule.maxAge,
      afterBirth: rule.afterBirth,
      targetBasis: rule.targetBasis,
      indicatorCode: SCREENING_INDICATOR_CODES[code],
    };
  });
}

// ------------------------------------------------------------------ records

function toDto(row: ScreeningRow): TScreeningDto {
  const programme = row.programme as ScreeningProgramme;
  return {
    id: row.id,
    programme,
    programmeLabel: SCREENING_PROGRAMME_LABELS[programme],
    method: row.method,
    methodLabel: methodLabel(programme, row.method),
    personId: row.person_id,
    name: row.name,
    idNumberMasked: row.id_number ? maskIdNumber(row.id_number) : null,
    sex: row.sex,
    birthDate: row.birth_date,
    ageYears: row.age_years,
    motherName: row.mother_name,
    motherIdNumberMasked: row.mother_id_number ? maskIdNumber(row.mother_id_number) : null,
    villageCode: row.village_code,
    villageName: row.village_name,
    townshipName: row.township_name,
    priorityGroup: row.priority_group,
    screenedOn: row.screened_on,
    screenedTime: row.screened_time,
    birthTime: row.birth_time,
    gestationalAge: row.gestational_days === null ? null : formatGestationalAge(row.gestational_days),
    hoursOfLife: row.hours_of_life,
    result: row.result as ScreeningResult,
    resultDetail: row.result_detail,
    institution: row.institution,
    isCounted: row.is_counted,
    isVoided: row.is_voided,
    voidReason: row.void_reason,
    referralStatus: row.referral_status as ScreeningReferralStatus,
    referralInstitution: row.referral_institution,
    referredOn: row.referred_on,
    referralDiagnosis: row.referral_diagnosis,
    referralClosedOn: row.referral_closed_on,
    referralNote: row.referral_note,
    createdByName: row.created_by_name,
  };
}

async function recordOrFail(db: Db, scope: DataScope, id: number) {
  const row = await findRecordInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `筛查记录（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function getScreening(db: Db, scope: DataScope, id: number) {
  return toDto(await recordOrFail(db, scope, id));
}

/** What the registry knows about an ID number (within the caller's scope), to prefill the form. */
export async function lookupSubject(db: Db, actor: Actor, raw: string) {
  const today = todayInChina();
  const parsed = parseCitizenId(raw, { today });
  if (!parsed.ok) {
    throw new AppError('VALIDATION_FAILED', `身份证号：${parsed.message}`);
  }
  const scope = dataScopeOf(actor);
  const idNumber = parsed.value.idNumber;
  const key = await findPersonKeyByIdNumber(db, idNumber);
  const person = key ? await findPersonInScope(db, scope, key.county_code, key.person_id, today) : undefined;
  const previous = await listPreviousOf(db, scope, idNumber);
  return {
    idNumber,
    sex: parsed.value.sex,
    birthDate: parsed.value.birthDate,
    person: person
      ? {
          id: person.id,
          name: person.name,
          villageCode: person.village_code,
          villageName: person.village_name,
          categories: person.categories,
          status: person.status,
        }
      : null,
    previous: previous.map((p) => ({
      programme: p.programme as ScreeningProgramme,
      screenedOn: p.screened_on,
      result: p.result as ScreeningResult,
    })),
  };
}

function failWith(messages: readonly string[], details?: unknown): never {
  throw new AppError('VALIDATION_FAILED', messages.join('；'), details);
}

/**
 * Registers one screening: validates it with the domain rules, links the registry person when the ID number
 * belongs to one in the caller's scope, decides whether it counts toward completion (under a per-subject
 * lock) and writes it with its audit event in one transaction.
 */
export async function createScreening(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  body: TScreeningCreateBody,
) {
  const today = todayInChina();
  const outcome = validateScreeningRecord(
    {
      programme: body.programme,
      method: body.method,
      name: body.name,
      idNumber: body.idNumber ?? null,
      sex: body.sex ?? null,
      birthDate: body.birthDate ?? null,
      birthTime: body.birthTime ?? null,
      motherName: body.motherName ?? null,
      motherIdNumber: body.motherIdNumber ?? null,
      screenedOn: body.screenedOn,
      screenedTime: body.screenedTime ?? null,
      gestationalAge: body.gestationalAge ?? null,
      result: body.result,
      resultDetail: body.resultDetail ?? null,
      institution: body.institution ?? null,
    },
    today,
  );
  if (!outcome.ok) {
    failWith(
      outcome.issues.map((i) => i.message),
      { issues: outcome.issues },
    );
  }
  const record = outcome.value;
  const scope = dataScopeOf(actor);

  // The registry person, when the ID number belongs to one.
  const key = record.idNumber ? await findPersonKeyByIdNumber(db, record.idNumber) : undefined;
  const person = key
    ? await findPersonInScope(db, scope, key.county_code, key.person_id, record.screenedOn)
    : undefined;
  if (key && !person) {
    throw new AppError(
      'OUT_OF_SCOPE',
      '该身份证号对应的人员已在其他地区建档，不在您的管辖范围内，请由其所在乡镇登记',
    );
  }
  let villageCode: string;
  let villageName: string;
  if (person) {
    if (person.name !== record.name) {
      failWith([`姓名“${record.name}”与人员档案中的“${person.name}”不一致，请核对`]);
    }
    if (person.status === 'dead' && person.status_date && person.status_date <= record.screenedOn) {
      failWith([`该人员已于${person.status_date}死亡，不能登记此后的筛查`]);
    }
    villageCode = person.village_code;
    villageName = person.village_name;
  } else {
    if (!body.villageCode) {
      failWith(['该人员不在人员档案中，请选择居住村（社区）']);
    }
    const village = await findVillage(db, body.villageCode);
    if (!village || village.level !== 'village') {
      failWith([`居住村（社区）“${body.villageCode}”不是村级区划`]);
    }
    if (!isRegionWithin(village.code, actor.regionCode)) {
      throw new AppError('OUT_OF_SCOPE', `居住村（社区）“${village.name}”不在您的管辖范围内`);
    }
    villageCode = village.code;
    villageName = village.name;
  }
  const countyCode = villageCode.slice(0, 6);
  const priorityGroup =
    SCREENING_GROUP_OF[record.programme] === 'two_cancers'
      ? twoCancersPriorityGroup({
          categories: person?.categories ?? [],
          isRuralVillage: isRuralVillageName(villageName),
        })
      : null;

  const id = await db.transaction().execute(async (trx) => {
    await lockSubject(trx, countyCode, record.programme, record.subjectKey);
    const row = await trx
      .insertInto('screening_record')
      .values({
        county_code: countyCode,
        programme: record.programme,
        method: record.method,
        person_id: person?.id ?? null,
        subject_key: record.subjectKey,
        id_number: record.idNumber,
        name: record.name,
        sex: record.sex,
        birth_date: record.birthDate,
        birth_time: record.birthTime,
        mother_name: record.motherName,
        mother_id_number: record.motherIdNumber,
        village_code: villageCode,
        priority_group: priorityGroup,
        screened_on: record.screenedOn,
        screened_time: record.screenedTime,
        screening_year: yearOf(record.screenedOn),
        gestational_days: record.gestationalDays,
        hours_of_life: record.hoursOfLife,
        age_years: record.ageYears,
        result: record.result,
        result_detail: record.resultDetail,
        institution: record.institution,
        is_counted: false,
        referral_status: initialScreeningReferralStatus(record.result),
        created_by: actor.userId,
        created_by_name: actor.displayName || actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await listSubjectRecords(trx, countyCode, record.programme, record.subjectKey);
    const counted = countedRecordIds(
      rows.map((r) => ({ id: r.id, screenedOn: r.screened_on, isVoided: r.is_voided })),
    );
    await applyCountedFlags(trx, countyCode, rows, counted);
    await recordAudit(trx, request, {
      action: 'screening.created',
      entityType: 'screening_record',
      entityId: row.id,
      regionCode: villageCode,
      result: 'success',
      detail: {
        programme: record.programme,
        result: record.result,
        personId: person?.id ?? null,
        idNumberMasked: record.idNumber ? maskIdNumber(record.idNumber) : null,
        isCounted: counted.has(row.id),
      },
    });
    return row.id;
  });
  return toDto(await recordOrFail(db, scope, id));
}

export async function listScreeningsPage(db: Db, scope: DataScope, filter: TScreeningFilter, page: Page) {
  const { total, rows } = await listRecords(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(toDto), total, page: page.page, pageSize: page.pageSize };
}

export async function listScreeningsOfPerson(db: Db, scope: DataScope, personId: number) {
  const { rows } = await listRecords(
    db,
    scope,
    { personId, countyCode: scope.countyCode ?? undefined, includeVoided: true },
    { limit: 500, offset: 0 },
  );
  return rows.map(toDto);
}

const YES_NO = (v: boolean) => (v ? '是' : '否');
const SCREENING_COLUMNS = [
  { header: '乡镇', value: (d: TScreeningDto) => d.townshipName },
  { header: '村（社区）', value: (d: TScreeningDto) => d.villageName },
  { header: '筛查项目', width: 22, value: (d: TScreeningDto) => d.programmeLabel },
  { header: '筛查方法', width: 20, value: (d: TScreeningDto) => d.methodLabel },
  { header: '姓名', width: 12, value: (d: TScreeningDto) => d.name },
  { header: '身份证号', width: 22, value: (d: TScreeningDto) => d.idNumberMasked ?? '' },
  { header: '母亲身份证号', width: 22, value: (d: TScreeningDto) => d.motherIdNumberMasked ?? '' },
  { header: '性别', width: 6, value: (d: TScreeningDto) => (d.sex === 'F' ? '女' : '男') },
  { header: '年龄', width: 6, value: (d: TScreeningDto) => d.ageYears },
  { header: '孕周', width: 8, value: (d: TScreeningDto) => d.gestationalAge ?? '' },
  { header: '筛查日期', width: 12, value: (d: TScreeningDto) => d.screenedOn },
  {
    header: '结果',
    width: 12,
    value: (d: TScreeningDto) => SCREENING_RESULT_LABELS[d.result],
  },
  { header: '结果说明', width: 24, value: (d: TScreeningDto) => d.resultDetail ?? '' },
  {
    header: '转诊状态',
    width: 10,
    value: (d: TScreeningDto) => SCREENING_REFERRAL_STATUS_LABELS[d.referralStatus],
  },
  { header: '转诊机构', width: 18, value: (d: TScreeningDto) => d.referralInstitution ?? '' },
  { header: '确诊结果', width: 18, value: (d: TScreeningDto) => d.referralDiagnosis ?? '' },
  { header: '筛查机构', width: 18, value: (d: TScreeningDto) => d.institution ?? '' },
  { header: '在人员档案中', width: 8, value: (d: TScreeningDto) => YES_NO(d.personId !== null) },
  { header: '计入完成数', width: 8, value: (d: TScreeningDto) => YES_NO(d.isCounted) },
  { header: '已作废', width: 8, value: (d: TScreeningDto) => YES_NO(d.isVoided) },
];

export async function exportScreenings(
  db: Db,
  request: FastifyRequest,
  region: RegionScope,
  filter: TScreeningFilter,
) {
  const { total, rows } = await listRecords(db, region.scope, filter, { limit: EXPORT_LIMIT, offset: 0 });
  if (total > EXPORT_LIMIT) {
    throw new AppError(
      'VALIDATION_FAILED',
      `符合条件的记录有${total}条，超过单次导出上限${EXPORT_LIMIT}条，请缩小区域或日期范围`,
    );
  }
  await recordAudit(db, request, {
    action: 'screening.exported',
    entityType: 'screening_record',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  return buildXlsx('两筛两癌筛查记录', SCREENING_COLUMNS, rows.map(toDto));
}

/** The full ID numbers of a record (person and mother) on demand; every reveal is audited. */
export async function revealScreeningId(db: Db, request: FastifyRequest, actor: Actor, id: number) {
  const row = await recordOrFail(db, dataScopeOf(actor), id);
  await recordAudit(db, request, {
    action: 'screening.id_revealed',
    entityType: 'screening_record',
    entityId: id,
    regionCode: row.village_code,
    result: 'success',
    idUnmasked: true,
    detail: {
      idNumberMasked: row.id_number ? maskIdNumber(row.id_number) : null,
      motherIdNumberMasked: row.mother_id_number ? maskIdNumber(row.mother_id_number) : null,
    },
  });
  return { idNumber: row.id_number, motherIdNumber: row.mother_id_number };
}

export async function changeReferral(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TReferralBody,
) {
  const scope = dataScopeOf(actor);
  const row = await recordOrFail(db, scope, id);
  if (row.is_voided) {
    failWith(['该筛查记录已作废，不能登记转诊']);
  }
  const problems = checkScreeningReferralChange(
    {
      status: row.referral_status as ScreeningReferralStatus,
      screenedOn: row.screened_on,
      referredOn: row.referred_on,
    },
    {
      to: body.to,
      date: body.date,
      institution: body.institution ?? null,
      diagnosis: body.diagnosis ?? null,
    },
    todayInChina(),
  );
  if (problems.length > 0) {
    failWith(problems);
  }
  const isClosing = body.to === 'confirmed' || body.to === 'excluded' || body.to === 'lost';
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('screening_record')
      .set({
        referral_status: body.to,
        ...(body.to === 'referred'
          ? {
              referral_institution: body.institution ?? null,
              referred_on: body.date,
              referral_closed_on: null,
            }
          : {}),
        ...(isClosing ? { referral_closed_on: body.date } : {}),
        ...(body.to === 'confirmed' ? { referral_diagnosis: body.diagnosis ?? null } : {}),
        ...(body.note ? { referral_note: body.note } : {}),
        updated_at: sql`now()`,
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, request, {
      action: 'screening.referral_changed',
      entityType: 'screening_record',
      entityId: id,
      regionCode: row.village_code,
      result: 'success',
      detail: {
        from: row.referral_status,
        to: body.to,
        date: body.date,
        institution: body.institution ?? null,
      },
    });
  });
  return toDto(await recordOrFail(db, scope, id));
}

/** Voids a wrong record; another record of the subject may then count toward completion instead. */
export async function voidScreening(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  reason: string,
) {
  const scope = dataScopeOf(actor);
  const row = await recordOrFail(db, scope, id);
  if (row.is_voided) {
    failWith(['该筛查记录已作废']);
  }
  await db.transaction().execute(async (trx) => {
    await lockSubject(trx, row.county_code, row.programme, row.subject_key);
    await trx
      .updateTable('screening_record')
      .set({
        is_voided: true,
        is_counted: false,
        void_reason: reason,
        voided_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    const rows = await listSubjectRecords(trx, row.county_code, row.programme, row.subject_key);
    await applyCountedFlags(
      trx,
      row.county_code,
      rows,
      countedRecordIds(rows.map((r) => ({ id: r.id, screenedOn: r.screened_on, isVoided: r.is_voided }))),
    );
    await recordAudit(trx, request, {
      action: 'screening.voided',
      entityType: 'screening_record',
      entityId: id,
      regionCode: row.village_code,
      result: 'success',
      detail: { reason, programme: row.programme, wasCounted: row.is_counted },
    });
  });
  return toDto(await recordOrFail(db, scope, id));
}

// ------------------------------------------------------------------ targets

export async function getTargets(db: Db, region: RegionRow, prefix: string, year: number) {
  const townships = await listTownships(db, region.level === 'village' ? prefix.slice(0, 9) : prefix);
  const targets = await listTargets(db, prefix.slice(0, Math.min(prefix.length, 9)), year);
  const byKey = new Map(targets.map((t) => [`${t.township_code}|${t.programme}`, t.target_count]));
  return {
    year,
    programmes: SCREENING_PROGRAMMES.map((code) => ({
      code,
      label: SCREENING_PROGRAMME_SHORT_LABELS[code],
      basis: SCREENING_RULES[code].targetBasis,
    })),
    rows: townships.map((t) => ({
      townshipCode: t.code,
      townshipName: t.name,
      targets: Object.fromEntries(
        SCREENING_PROGRAMMES.map((p) => [p, byKey.get(`${t.code}|${p}`) ?? null]),
      ) as Record<string, number | null>,
    })),
  };
}

/** Sets yearly targets of townships (upsert), all or nothing, audited with the previous values. */
export async function saveTargets(db: Db, request: FastifyRequest, actor: Actor, body: TTargetsBody) {
  const problems: string[] = [];
  const townships = new Map<string, { name: string; county: string }>();
  for (const [i, item] of body.items.entries()) {
    for (const p of validateTarget({
      programme: item.programme,
      year: body.year,
      basis: SCREENING_RULES[item.programme].targetBasis,
      count: item.count,
    })) {
      problems.push(`第${i + 1}项：${p}`);
    }
    if (!townships.has(item.townshipCode)) {
      const region = await findVillage(db, item.townshipCode);
      if (!region || region.level !== 'township') {
        problems.push(`第${i + 1}项：“${item.townshipCode}”不是乡镇级区划`);
        continue;
      }
      if (!isRegionWithin(region.code, actor.regionCode)) {
        throw new AppError('OUT_OF_SCOPE', `乡镇“${region.name}”不在您的管辖范围内`);
      }
      townships.set(item.townshipCode, { name: region.name, county: region.code.slice(0, 6) });
    }
  }
  if (problems.length > 0) {
    failWith(problems.slice(0, 20));
  }
  const keys = new Set(body.items.map((i) => `${i.townshipCode}|${i.programme}`));
  if (keys.size !== body.items.length) {
    failWith(['同一乡镇同一项目的目标重复填写']);
  }
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('screening_target')
      .select(['township_code', 'programme', 'target_count'])
      .where('year', '=', body.year)
      .where('township_code', 'in', [...townships.keys()])
      .execute();
    for (const item of body.items) {
      await trx
        .insertInto('screening_target')
        .values({
          county_code: item.townshipCode.slice(0, 6),
          programme: item.programme,
          year: body.year,
          township_code: item.townshipCode,
          basis: SCREENING_RULES[item.programme].targetBasis,
          target_count: item.count,
          note: item.note ?? null,
          updated_by: actor.userId,
        })
        .onConflict((oc) =>
          oc.columns(['county_code', 'programme', 'year', 'township_code']).doUpdateSet({
            target_count: item.count,
            note: item.note ?? null,
            updated_by: actor.userId,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    }
    const previous = new Map(before.map((b) => [`${b.township_code}|${b.programme}`, b.target_count]));
    await recordAudit(trx, request, {
      action: 'screening.targets_saved',
      entityType: 'screening_target',
      entityId: body.year,
      regionCode: actor.regionCode,
      result: 'success',
      detail: {
        year: body.year,
        changes: body.items.map((i) => ({
          township: i.townshipCode,
          programme: i.programme,
          from: previous.get(`${i.townshipCode}|${i.programme}`) ?? null,
          to: i.count,
        })),
      },
    });
  });
  return { saved: body.items.length };
}

// ------------------------------------------------------------------ completion

type Cell = TCompletionDto['rows'][number]['cells'][string];

function cellOf(
  programme: ScreeningProgramme,
  screened: number,
  target: number,
  abnormal: number,
  open: number,
) {
  const definition = findIndicator(SCREENING_INDICATOR_CODES[programme]);
  const value = definition
    ? computeIndicatorValue(definition, { numerator: screened, denominator: target })
    : null;
  return {
    screened,
    target,
    rateBp: value?.value ?? null,
    display: value?.display ?? '—',
    abnormal,
    openReferrals: open,
  } satisfies Cell;
}

/**
 * 两筛两癌完成情况: for each child region and programme, screened (counted) persons, the target and the
 * completion rate, plus abnormal results and open referrals; the total row is the region itself.
 */
export async function buildCompletion(
  db: Db,
  region: RegionRow,
  query: SourceQuery,
): Promise<TCompletionDto> {
  const childLength = childPrefixLength(query.prefix);
  const children = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('parent_code', '=', region.code)
    .orderBy('code')
    .execute();
  const units = children.length > 0 ? children : [{ code: region.code, name: region.name }];
  const length = children.length > 0 ? childLength : query.prefix.length;
  const q = { ...query, groupLength: length };
  const [screened, targets, abnormal] = await Promise.all([
    screenedByGroup(db, q),
    targetsByGroup(db, q),
    countAbnormalBy(db, q),
  ]);
  const index = (rows: readonly { group_key: string; programme: string; n: number }[]) =>
    new Map(rows.map((r) => [`${r.group_key}|${r.programme}`, r.n]));
  const s = index(screened);
  const t = index(targets);
  const a = new Map(abnormal.map((r) => [`${r.group_key}|${r.programme}`, r]));
  const sum = (map: Map<string, number>, p: string) =>
    [...map.entries()].filter(([k]) => k.endsWith(`|${p}`)).reduce((acc, [, n]) => acc + n, 0);
  const rows = units.map((u) => {
    const key = u.code.slice(0, length);
    return {
      code: u.code,
      name: u.name,
      cells: Object.fromEntries(
        SCREENING_PROGRAMMES.map((p) => [
          p,
          cellOf(
            p,
            s.get(`${key}|${p}`) ?? 0,
            t.get(`${key}|${p}`) ?? 0,
            a.get(`${key}|${p}`)?.abnormal ?? 0,
            a.get(`${key}|${p}`)?.open ?? 0,
          ),
        ]),
      ),
    };
  });
  const total = {
    code: region.code,
    name: '合计',
    cells: Object.fromEntries(
      SCREENING_PROGRAMMES.map((p) => [
        p,
        cellOf(
          p,
          sum(s, p),
          sum(t, p),
          abnormal.filter((r) => r.programme === p).reduce((acc, r) => acc + r.abnormal, 0),
          abnormal.filter((r) => r.programme === p).reduce((acc, r) => acc + r.open, 0),
        ),
      ]),
    ),
  };
  return {
    region: { code: region.code, name: region.name },
    from: query.from,
    to: query.to,
    programmes: SCREENING_PROGRAMMES.map((code) => ({
      code,
      label: SCREENING_PROGRAMME_SHORT_LABELS[code],
      indicatorCode: SCREENING_INDICATOR_CODES[code],
    })),
    rowsHaveTargets: length <= 9,
    rows,
    total,
  };
}

/** The completion table in the layout of the bureau's report: programme groups over 任务数/完成数/完成比率. */
export async function completionXlsx(built: TCompletionDto): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HealthAid';
  const sheet = workbook.addWorksheet('两筛两癌完成情况', {
    views: [{ state: 'frozen', ySplit: 4, xSplit: 1 }],
  });
  const width = 1 + built.programmes.length * 4;
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).value = `${built.region.name}“两筛”“两癌”工作完成情况统计表`;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, width);
  sheet.getCell(2, 1).value = `统计期间：${built.from}至${built.to}    单位：人、%`;
  sheet.getCell(2, 1).alignment = { horizontal: 'right' };
  sheet.mergeCells(3, 1, 4, 1);
  sheet.getCell(3, 1).value = '区划';
  built.programmes.forEach((p, i) => {
    const col = 2 + i * 4;
    sheet.mergeCells(3, col, 3, col + 3);
    sheet.getCell(3, col).value = p.label;
    ['任务数', '完成数', '完成比率', '异常数'].forEach((title, j) => {
      sheet.getCell(4, col + j).value = title;
    });
  });
  for (const r of [3, 4]) {
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  }
  const addRow = (row: TCompletionDto['total'], isTotal: boolean) => {
    const values: (string | number)[] = [sanitizeSpreadsheetCell(row.name) as string];
    for (const p of built.programmes) {
      const cell = row.cells[p.code];
      values.push(cell?.target ?? 0, cell?.screened ?? 0, cell?.display ?? '—', cell?.abnormal ?? 0);
    }
    const added = sheet.addRow(values);
    if (isTotal) {
      added.font = { bold: true };
    }
  };
  for (const row of built.rows) {
    addRow(row, false);
  }
  addRow(built.total, true);
  const border = { style: 'thin' as const };
  for (let r = 3; r <= sheet.rowCount; r++) {
    for (let c = 1; c <= width; c++) {
      sheet.getCell(r, c).border = { top: border, left: border, bottom: border, right: border };
    }
  }
  sheet.addRow([]);
  sheet.addRow([
    '说明：完成数为期内筛查人数（同一人同一项目同一年度只计一次）；任务数为期内所含年度下达的任务数，新生儿项目为活产数；完成比率=完成数÷任务数×100%。数据来源：HealthAid 实时数据。',
  ]);
  sheet.getColumn(1).width = 22;
  for (let c = 2; c <= width; c++) {
    sheet.getColumn(c).width = 9;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
