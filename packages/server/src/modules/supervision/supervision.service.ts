import {
  can,
  checkProblem,
  checkRound,
  countyCodeOf,
  defaultRoundName,
  formatProblemNo,
  maskName,
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_SEVERITY_LABELS,
  PROBLEM_SOURCE_LABELS,
  PROBLEM_STATUS_LABELS,
  type ProblemCategory,
  type ProblemSeverity,
  type ProblemSource,
  type ProblemStatus,
  problemOverdue,
  quarterlyCoverage,
  regionScopePrefix,
  summarizeRectification,
  type TProblemFacts,
  transitionProblem,
  yearOf,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { type RegionScope, todayInChina } from '../diseases/diseases.service.ts';
import { findChildRegions, findRegionsByCodes } from '../regions/regions.repository.ts';
import { getRegionOrFail } from '../regions/regions.service.ts';
import { childPrefixLength } from '../shared/region-levels.ts';
import {
  countProblemsByRound,
  findHouseholdInScope,
  findPersonInScope,
  findProblemInScope,
  findRoundInScope,
  listProblemEvents,
  listProblemFacts,
  listProblems,
  listRounds,
  nextProblemSerial,
  type ProblemRow,
  type RoundRow,
} from './supervision.repository.ts';
import type {
  TProblemBody,
  TProblemDto,
  TProblemFilter,
  TProblemPatch,
  TRoundBody,
  TRoundDto,
  ZEvidenceBody,
  ZProblemStatusBody,
} from './supervision.schema.ts';

/**
 * Supervision rounds (督导检查), the problem ledger (问题清单) and its rectification (整改销号). The domain
 * decides what a change may be (`transitionProblem`, `checkProblem`, `checkRound`); this service loads and
 * scopes the rows, writes each change with its history event and audit row in one transaction, and maps rows
 * to DTOs.
 */

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };
const EXPORT_LIMIT = 50_000;

/** How a user is named in histories: the display name, or the username. */
export const actorName = (actor: Actor) => actor.displayName || actor.username;

function validation(errors: readonly string[]): AppError {
  return new AppError('VALIDATION_FAILED', errors.join('；'), { errors });
}

/** The county a writer works in; supervision records belong to one county's bureau. */
function writerCounty(actor: Actor): string {
  const county = countyCodeOf(actor.regionCode);
  if (!county) {
    throw new AppError('FORBIDDEN', '督导检查记录属于县级卫健部门，请使用县级或以下账号登记');
  }
  return county;
}

// ------------------------------------------------------------------ rounds

function phaseOf(row: { start_date: string; end_date: string }, today: string): TRoundDto['phase'] {
  if (today < row.start_date) {
    return 'planned';
  }
  return today > row.end_date ? 'finished' : 'ongoing';
}

async function roundDtos(db: Db, rows: readonly RoundRow[]): Promise<TRoundDto[]> {
  const today = todayInChina();
  const counts = await countProblemsByRound(
    db,
    rows.map((r) => r.county_code),
    rows.map((r) => r.id),
    today,
  );
  const names = new Map(
    (await findRegionsByCodes(db, [...new Set(rows.flatMap((r) => r.region_codes))])).map((r) => [
      r.code,
      r.name,
    ]),
  );
  return rows.map((row) => {
    const c = counts.get(`${row.county_code}:${row.id}`) ?? { total: 0, closed: 0, overdue: 0 };
    return {
      id: row.id,
      countyCode: row.county_code,
      kind: row.kind,
      year: row.year,
      quarter: row.quarter,
      name: row.name,
      startDate: row.start_date,
      endDate: row.end_date,
      regions: row.region_codes.map((code) => ({ code, name: names.get(code) ?? code })),
      inspectors: row.inspectors,
      leader: row.leader,
      summary: row.summary,
      phase: phaseOf(row, today),
      problems: { total: c.total, closed: c.closed, open: c.total - c.closed, overdue: c.overdue },
    };
  });
}

export async function listRoundsOf(db: Db, scope: DataScope, year: number | undefined) {
  const rows = await listRounds(db, scope, year);
  const coverageYear = year ?? yearOf(todayInChina());
  return {
    items: await roundDtos(db, rows),
    coverage: quarterlyCoverage(
      rows.map((r) => ({ kind: r.kind, startDate: r.start_date, quarter: r.quarter })),
      coverageYear,
    ),
  };
}

async function roundOrFail(db: Db | Transaction<DB>, scope: DataScope, id: number) {
  const row = await findRoundInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `督导轮次（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function getRound(db: Db, scope: DataScope, id: number) {
  const [dto] = await roundDtos(db, [await roundOrFail(db, scope, id)]);
  return dto as TRoundDto;
}

function normalizeCodes(codes: readonly string[]): string[] {
  return codes.map((c) => c.padEnd(12, '0'));
}

async function checkedRound(db: Db, actor: Actor, body: TRoundBody) {
  const countyCode = writerCounty(actor);
  const regionCodes = normalizeCodes(body.regionCodes);
  const name =
    body.name.trim() || defaultRoundName(Number(body.startDate.slice(0, 4)), body.kind, body.quarter);
  const inspectors = body.inspectors.map((i) => i.trim());
  const errors = checkRound({
    countyCode,
    kind: body.kind,
    quarter: body.quarter,
    name,
    startDate: body.startDate,
    endDate: body.endDate,
    regionCodes,
    inspectors,
  });
  const known = new Set((await findRegionsByCodes(db, regionCodes)).map((r) => r.code));
  for (const code of regionCodes) {
    if (!known.has(code) && !errors.some((e) => e.includes(code))) {
      errors.push(`督导范围：区划${code}不存在`);
    }
  }
  if (errors.length > 0) {
    throw validation(errors);
  }
  return {
    county_code: countyCode,
    kind: body.kind,
    year: Number(body.startDate.slice(0, 4)),
    quarter: body.quarter,
    name,
    start_date: body.startDate,
    end_date: body.endDate,
    region_codes: regionCodes,
    inspectors,
    leader: body.leader?.trim() || null,
    summary: body.summary?.trim() || null,
  };
}

function quarterTaken(error: unknown, values: { year: number; quarter: number | null }): never {
  if (error instanceof Error && /sv_round_quarter_uq|duplicate key/.test(error.message)) {
    throw new AppError(
      'CONFLICT',
      `${values.year}年第${values.quarter}季度已有季度督导，请编辑原轮次或改为专项督导`,
    );
  }
  throw error;
}

export async function createRound(db: Db, request: FastifyRequest, actor: Actor, body: TRoundBody) {
  const values = await checkedRound(db, actor, body);
  const id = await db
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .insertInto('sv_round')
        .values({ ...values, created_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, request, {
        action: 'supervision.round_created',
        entityType: 'sv_round',
        entityId: row.id,
        regionCode: `${values.county_code}000000`,
        result: 'success',
        detail: {
          name: values.name,
          kind: values.kind,
          quarter: values.quarter,
          regions: values.region_codes,
        },
      });
      return row.id;
    })
    .catch((error: unknown) => quarterTaken(error, values));
  return getRound(db, dataScopeOf(actor), id);
}

export async function updateRound(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TRoundBody,
) {
  const scope = dataScopeOf(actor);
  const existing = await roundOrFail(db, scope, id);
  const values = await checkedRound(db, actor, body);
  await db
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('sv_round')
        .set({ ...values, updated_at: new Date() })
        .where('county_code', '=', existing.county_code)
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, request, {
        action: 'supervision.round_updated',
        entityType: 'sv_round',
        entityId: id,
        regionCode: `${existing.county_code}000000`,
        result: 'success',
        detail: { name: values.name, regions: values.region_codes, inspectors: values.inspectors },
      });
    })
    .catch((error: unknown) => quarterTaken(error, values));
  return getRound(db, scope, id);
}

// ------------------------------------------------------------------ problems

export function problemDto(row: ProblemRow, today: string, canSeePersons: boolean): TProblemDto {
  const status = row.status as ProblemStatus;
  const overdue = problemOverdue({ status, deadline: row.deadline, closedOn: row.closed_on }, today);
  return {
    id: row.id,
    problemNo: row.problem_no,
    roundId: row.round_id,
    roundName: row.round_name,
    source: row.source as ProblemSource,
    regionCode: row.region_code,
    regionName: row.region_name,
    townshipName: row.township_name,
    householdId: row.household_id,
    householdNo: row.household_no,
    personId: row.person_id,
    personName: row.person_name === null ? null : canSeePersons ? row.person_name : maskName(row.person_name),
    category: row.category as ProblemCategory,
    description: row.description,
    severity: row.severity as ProblemSeverity,
    responsibleUnit: row.responsible_unit,
    responsiblePerson: row.responsible_person,
    foundOn: row.found_on,
    deadline: row.deadline,
    status,
    statusDate: row.status_date,
    closedOn: row.closed_on,
    rectification: row.rectification,
    ...overdue,
  };
}

async function problemOrFail(db: Db | Transaction<DB>, scope: DataScope, id: number) {
  const row = await findProblemInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `问题（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function getProblem(db: Db, actor: Actor, id: number) {
  const row = await problemOrFail(db, dataScopeOf(actor), id);
  const events = await listProblemEvents(db, row.county_code, row.id);
  return {
    ...problemDto(row, todayInChina(), can(actor.role, 'persons.read')),
    history: events.map((e) => ({
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      date: e.event_date,
      note: e.note,
      by: e.by_name,
      at: e.created_at.toISOString(),
    })),
  };
}

export async function listProblemsPage(
  db: Db,
  actor: Actor,
  scope: DataScope,
  filter: TProblemFilter,
  page: Page,
) {
  const today = todayInChina();
  const { total, rows } = await listProblems(
    db,
    scope,
    filter,
    { limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
    today,
  );
  const canSeePersons = can(actor.role, 'persons.read');
  return {
    items: rows.map((r) => problemDto(r, today, canSeePersons)),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function createProblem(db: Db, request: FastifyRequest, actor: Actor, body: TProblemBody) {
  const scope = dataScopeOf(actor);
  const countyCode = writerCounty(actor);
  const today = todayInChina();
  const regionCode = body.regionCode.padEnd(12, '0');
  const errors: string[] = [];
  if (body.foundOn > today) {
    errors.push(`发现日期${body.foundOn}晚于今天${today}`);
  }
  const round = body.roundId ? await roundOrFail(db, scope, body.roundId) : null;
  if (round && round.county_code !== countyCode) {
    errors.push('督导轮次：不属于本县');
  }
  const household = body.householdId ? await findHouseholdInScope(db, scope, body.householdId) : null;
  if (body.householdId && !household) {
    errors.push(`所涉户（编号${body.householdId}）不存在或不在您的管辖范围内`);
  }
  const person = body.personId ? await findPersonInScope(db, scope, body.personId) : null;
  if (body.personId && !person) {
    errors.push(`所涉人员（编号${body.personId}）不存在或不在您的管辖范围内`);
  }
  if (person && household && person.household_id !== household.id) {
    errors.push(`所涉人员${person.name}不是户${household.household_no}的成员`);
  }
  if (!regionCode.startsWith(scope.villagePrefix)) {
    errors.push('所在区域：不在您的管辖范围内');
  }
  errors.push(
    ...checkProblem({
      countyCode,
      regionCode,
      foundOn: body.foundOn,
      deadline: body.deadline,
      description: body.description,
      responsibleUnit: body.responsibleUnit,
      round: round
        ? { startDate: round.start_date, endDate: round.end_date, regionCodes: round.region_codes }
        : null,
      subjectVillageCode: person?.village_code ?? household?.village_code ?? null,
    }),
  );
  if (body.source === 'round' && !round) {
    errors.push('督导轮次：来源为“督导检查”时须选择督导轮次');
  }
  await getRegionOrFail(db, regionCode).catch(() => errors.push(`所在区域：区划${regionCode}不存在`));
  if (errors.length > 0) {
    throw validation(errors);
  }
  const id = await db.transaction().execute(async (trx) => {
    const year = yearOf(body.foundOn);
    const problemNo = formatProblemNo(year, await nextProblemSerial(trx, countyCode, year));
    const row = await trx
      .insertInto('sv_problem')
      .values({
        county_code: countyCode,
        problem_no: problemNo,
        round_id: round?.id ?? null,
        source: body.source,
        region_code: regionCode,
        household_id: household?.id ?? person?.household_id ?? null,
        person_id: person?.id ?? null,
        category: body.category,
        description: body.description.trim(),
        severity: body.severity,
        responsible_unit: body.responsibleUnit.trim(),
        responsible_person: body.responsiblePerson?.trim() || null,
        found_on: body.foundOn,
        deadline: body.deadline,
        status: 'pending',
        status_date: body.foundOn,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('sv_problem_event')
      .values({
        county_code: countyCode,
        problem_id: row.id,
        kind: 'created',
        to_status: 'pending',
        event_date: body.foundOn,
        note: `登记问题：${body.description.trim()}`,
        by_user: actor.userId,
        by_name: actorName(actor),
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'supervision.problem_created',
      entityType: 'sv_problem',
      entityId: row.id,
      regionCode,
      result: 'success',
      detail: { problemNo, roundId: round?.id ?? null, category: body.category, severity: body.severity },
    });
    return row.id;
  });
  return getProblem(db, actor, id);
}

export async function updateProblem(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TProblemPatch,
) {
  const scope = dataScopeOf(actor);
  const row = await problemOrFail(db, scope, id);
  if (row.status === 'closed') {
    throw new AppError('BAD_REQUEST', `问题${row.problem_no}已销号，不能再修改`);
  }
  const next = {
    category: body.category ?? (row.category as ProblemCategory),
    description: body.description?.trim() ?? row.description,
    severity: body.severity ?? row.severity,
    responsible_unit: body.responsibleUnit?.trim() ?? row.responsible_unit,
    responsible_person:
      body.responsiblePerson === undefined ? row.responsible_person : body.responsiblePerson?.trim() || null,
    deadline: body.deadline ?? row.deadline,
  };
  const errors = checkProblem({
    countyCode: row.county_code,
    regionCode: row.region_code,
    foundOn: row.found_on,
    deadline: next.deadline,
    description: next.description,
    responsibleUnit: next.responsible_unit,
    round: null,
    subjectVillageCode: null,
  });
  if (errors.length > 0) {
    throw validation(errors.map((e) => `问题${row.problem_no}的${e}`));
  }
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== row[k]);
  if (changed.length === 0) {
    return getProblem(db, actor, id);
  }
  const FIELD_LABELS: Record<keyof typeof next, string> = {
    category: '问题类别',
    description: '问题描述',
    severity: '严重程度',
    responsible_unit: '责任单位',
    responsible_person: '责任人',
    deadline: '整改时限',
  };
  const summary = changed.map((k) => `${FIELD_LABELS[k]}：${row[k] ?? '—'} → ${next[k] ?? '—'}`).join('；');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sv_problem')
      .set({ ...next, updated_at: new Date() })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .execute();
    await trx
      .insertInto('sv_problem_event')
      .values({
        county_code: row.county_code,
        problem_id: row.id,
        kind: 'edited',
        event_date: todayInChina(),
        note: `${summary}（原因：${body.reason.trim()}）`,
        by_user: actor.userId,
        by_name: actorName(actor),
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'supervision.problem_updated',
      entityType: 'sv_problem',
      entityId: row.id,
      regionCode: row.region_code,
      result: 'success',
      detail: { problemNo: row.problem_no, changed, reason: body.reason.trim() },
    });
  });
  return getProblem(db, actor, id);
}

export async function changeProblemStatus(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: z.infer<typeof ZProblemStatusBody>,
) {
  const scope = dataScopeOf(actor);
  const row = await problemOrFail(db, scope, id);
  const today = todayInChina();
  if (body.date > today) {
    throw new AppError('VALIDATION_FAILED', `问题${row.problem_no}：变更日期${body.date}晚于今天${today}`);
  }
  const from = row.status as ProblemStatus;
  const result = transitionProblem(
    { status: from, statusDate: row.status_date },
    { to: body.to, date: body.date, note: body.note, actorRole: actor.role },
  );
  if (!result.ok) {
    throw new AppError(
      result.error.code === 'ROLE_NOT_ALLOWED' ? 'FORBIDDEN' : 'BAD_REQUEST',
      `问题${row.problem_no}：${result.error.message}`,
      { code: result.error.code },
    );
  }
  const next = result.value;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('sv_problem')
      .set({
        status: next.status,
        status_date: next.statusDate,
        closed_on: next.closedOn,
        ...(next.status === 'awaiting_acceptance' ? { rectification: next.note } : {}),
        updated_at: new Date(),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `问题${row.problem_no}的整改状态已被他人修改，请刷新后重试`);
    }
    await trx
      .insertInto('sv_problem_event')
      .values({
        county_code: row.county_code,
        problem_id: row.id,
        kind: 'status',
        from_status: from,
        to_status: next.status,
        event_date: next.statusDate,
        note: next.note ? `${next.action}：${next.note}` : next.action,
        by_user: actor.userId,
        by_name: actorName(actor),
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'supervision.problem_status_changed',
      entityType: 'sv_problem',
      entityId: row.id,
      regionCode: row.region_code,
      result: 'success',
      detail: { problemNo: row.problem_no, from, to: next.status, date: next.statusDate, note: next.note },
    });
  });
  return getProblem(db, actor, id);
}

export async function addEvidence(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: z.infer<typeof ZEvidenceBody>,
) {
  const row = await problemOrFail(db, dataScopeOf(actor), id);
  if (row.status === 'closed') {
    throw new AppError('BAD_REQUEST', `问题${row.problem_no}已销号，不能再追加佐证材料`);
  }
  const today = todayInChina();
  const date = body.date ?? today;
  if (date > today || date < row.found_on) {
    throw new AppError(
      'VALIDATION_FAILED',
      `问题${row.problem_no}：佐证日期${date}应在发现日期${row.found_on}至今天${today}之间`,
    );
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sv_problem_event')
      .values({
        county_code: row.county_code,
        problem_id: row.id,
        kind: 'evidence',
        event_date: date,
        note: body.note.trim(),
        by_user: actor.userId,
        by_name: actorName(actor),
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'supervision.problem_evidence_added',
      entityType: 'sv_problem',
      entityId: row.id,
      regionCode: row.region_code,
      result: 'success',
      detail: { problemNo: row.problem_no, date },
    });
  });
  return getProblem(db, actor, id);
}

const PROBLEM_COLUMNS = [
  { header: '问题编号', width: 14, value: (p: TProblemDto) => p.problemNo },
  { header: '督导轮次', width: 28, value: (p: TProblemDto) => p.roundName },
  { header: '问题来源', width: 10, value: (p: TProblemDto) => PROBLEM_SOURCE_LABELS[p.source] },
  { header: '乡镇', width: 12, value: (p: TProblemDto) => p.townshipName },
  { header: '所在区域', width: 16, value: (p: TProblemDto) => p.regionName },
  { header: '户编号', width: 18, value: (p: TProblemDto) => p.householdNo },
  { header: '所涉人员', width: 10, value: (p: TProblemDto) => p.personName },
  { header: '问题类别', width: 10, value: (p: TProblemDto) => PROBLEM_CATEGORY_LABELS[p.category] },
  { header: '问题描述', width: 40, value: (p: TProblemDto) => p.description },
  { header: '严重程度', width: 8, value: (p: TProblemDto) => PROBLEM_SEVERITY_LABELS[p.severity] },
  { header: '责任单位', width: 18, value: (p: TProblemDto) => p.responsibleUnit },
  { header: '责任人', width: 10, value: (p: TProblemDto) => p.responsiblePerson },
  { header: '发现日期', width: 12, value: (p: TProblemDto) => p.foundOn },
  { header: '整改时限', width: 12, value: (p: TProblemDto) => p.deadline },
  { header: '整改状态', width: 10, value: (p: TProblemDto) => PROBLEM_STATUS_LABELS[p.status] },
  { header: '状态日期', width: 12, value: (p: TProblemDto) => p.statusDate },
  { header: '销号日期', width: 12, value: (p: TProblemDto) => p.closedOn },
  {
    header: '是否逾期',
    width: 10,
    value: (p: TProblemDto) =>
      p.isOverdue
        ? `逾期${p.daysOverdue}天`
        : p.isClosedLate
          ? '逾期销号'
          : p.status === 'closed'
            ? '按期销号'
            : '未逾期',
  },
  { header: '整改情况', width: 40, value: (p: TProblemDto) => p.rectification },
];

export async function exportProblems(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  region: RegionScope,
  filter: TProblemFilter,
) {
  const today = todayInChina();
  const { rows } = await listProblems(db, region.scope, filter, { limit: EXPORT_LIMIT, offset: 0 }, today);
  await recordAudit(db, request, {
    action: 'supervision.problems_exported',
    entityType: 'sv_problem',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  const canSeePersons = can(actor.role, 'persons.read');
  return buildXlsx(
    '问题清单',
    PROBLEM_COLUMNS,
    rows.map((r) => problemDto(r, today, canSeePersons)),
  );
}

// ------------------------------------------------------------------ 问题整改率 and 清零

/**
 * 问题整改率 and 清零 of a region and of each child region, for problems found in [from, to] (清零: open on
 * `to`, whenever found), by the domain's `summarizeRectification` — the same figures the indicator source
 * computes in SQL.
 */
export async function rectificationSummary(
  db: Db,
  region: RegionScope,
  period: { from?: string | undefined; to?: string | undefined },
) {
  const to = period.to ?? todayInChina();
  const from = period.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) {
    throw new AppError('VALIDATION_FAILED', `开始日期 ${from} 晚于结束日期 ${to}`);
  }
  const regionRow = await getRegionOrFail(db, region.regionCode);
  const facts = await listProblemFacts(db, region.scope, to);
  const prefix = regionScopePrefix(region.regionCode);
  const childLength = childPrefixLength(prefix);
  const children = prefix.length >= 12 ? [] : await findChildRegions(db, region.regionCode);
  const asFacts = (rows: typeof facts): TProblemFacts[] =>
    rows.map((r) => ({ foundOn: r.found_on, closedOn: r.closed_on, deadline: r.deadline }));
  const byChild = new Map<string, typeof facts>();
  for (const row of facts) {
    const key = row.region_code.slice(0, childLength);
    byChild.set(key, [...(byChild.get(key) ?? []), row]);
  }
  return {
    region: { code: regionRow.code, name: regionRow.name },
    from,
    to,
    total: summarizeRectification(asFacts(facts), { from, to }),
    children: children.map((child) => ({
      code: child.code,
      name: child.name,
      ...summarizeRectification(asFacts(byChild.get(child.code.slice(0, childLength)) ?? []), { from, to }),
    })),
    byCategory: PROBLEM_CATEGORIES.map((category) => ({
      category,
      ...summarizeRectification(asFacts(facts.filter((f) => f.category === category)), { from, to }),
    })),
  };
}
