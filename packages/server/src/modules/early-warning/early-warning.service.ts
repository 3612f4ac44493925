import {
  ASSISTANCE_MEASURE_LABELS,
  type AssistanceMeasure,
  ancestorRegionCodes,
  can,
  checkAssistanceMeasure,
  countyCodeOf,
  diffDays,
  formatFen,
  maskIdNumber,
  maskName,
  ratioBp,
  regionScopePrefix,
  selectRuleSet,
  transitionWarning,
  WARNING_RULE_CODES,
  WARNING_RULE_LABELS,
  WARNING_STATUS_LABELS,
  type WarningRuleCode,
  type WarningStatus,
  ZWarningRules,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { auditContextOf, recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { type RegionScope, todayInChina } from '../diseases/diseases.service.ts';
import { findChildRegions } from '../regions/regions.repository.ts';
import { getRegionOrFail } from '../regions/regions.service.ts';
import { childPrefixLength } from '../shared/region-levels.ts';
import { actorName } from '../supervision/supervision.service.ts';
import {
  countHandling,
  findHouseholdInScope,
  findPersonInScope,
  findWarningInScope,
  listMeasures,
  listWarningEvents,
  listWarnings,
  type WarningRow,
} from './early-warning.repository.ts';
import type {
  THandleBody,
  TRuleSetBody,
  TRunDto,
  TWarningDto,
  TWarningFilter,
  ZMeasureBody,
} from './early-warning.schema.ts';
import { createRun, findRunningRun, loadRuleSets, type RunActor } from './warning-runs.ts';

/**
 * 防止因病致贫返贫 monitoring: rule configuration, runs, the warning list and its handling with assistance
 * measures, and 预警处置率 by region. Rules and transitions are decided by the domain; this service scopes,
 * writes (with history and audit in the same transaction) and maps rows to DTOs.
 */

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };
const EXPORT_LIMIT = 50_000;

export function runActorOf(request: FastifyRequest, actor: Actor): RunActor {
  const context = auditContextOf(request);
  return { ...context, displayName: actorName(actor) };
}

// ------------------------------------------------------------------ rule sets

function ruleSetDto(
  row: Awaited<ReturnType<typeof listRuleSetRows>>[number],
  names: Map<string, string>,
  currentId: number | null,
) {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: names.get(row.region_code) ?? row.region_code,
    version: row.version,
    name: row.name,
    effectiveFrom: row.effective_from,
    rules: ZWarningRules.parse(row.body),
    note: row.note,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    isCurrent: row.id === currentId,
  };
}

function listRuleSetRows(db: Db, regionCode: string) {
  const prefix = regionScopePrefix(regionCode);
  return db
    .selectFrom('ew_rule_set')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('region_code', 'like', `${prefix}%`),
        eb('region_code', 'in', ancestorRegionCodes(regionCode)),
      ]),
    )
    .orderBy('region_code')
    .orderBy('version', 'desc')
    .execute();
}

/** Rule sets that apply in the caller's region: those of the region, its parts and its ancestors. */
export async function listRuleSets(db: Db, actor: Actor) {
  const rows = await listRuleSetRows(db, actor.regionCode);
  const sets = await loadRuleSets(db);
  const current = rows.length > 0 ? selectRuleSet(sets, actor.regionCode, todayInChina()) : null;
  const names = new Map(
    (
      await db
        .selectFrom('region')
        .select(['code', 'name'])
        .where('code', 'in', [...new Set(rows.map((r) => r.region_code)), actor.regionCode])
        .execute()
    ).map((r) => [r.code, r.name]),
  );
  return rows.map((row) => ruleSetDto(row, names, current?.id ?? null));
}

/** Saves a new version of the rule set of a region (never edits an old one). */
export async function createRuleSet(db: Db, request: FastifyRequest, actor: Actor, body: TRuleSetBody) {
  const regionCode = body.region ? body.region.padEnd(12, '0') : actor.regionCode;
  if (!regionCode.startsWith(regionScopePrefix(actor.regionCode))) {
    throw new AppError('OUT_OF_SCOPE', `区域“${body.region}”不在您的管辖范围内`);
  }
  const region = await getRegionOrFail(db, regionCode);
  if (region.level === 'village') {
    throw new AppError('VALIDATION_FAILED', '预警规则按县或乡镇配置，不能为单个村配置');
  }
  const id = await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('ew_rule_set')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('region_code', '=', regionCode)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    const row = await trx
      .insertInto('ew_rule_set')
      .values({
        region_code: regionCode,
        version,
        name: body.name,
        effective_from: body.effectiveFrom,
        body: JSON.stringify(body.rules),
        note: body.note?.trim() || null,
        created_by: actor.userId,
        created_by_name: actorName(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'early_warning.rule_set_created',
      entityType: 'ew_rule_set',
      entityId: row.id,
      regionCode,
      result: 'success',
      detail: { name: body.name, version, effectiveFrom: body.effectiveFrom, rules: body.rules },
    });
    return row.id;
  });
  const sets = await listRuleSets(db, actor);
  const created = sets.find((s) => s.id === id);
  if (!created) {
    throw new AppError('INTERNAL', '规则已保存，但读取失败，请刷新');
  }
  return created;
}

// ------------------------------------------------------------------ runs

type RunRow = Awaited<ReturnType<typeof findRunRow>>;

function findRunRow(db: Db, id: number) {
  return db
    .selectFrom('ew_run as r')
    .leftJoin('region as g', 'g.code', 'r.region_code')
    .selectAll('r')
    .select('g.name as region_name')
    .where('r.id', '=', id)
    .executeTakeFirst();
}

function runDto(row: NonNullable<RunRow>): TRunDto {
  const counts = (row.counts ?? {}) as Partial<{
    raised: number;
    refreshed: number;
    byRule: TRunDto['byRule'];
  }>;
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name ?? row.region_code,
    asOf: row.as_of,
    trigger: row.trigger,
    status: row.status,
    totalSteps: row.total_steps,
    doneSteps: row.done_steps,
    raised: counts.raised ?? 0,
    refreshed: counts.refreshed ?? 0,
    byRule: counts.byRule ?? {},
    skipped: ((row.skipped ?? []) as { ruleCode: string; reason: string; subjects: number }[]).map((s) => ({
      ruleCode: s.ruleCode,
      reason: s.reason,
      subjects: s.subjects,
    })),
    error: row.error,
    startedBy: row.started_by_name,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/** A run the caller may see: its region lies within the caller's region. */
export async function getRun(db: Db, actor: Actor, id: number): Promise<TRunDto> {
  const row = await findRunRow(db, id);
  if (!row || !row.region_code.startsWith(regionScopePrefix(actor.regionCode))) {
    throw new AppError('NOT_FOUND', `预警任务（编号${id}）不存在或不在您的管辖范围内`);
  }
  return runDto(row);
}

export async function listRuns(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('ew_run as r')
    .leftJoin('region as g', 'g.code', 'r.region_code')
    .selectAll('r')
    .select('g.name as region_name')
    .where('r.region_code', 'like', `${regionScopePrefix(actor.regionCode)}%`)
    .orderBy('r.id', 'desc')
    .limit(20)
    .execute();
  return rows.map(runDto);
}

/**
 * Starts a run for a region in the caller's scope (county level or below), or returns the one already
 * running for the same county. The caller executes the returned steps (in the background).
 */
export async function prepareRun(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  region: RegionScope,
  asOfInput: string | undefined,
): Promise<{ runId: number; started: boolean; steps: string[]; asOf: string; runActor: RunActor }> {
  const today = todayInChina();
  const asOf = asOfInput ?? today;
  if (asOf > today) {
    throw new AppError('VALIDATION_FAILED', `评估日期${asOf}晚于今天${today}`);
  }
  if (!countyCodeOf(region.regionCode)) {
    throw new AppError('VALIDATION_FAILED', '预警规则按县运行，请选择一个县、乡镇或村');
  }
  const runActor = runActorOf(request, actor);
  const running = await findRunningRun(db, region.regionCode);
  if (running !== null) {
    return { runId: running, started: false, steps: [], asOf, runActor };
  }
  const { runId, steps } = await createRun(db, {
    regionCode: region.regionCode,
    asOf,
    trigger: 'manual',
    actor: runActor,
  });
  return { runId, started: true, steps, asOf, runActor };
}

// ------------------------------------------------------------------ warnings

export function warningDto(row: WarningRow, today: string, canSeePersons: boolean): TWarningDto {
  const ruleCode = row.rule_code as WarningRuleCode;
  return {
    id: row.id,
    ruleCode,
    ruleLabel: WARNING_RULE_LABELS[ruleCode],
    subjectType: row.subject_type,
    personId: row.person_id,
    personName: row.person_name === null ? null : canSeePersons ? row.person_name : maskName(row.person_name),
    idNumberMasked: row.id_number ? maskIdNumber(row.id_number) : null,
    householdId: row.household_id,
    householdNo: row.household_no,
    headName: row.head_name === null ? null : canSeePersons ? row.head_name : maskName(row.head_name),
    villageCode: row.village_code,
    villageName: row.village_name,
    townshipName: row.township_name,
    periodKey: row.period_key,
    raisedOn: row.raised_on,
    lastSeenOn: row.last_seen_on,
    facts: (row.facts ?? {}) as TWarningDto['facts'],
    message: row.message,
    status: row.status as WarningStatus,
    statusDate: row.status_date,
    disposedOn: row.disposed_on,
    reason: row.reason,
    daysOpen: Math.max(
      0,
      diffDays(row.raised_on, row.disposed_on ?? (today < row.raised_on ? row.raised_on : today)),
    ),
  };
}

async function warningOrFail(db: Db | Transaction<DB>, scope: DataScope, id: number) {
  const row = await findWarningInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `预警（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

function measureDto(row: Awaited<ReturnType<typeof listMeasures>>[number]) {
  return {
    id: row.id,
    warningId: row.warning_id,
    householdId: row.household_id,
    personId: row.person_id,
    measure: row.measure as AssistanceMeasure,
    measureLabel: ASSISTANCE_MEASURE_LABELS[row.measure as AssistanceMeasure],
    date: row.measure_date,
    amountFen: row.amount_fen === null ? null : Number(row.amount_fen),
    note: row.note,
    by: row.by_name,
  };
}

export async function getWarning(db: Db, actor: Actor, id: number) {
  const row = await warningOrFail(db, dataScopeOf(actor), id);
  const [events, measures] = await Promise.all([
    listWarningEvents(db, row.county_code, row.id),
    listMeasures(db, row.county_code, { warningId: row.id }),
  ]);
  return {
    ...warningDto(row, todayInChina(), can(actor.role, 'persons.read')),
    history: events.map((e) => ({
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      date: e.event_date,
      note: e.note,
      by: e.by_name,
    })),
    measures: measures.map(measureDto),
  };
}

async function personHousehold(db: Db, scope: DataScope, filter: TWarningFilter) {
  if (filter.personId === undefined) {
    return null;
  }
  const person = await findPersonInScope(db, scope, filter.personId);
  return person?.household_id ?? null;
}

export async function listWarningsPage(
  db: Db,
  actor: Actor,
  scope: DataScope,
  filter: TWarningFilter,
  page: Page,
) {
  const today = todayInChina();
  const { total, rows } = await listWarnings(
    db,
    scope,
    { ...filter, personHouseholdId: await personHousehold(db, scope, filter) },
    { limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
  );
  const canSeePersons = can(actor.role, 'persons.read');
  return {
    items: rows.map((r) => warningDto(r, today, canSeePersons)),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function exportWarnings(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  region: RegionScope,
  filter: TWarningFilter,
) {
  const today = todayInChina();
  const { rows } = await listWarnings(
    db,
    region.scope,
    { ...filter, personHouseholdId: await personHousehold(db, region.scope, filter) },
    { limit: EXPORT_LIMIT, offset: 0 },
  );
  await recordAudit(db, request, {
    action: 'early_warning.exported',
    entityType: 'ew_warning',
    regionCode: region.regionCode,
    result: 'success',
    detail: { rows: rows.length, filter },
  });
  const canSeePersons = can(actor.role, 'persons.read');
  return buildXlsx(
    '风险预警',
    [
      { header: '预警编号', width: 10, value: (w: TWarningDto) => w.id },
      { header: '预警规则', width: 20, value: (w) => w.ruleLabel },
      { header: '乡镇', width: 12, value: (w) => w.townshipName },
      { header: '村', width: 16, value: (w) => w.villageName },
      { header: '户编号', width: 18, value: (w) => w.householdNo },
      { header: '户主', width: 10, value: (w) => w.headName },
      { header: '姓名', width: 10, value: (w) => w.personName },
      { header: '身份证号', width: 22, value: (w) => w.idNumberMasked },
      { header: '预警内容', width: 60, value: (w) => w.message },
      { header: '预警日期', width: 12, value: (w) => w.raisedOn },
      { header: '处置状态', width: 10, value: (w) => WARNING_STATUS_LABELS[w.status] },
      { header: '处置日期', width: 12, value: (w) => w.disposedOn },
      { header: '处置说明', width: 30, value: (w) => w.reason },
      { header: '历时（天）', width: 10, value: (w) => w.daysOpen },
    ],
    rows.map((r) => warningDto(r, today, canSeePersons)),
  );
}

/** Moves a warning on (处置中 / 已处置 / 已排除), recording the measures taken; all in one transaction. */
export async function handleWarning(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: THandleBody,
) {
  const scope = dataScopeOf(actor);
  const row = await warningOrFail(db, scope, id);
  const today = todayInChina();
  const what = `预警#${row.id}（${WARNING_RULE_LABELS[row.rule_code as WarningRuleCode]}）`;
  if (body.date > today) {
    throw new AppError('VALIDATION_FAILED', `${what}：处置日期${body.date}晚于今天${today}`);
  }
  const from = row.status as WarningStatus;
  const result = transitionWarning(
    { status: from, statusDate: row.status_date },
    { to: body.to, date: body.date, reason: body.reason, measures: body.measures },
  );
  if (!result.ok) {
    throw new AppError('BAD_REQUEST', `${what}：${result.error.message}`, { code: result.error.code });
  }
  const next = result.value;
  const measureText = next.measures
    .map((m) => `${ASSISTANCE_MEASURE_LABELS[m.measure]}${m.amountFen ? ` ${formatFen(m.amountFen)}元` : ''}`)
    .join('、');
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('ew_warning')
      .set({
        status: next.status,
        status_date: next.statusDate,
        disposed_on: next.disposedOn,
        reason: next.reason ?? row.reason,
        updated_at: new Date(),
      })
      .where('county_code', '=', row.county_code)
      .where('id', '=', row.id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', `${what}的处置状态已被他人修改，请刷新后重试`);
    }
    if (next.measures.length > 0) {
      await trx
        .insertInto('ew_measure')
        .values(
          next.measures.map((m) => ({
            county_code: row.county_code,
            household_id: row.household_id,
            person_id: row.person_id,
            village_code: row.village_code,
            warning_id: row.id,
            measure: m.measure,
            measure_date: m.date,
            amount_fen: m.amountFen ?? null,
            note: m.note?.trim() || null,
            by_user: actor.userId,
            by_name: actorName(actor),
          })),
        )
        .execute();
    }
    const note = [next.reason, measureText ? `措施：${measureText}` : null].filter(Boolean).join('；');
    await trx
      .insertInto('ew_warning_event')
      .values({
        county_code: row.county_code,
        warning_id: row.id,
        kind: 'status',
        from_status: from,
        to_status: next.status,
        event_date: next.statusDate,
        note: note || null,
        by_user: actor.userId,
        by_name: actorName(actor),
      })
      .execute();
    await recordAudit(trx, request, {
      action: 'early_warning.handled',
      entityType: 'ew_warning',
      entityId: row.id,
      regionCode: row.village_code,
      result: 'success',
      detail: {
        from,
        to: next.status,
        date: next.statusDate,
        reason: next.reason,
        measures: next.measures.map((m) => ({
          measure: m.measure,
          date: m.date,
          amountFen: m.amountFen ?? null,
        })),
      },
    });
  });
  return getWarning(db, actor, id);
}

/**
 * The person and the household an assistance measure is about, each refused (404) when named but not in scope;
 * a person named alone brings his household.
 */
async function subjectInScope(
  db: Db,
  scope: DataScope,
  where: { householdId?: number | null | undefined; personId?: number | null | undefined },
) {
  const person = where.personId ? await findPersonInScope(db, scope, where.personId) : null;
  if (where.personId && !person) {
    throw new AppError('NOT_FOUND', `人员（编号${where.personId}）不存在或不在您的管辖范围内`);
  }
  const householdId = where.householdId ?? person?.household_id ?? null;
  const household = householdId ? await findHouseholdInScope(db, scope, householdId) : null;
  if (householdId && !household) {
    throw new AppError('NOT_FOUND', `户（编号${householdId}）不存在或不在您的管辖范围内`);
  }
  return { person, household };
}

/** Records an assistance measure of a household or person outside a warning (帮扶措施登记). */
export async function recordMeasure(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  body: z.infer<typeof ZMeasureBody>,
) {
  const today = todayInChina();
  const { person, household } = await subjectInScope(db, dataScopeOf(actor), body);
  if (!person && !household) {
    throw new AppError('VALIDATION_FAILED', '帮扶措施：请选择户或人员');
  }
  if (person && household && person.household_id !== household.id) {
    throw new AppError('VALIDATION_FAILED', `帮扶措施：${person.name}不是户${household.household_no}的成员`);
  }
  const problem = checkAssistanceMeasure(
    { measure: body.measure, date: body.date, amountFen: body.amountFen ?? null, note: body.note ?? null },
    0,
    today,
  );
  if (problem) {
    throw new AppError(
      'VALIDATION_FAILED',
      problem.replace('第1项帮扶措施', '帮扶措施').replace('处置日期', '今天'),
    );
  }
  const countyCode = (person?.county_code ?? household?.county_code) as string;
  const villageCode = (person?.village_code ?? household?.village_code) as string;
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('ew_measure')
      .values({
        county_code: countyCode,
        household_id: household?.id ?? null,
        person_id: person?.id ?? null,
        village_code: villageCode,
        warning_id: null,
        measure: body.measure,
        measure_date: body.date,
        amount_fen: body.amountFen ?? null,
        note: body.note?.trim() || null,
        by_user: actor.userId,
        by_name: actorName(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'early_warning.measure_recorded',
      entityType: 'ew_measure',
      entityId: row.id,
      regionCode: villageCode,
      result: 'success',
      detail: {
        householdId: household?.id ?? null,
        personId: person?.id ?? null,
        measure: body.measure,
        date: body.date,
      },
    });
  });
  return listMeasuresOf(db, actor, { householdId: household?.id, personId: person?.id });
}

export async function listMeasuresOf(
  db: Db,
  actor: Actor,
  where: { householdId?: number | undefined; personId?: number | undefined },
) {
  const { person, household } = await subjectInScope(db, dataScopeOf(actor), where);
  const countyCode = person?.county_code ?? household?.county_code;
  if (!countyCode) {
    throw new AppError('VALIDATION_FAILED', '请指定户或人员');
  }
  const rows = await listMeasures(db, countyCode, {
    ...(household ? { householdId: household.id } : {}),
    ...(person ? { personId: person.id } : {}),
  });
  return rows.map(measureDto);
}

// ------------------------------------------------------------------ 预警数 and 处置率 by region

type Tally = { raised: number; disposed: number; open: number };
const withRate = (t: Tally) => ({ ...t, rateBp: ratioBp(t.disposed, t.raised) });

/** Warnings raised in [from, to] and those of them disposed by `to`, by child region and by rule. */
export async function handlingSummary(
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
  const prefix = regionScopePrefix(region.regionCode);
  const childLength = childPrefixLength(prefix);
  const rows = await countHandling(db, region.scope, childLength, { from, to });
  const children = prefix.length >= 12 ? [] : await findChildRegions(db, region.regionCode);
  const empty = (): Tally => ({ raised: 0, disposed: 0, open: 0 });
  const total = empty();
  const byGroup = new Map<string, Tally>();
  const byRule = new Map<string, Tally>();
  for (const row of rows) {
    for (const target of [
      total,
      byGroup.get(row.group_key) ?? byGroup.set(row.group_key, empty()).get(row.group_key),
      byRule.get(row.rule_code) ?? byRule.set(row.rule_code, empty()).get(row.rule_code),
    ] as Tally[]) {
      target.raised += row.raised;
      target.disposed += row.disposed;
      target.open += row.open;
    }
  }
  return {
    region: { code: regionRow.code, name: regionRow.name },
    from,
    to,
    total: withRate(total),
    children: children.map((child) => ({
      code: child.code,
      name: child.name,
      ...withRate(byGroup.get(child.code.slice(0, childLength)) ?? empty()),
    })),
    byRule: WARNING_RULE_CODES.map((ruleCode) => ({
      ruleCode,
      ruleLabel: WARNING_RULE_LABELS[ruleCode],
      ...withRate(byRule.get(ruleCode) ?? empty()),
    })),
  };
}
