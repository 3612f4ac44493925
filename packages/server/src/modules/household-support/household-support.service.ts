import {
  CAMPAIGN_PHASE_LABELS,
  type CampaignPhase,
  campaignPhase,
  campaignScopeDate,
  can,
  countyCodeOf,
  formatBp,
  formatFen,
  isRegionWithin,
  KIT_KIND_LABELS,
  type KitKind,
  MoneyError,
  normalizeRegionCode,
  parseYuanToFen,
  questionnaireOn,
  ratioBp,
  regionLevelOf,
  regionScopePrefix,
  SUPPORT_NEED_LABELS,
  SUPPORT_NEEDS,
  type SupportNeed,
  scoreSurvey,
  VISIT_CONTACT_LABELS,
  VISITOR_ROLE_LABELS,
  type VisitContact,
  type VisitorRole,
  validateCampaign,
  validateKitDistribution,
  validateSupportVisit,
  visitCoverageBp,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB, RegionRow } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { buildXlsx } from '../../http/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DataScope, dataScopeOf } from '../auth/data-scope.ts';
import { type RegionScope, todayInChina } from '../diseases/diseases.service.ts';
import type { SourceQuery } from '../indicators/indicator-source.types.ts';
import { childPrefixLength } from '../shared/region-levels.ts';
import {
  type CampaignRow,
  type CoverageCounts,
  campaignCoverage,
  campaignKitsAndSurveys,
  campaignNeeds,
  countVisitsAfter,
  findCampaignRow,
  findHouseholdInScope,
  findKitInScope,
  findMember,
  findVisitInScope,
  type HouseholdInScope,
  type KitRow,
  listCampaignRows,
  listChecklist,
  listKits,
  listVisits,
  surveyFigures,
  type VisitRow,
} from './household-support.repository.ts';
import type {
  TCampaignBody,
  TCampaignDto,
  TCampaignPatch,
  TChecklistFilter,
  TChecklistRow,
  TKitBody,
  TKitDto,
  TKitFilter,
  TVisitBody,
  TVisitDto,
  TVisitFilter,
  ZCampaignDetailDto,
  ZKitInput,
} from './household-support.schema.ts';

type Db = Kysely<DB>;
type Page = { page: number; pageSize: number };
const EXPORT_LIMIT = 50_000;
function fail(messages: readonly string[]): never {
  throw new AppError('VALIDATION_FAILED', messages.join('；'));
}

/** Refuses an export above the limit, then audits it (what, where, how many rows, which filter). */
async function auditExport(
  db: Db,
  request: FastifyRequest,
  what: { action: string; entityType: string; label: string; regionCode: string; filter: unknown },
  total: number,
  rows: number,
) {
  if (total > EXPORT_LIMIT) {
    fail([`符合条件的${what.label}有${total}条，超过单次导出上限${EXPORT_LIMIT}条，请缩小范围`]);
  }
  await recordAudit(db, request, {
    action: what.action,
    entityType: what.entityType,
    regionCode: what.regionCode,
    result: 'success',
    detail: { rows, filter: what.filter },
  });
}

// ------------------------------------------------------------------ campaigns

type Coverage = TCampaignDto['coverage'];

function coverageOf(counts: readonly CoverageCounts[]): Coverage {
  const inScope = counts.reduce((a, c) => a + c.in_scope, 0);
  const visited = counts.reduce((a, c) => a + c.visited, 0);
  const notHome = counts.reduce((a, c) => a + c.not_home, 0);
  const rateBp = visitCoverageBp(visited, inScope);
  return {
    inScope,
    visited,
    notHome,
    unvisited: inScope - visited - notHome,
    rateBp,
    display: rateBp === null ? '—' : formatBp(rateBp),
  };
}

/** The part of a campaign the caller works on: the narrower of the campaign region and his own scope. */
function workingPrefix(campaign: CampaignRow, scope: DataScope): string {
  const campaignPrefix = regionScopePrefix(campaign.region_code);
  return scope.villagePrefix.length > campaignPrefix.length ? scope.villagePrefix : campaignPrefix;
}

async function campaignDto(
  db: Db,
  actor: Actor,
  campaign: CampaignRow,
  today: string,
): Promise<TCampaignDto> {
  const scope = dataScopeOf(actor);
  const prefix = workingPrefix(campaign, scope);
  const scopeDate = campaignScopeDate({ startOn: campaign.start_on, endOn: campaign.end_on }, today);
  const counts = await campaignCoverage(
    db,
    { prefix, countyCode: campaign.county_code, groupLength: prefix.length },
    campaign,
    scopeDate,
  );
  const phase: CampaignPhase = campaignPhase({ startOn: campaign.start_on, endOn: campaign.end_on }, today);
  return {
    id: campaign.id,
    name: campaign.name,
    regionCode: campaign.region_code,
    regionName: campaign.region_name,
    startOn: campaign.start_on,
    endOn: campaign.end_on,
    description: campaign.description,
    phase,
    phaseLabel: CAMPAIGN_PHASE_LABELS[phase],
    scopeDate,
    coverage: coverageOf(counts),
    canManage: can(actor.role, 'support.campaigns') && isRegionWithin(campaign.region_code, actor.regionCode),
  };
}

async function campaignOrFail(db: Db | Transaction<DB>, actor: Actor, id: number) {
  const campaign = await findCampaignRow(db, dataScopeOf(actor), actor.regionCode, id);
  if (!campaign) {
    throw new AppError('NOT_FOUND', `走访活动（编号${id}）不存在或不在您的管辖范围内`);
  }
  return campaign;
}

export async function listCampaigns(db: Db, actor: Actor, phase?: CampaignPhase) {
  const today = todayInChina();
  const rows = await listCampaignRows(db, dataScopeOf(actor), actor.regionCode);
  const dtos = [];
  for (const row of rows) {
    if (phase && campaignPhase({ startOn: row.start_on, endOn: row.end_on }, today) !== phase) {
      continue;
    }
    dtos.push(await campaignDto(db, actor, row, today));
  }
  return dtos;
}

export async function getCampaign(
  db: Db,
  actor: Actor,
  id: number,
): Promise<z.infer<typeof ZCampaignDetailDto>> {
  const today = todayInChina();
  const campaign = await campaignOrFail(db, actor, id);
  const base = await campaignDto(db, actor, campaign, today);
  const prefix = workingPrefix(campaign, dataScopeOf(actor));
  const childLength = childPrefixLength(prefix);
  const [counts, children, needs, extras] = await Promise.all([
    campaignCoverage(
      db,
      { prefix, countyCode: campaign.county_code, groupLength: childLength },
      campaign,
      base.scopeDate,
    ),
    db
      .selectFrom('region')
      .select(['code', 'name'])
      .where('parent_code', '=', prefix.padEnd(12, '0'))
      .orderBy('code')
      .execute(),
    campaignNeeds(db, prefix, campaign.county_code, campaign.id),
    campaignKitsAndSurveys(db, prefix, campaign.county_code, campaign.id),
  ]);
  const byKey = new Map(counts.map((c) => [c.group_key, c]));
  const needCounts = new Map(needs.map((n) => [n.need, n.n]));
  const surveyRate = ratioBp(extras.surveys.aware, extras.surveys.surveyed);
  return {
    ...base,
    children: children.map((child) => {
      const c = byKey.get(child.code.slice(0, childLength));
      return { code: child.code, name: child.name, coverage: coverageOf(c ? [c] : []) };
    }),
    needs: SUPPORT_NEEDS.map((code) => ({
      code,
      label: SUPPORT_NEED_LABELS[code],
      households: needCounts.get(code) ?? 0,
    })),
    kits: { records: extras.kits.records, kits: extras.kits.kits, valueFen: Number(extras.kits.value_fen) },
    surveys: {
      surveyed: extras.surveys.surveyed,
      aware: extras.surveys.aware,
      rateBp: surveyRate,
      display: surveyRate === null ? '—' : formatBp(surveyRate),
    },
  };
}

export async function createCampaign(db: Db, request: FastifyRequest, actor: Actor, body: TCampaignBody) {
  const problems = validateCampaign({ name: body.name, startOn: body.startOn, endOn: body.endOn });
  const code = normalizeRegionCode(body.regionCode);
  if (!code) {
    problems.push(`活动区域“${body.regionCode}”不是有效的区划代码`);
  } else if (!['county', 'township'].includes(regionLevelOf(code))) {
    problems.push('活动区域应为县（市、区）或乡镇');
  }
  if (problems.length > 0 || !code) {
    fail(problems);
  }
  if (!isRegionWithin(code, actor.regionCode)) {
    throw new AppError('OUT_OF_SCOPE', '活动区域不在您的管辖范围内');
  }
  const region = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!region) {
    fail([`活动区域“${code}”不存在`]);
  }
  const countyCode = countyCodeOf(code) ?? code.slice(0, 6);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('support_campaign')
      .values({
        county_code: countyCode,
        name: body.name.trim(),
        region_code: code,
        start_on: body.startOn,
        end_on: body.endOn,
        description: body.description ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'support.campaign_created',
      entityType: 'support_campaign',
      entityId: row.id,
      regionCode: code,
      result: 'success',
      detail: { name: body.name.trim(), startOn: body.startOn, endOn: body.endOn },
    });
    return row.id;
  });
  return getCampaign(db, actor, id);
}

export async function patchCampaign(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  body: TCampaignPatch,
) {
  const campaign = await campaignOrFail(db, actor, id);
  if (!isRegionWithin(campaign.region_code, actor.regionCode)) {
    throw new AppError('FORBIDDEN', '只有活动所属地区的人员可以修改该活动');
  }
  const next = {
    name: body.name ?? campaign.name,
    startOn: campaign.start_on,
    endOn: body.endOn ?? campaign.end_on,
  };
  const problems = validateCampaign(next);
  if (body.endOn && body.endOn < campaign.end_on) {
    const later = await countVisitsAfter(db, campaign.county_code, id, body.endOn);
    if (later.n > 0) {
      problems.push(`已有${later.n}条走访记录晚于新的结束日期${body.endOn}`);
    }
  }
  if (problems.length > 0) {
    fail(problems);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('support_campaign')
      .set({
        name: next.name.trim(),
        end_on: next.endOn,
        ...(body.description !== undefined ? { description: body.description } : {}),
        updated_at: sql`now()`,
      })
      .where('county_code', '=', campaign.county_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, request, {
      action: 'support.campaign_changed',
      entityType: 'support_campaign',
      entityId: id,
      regionCode: campaign.region_code,
      result: 'success',
      detail: {
        before: { name: campaign.name, endOn: campaign.end_on },
        after: { name: next.name, endOn: next.endOn },
      },
    });
  });
  return getCampaign(db, actor, id);
}

// ------------------------------------------------------------------ checklist

const STATUS_LABELS = { visited: '已走访', not_home: '家中无人待再访', unvisited: '未走访' } as const;

/** One page of a campaign's 走访清单 (households in scope with their visit status), in the caller's scope. */
async function checklistOf(
  db: Db,
  actor: Actor,
  id: number,
  filter: TChecklistFilter,
  page: { limit: number; offset: number },
) {
  const campaign = await campaignOrFail(db, actor, id);
  let prefix = workingPrefix(campaign, dataScopeOf(actor));
  if (filter.region) {
    const code = normalizeRegionCode(filter.region);
    if (!code || !code.startsWith(prefix)) {
      throw new AppError('OUT_OF_SCOPE', `区域“${filter.region}”不在该活动或您的管辖范围内`);
    }
    prefix = regionScopePrefix(code);
  }
  const scopeDate = campaignScopeDate({ startOn: campaign.start_on, endOn: campaign.end_on }, todayInChina());
  const { total, rows } = await listChecklist(
    db,
    { prefix, countyCode: campaign.county_code },
    campaign,
    scopeDate,
    filter,
    page,
  );
  return { campaign, prefix, total, rows };
}

function checklistRow(r: Awaited<ReturnType<typeof listChecklist>>['rows'][number]): TChecklistRow {
  return {
    householdId: r.id,
    householdNo: r.household_no,
    headName: r.head_name,
    villageCode: r.village_code,
    villageName: r.village_name,
    townshipName: r.township_name,
    address: r.address,
    status: r.met > 0 ? 'visited' : r.visits > 0 ? 'not_home' : 'unvisited',
    visits: r.visits,
    lastVisitedOn: r.last_visited_on,
    lastVisitorName: r.last_visitor_name,
  };
}

export async function listChecklistPage(
  db: Db,
  actor: Actor,
  id: number,
  filter: TChecklistFilter,
  page: Page,
) {
  const { total, rows } = await checklistOf(db, actor, id, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(checklistRow), total, page: page.page, pageSize: page.pageSize };
}

export async function exportChecklist(
  db: Db,
  request: FastifyRequest,
  actor: Actor,
  id: number,
  filter: TChecklistFilter,
) {
  const { campaign, prefix, total, rows } = await checklistOf(db, actor, id, filter, {
    limit: EXPORT_LIMIT,
    offset: 0,
  });
  await auditExport(
    db,
    request,
    {
      action: 'support.checklist_exported',
      entityType: 'support_campaign',
      label: `活动${id}的户`,
      regionCode: prefix.padEnd(12, '0'),
      filter,
    },
    total,
    rows.length,
  );
  return {
    name: `${campaign.name}走访清单.xlsx`,
    buffer: await buildXlsx(
      '走访清单',
      [
        { header: '乡镇', value: (r: TChecklistRow) => r.townshipName },
        { header: '村', value: (r: TChecklistRow) => r.villageName },
        { header: '户编号', width: 18, value: (r: TChecklistRow) => r.householdNo },
        { header: '户主', width: 10, value: (r: TChecklistRow) => r.headName ?? '' },
        { header: '地址', width: 28, value: (r: TChecklistRow) => r.address ?? '' },
        { header: '走访状态', width: 14, value: (r: TChecklistRow) => STATUS_LABELS[r.status] },
        { header: '走访次数', width: 8, value: (r: TChecklistRow) => r.visits },
        { header: '最近走访日期', width: 12, value: (r: TChecklistRow) => r.lastVisitedOn ?? '' },
        { header: '最近走访人', width: 10, value: (r: TChecklistRow) => r.lastVisitorName ?? '' },
      ],
      rows.map(checklistRow),
    ),
  };
}

// ------------------------------------------------------------------ visits

function visitDto(row: VisitRow): TVisitDto {
  const needs = row.needs as string[];
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    householdId: row.household_id,
    householdNo: row.household_no,
    headName: row.head_name,
    villageName: row.village_name,
    townshipName: row.township_name,
    visitedOn: row.visited_on,
    visitorName: row.visitor_name,
    visitorRole: row.visitor_role,
    visitorRoleLabel: VISITOR_ROLE_LABELS[row.visitor_role as VisitorRole] ?? row.visitor_role,
    contact: row.contact as VisitContact,
    respondentName: row.respondent_name,
    findings: row.findings,
    needs,
    needLabels: needs.map((n) => SUPPORT_NEED_LABELS[n as SupportNeed] ?? n),
    actions: row.actions,
    survey:
      row.survey_asked === null
        ? null
        : {
            asked: row.survey_asked,
            correct: row.survey_correct ?? 0,
            isAware: Boolean(row.survey_is_aware),
          },
    isVoided: row.is_voided,
    voidReason: row.void_reason,
    createdByName: row.created_by_name,
  };
}

async function householdOrFail(db: Db | Transaction<DB>, scope: DataScope, id: number) {
  const household = await findHouseholdInScope(db, scope, id);
  if (!household) {
    throw new AppError('NOT_FOUND', `户（编号${id}）不存在或不在您的管辖范围内`);
  }
  return household;
}

async function memberOrFail(db: Db, household: HouseholdInScope, personId: number, role: string) {
  const member = await findMember(db, household.county_code, household.id, personId);
  if (!member) {
    fail([`${role}不是户“${household.household_no}”的成员`]);
  }
  return member;
}

type KitInput = z.infer<typeof ZKitInput>;

function parseKit(kit: KitInput, distributedOn: string, today: string) {
  let valueFen = 0;
  const problems: string[] = [];
  try {
    valueFen = parseYuanToFen(kit.value);
  } catch (error) {
    if (!(error instanceof MoneyError)) {
      throw error;
    }
    problems.push(`保健箱价值：${error.message}`);
  }
  problems.push(
    ...validateKitDistribution(
      {
        kind: kit.kind,
        kitCount: kit.kitCount,
        valueFen,
        contents: kit.contents,
        distributedOn,
        recipientName: kit.recipientName,
      },
      today,
    ),
  );
  return { valueFen, problems };
}

async function insertKit(
  trx: Transaction<DB>,
  request: FastifyRequest,
  actor: Actor,
  household: HouseholdInScope,
  kit: KitInput & { distributedOn: string; valueFen: number; visitId: number | null },
) {
  const row = await trx
    .insertInto('support_kit')
    .values({
      county_code: household.county_code,
      household_id: household.id,
      visit_id: kit.visitId,
      kind: kit.kind,
      kit_count: kit.kitCount,
      value_fen: kit.valueFen,
      contents: [...new Set(kit.contents)],
      distributed_on: kit.distributedOn,
      recipient_name: kit.recipientName.trim(),
      distributed_by: kit.distributedBy ?? null,
      note: kit.note ?? null,
      created_by: actor.userId,
      created_by_name: actor.displayName || actor.username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, request, {
    action: 'support.kit_distributed',
    entityType: 'support_kit',
    entityId: row.id,
    regionCode: household.village_code,
    result: 'success',
    detail: {
      householdId: household.id,
      kind: kit.kind,
      kitCount: kit.kitCount,
      valueFen: kit.valueFen,
      visitId: kit.visitId,
    },
  });
  return row.id;
}

/**
 * Records a 大走访 visit of a household, optionally with the policy-awareness survey taken at it and a
 * health kit handed over, in one transaction with their audit events (all or nothing).
 */
export async function createVisit(db: Db, request: FastifyRequest, actor: Actor, body: TVisitBody) {
  const today = todayInChina();
  const scope = dataScopeOf(actor);
  const campaign = await campaignOrFail(db, actor, body.campaignId);
  const household = await householdOrFail(db, scope, body.householdId);
  if (!isRegionWithin(household.village_code, campaign.region_code)) {
    fail([`户“${household.household_no}”不在活动“${campaign.name}”的区域内`]);
  }
  const problems = validateSupportVisit(
    {
      visitedOn: body.visitedOn,
      visitorName: body.visitorName,
      contact: body.contact,
      findings: body.findings ?? null,
      needs: body.needs,
      actions: body.actions ?? null,
    },
    { name: campaign.name, startOn: campaign.start_on, endOn: campaign.end_on },
    today,
  );
  if (body.respondentPersonId) {
    await memberOrFail(db, household, body.respondentPersonId, '受访人');
  }
  let score: ReturnType<typeof scoreSurvey> | null = null;
  const questionnaire = questionnaireOn(body.visitedOn);
  if (body.survey) {
    if (body.contact !== 'met') {
      problems.push('家中无人时不能登记政策知晓调查');
    } else if (!questionnaire) {
      problems.push(`${body.visitedOn}没有适用的政策知晓调查表`);
    } else {
      score = scoreSurvey(questionnaire, body.survey.answers);
      if (!score.ok) {
        problems.push(...score.problems);
      }
      if (body.survey.respondentPersonId) {
        await memberOrFail(db, household, body.survey.respondentPersonId, '调查受访人');
      }
    }
  }
  const kit = body.kit ? parseKit(body.kit, body.visitedOn, today) : null;
  if (kit) {
    if (body.contact !== 'met') {
      problems.push('家中无人时不能登记保健箱发放');
    }
    problems.push(...kit.problems);
  }
  if (problems.length > 0) {
    fail(problems);
  }
  const id = await db.transaction().execute(async (trx) => {
    const visit = await trx
      .insertInto('support_visit')
      .values({
        county_code: household.county_code,
        campaign_id: campaign.id,
        household_id: household.id,
        visited_on: body.visitedOn,
        visitor_name: body.visitorName.trim(),
        visitor_role: body.visitorRole,
        contact: body.contact,
        respondent_person_id: body.respondentPersonId ?? null,
        findings: body.findings ?? null,
        needs: body.needs,
        actions: body.actions ?? null,
        created_by: actor.userId,
        created_by_name: actor.displayName || actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, request, {
      action: 'support.visit_created',
      entityType: 'support_visit',
      entityId: visit.id,
      regionCode: household.village_code,
      result: 'success',
      detail: {
        campaignId: campaign.id,
        householdId: household.id,
        contact: body.contact,
        needs: body.needs,
      },
    });
    if (body.survey && score?.ok && questionnaire) {
      const survey = await trx
        .insertInto('policy_survey')
        .values({
          county_code: household.county_code,
          visit_id: visit.id,
          household_id: household.id,
          surveyed_on: body.visitedOn,
          respondent_person_id: body.survey.respondentPersonId ?? null,
          respondent_name: body.survey.respondentName,
          questionnaire_code: questionnaire.code,
          questionnaire_version: questionnaire.version,
          answers: JSON.stringify(body.survey.answers),
          asked: score.value.asked,
          correct: score.value.correct,
          is_aware: score.value.isAware,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, request, {
        action: 'support.survey_recorded',
        entityType: 'policy_survey',
        entityId: survey.id,
        regionCode: household.village_code,
        result: 'success',
        detail: {
          visitId: visit.id,
          asked: score.value.asked,
          correct: score.value.correct,
          isAware: score.value.isAware,
        },
      });
    }
    if (body.kit && kit) {
      await insertKit(trx, request, actor, household, {
        ...body.kit,
        distributedOn: body.visitedOn,
        valueFen: kit.valueFen,
        visitId: visit.id,
      });
    }
    return visit.id;
  });
  return getVisit(db, scope, id);
}

export async function getVisit(db: Db, scope: DataScope, id: number) {
  const row = await findVisitInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `走访记录（编号${id}）不存在或不在您的管辖范围内`);
  }
  return visitDto(row);
}

export async function voidVisit(db: Db, request: FastifyRequest, actor: Actor, id: number, reason: string) {
  const scope = dataScopeOf(actor);
  const row = await findVisitInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `走访记录（编号${id}）不存在或不在您的管辖范围内`);
  }
  if (row.is_voided) {
    fail(['该走访记录已作废']);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('support_visit')
      .set({ is_voided: true, void_reason: reason })
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    // A kit recorded with the visit goes with it; its survey no longer counts (visits voided are skipped).
    const kits = await trx
      .updateTable('support_kit')
      .set({ is_voided: true, void_reason: `随走访记录作废：${reason}` })
      .where('county_code', '=', row.county_code)
      .where('visit_id', '=', id)
      .where('is_voided', '=', false)
      .returning('id')
      .execute();
    await recordAudit(trx, request, {
      action: 'support.visit_voided',
      entityType: 'support_visit',
      entityId: id,
      regionCode: row.village_code,
      result: 'success',
      detail: { reason, kitsVoided: kits.map((k) => k.id) },
    });
  });
  return getVisit(db, scope, id);
}

export async function listVisitsPage(db: Db, scope: DataScope, filter: TVisitFilter, page: Page) {
  const { total, rows } = await listVisits(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(visitDto), total, page: page.page, pageSize: page.pageSize };
}

export async function exportVisits(
  db: Db,
  request: FastifyRequest,
  region: RegionScope,
  filter: TVisitFilter,
) {
  const { total, rows } = await listVisits(db, region.scope, filter, { limit: EXPORT_LIMIT, offset: 0 });
  await auditExport(
    db,
    request,
    {
      action: 'support.visits_exported',
      entityType: 'support_visit',
      label: '走访记录',
      regionCode: region.regionCode,
      filter,
    },
    total,
    rows.length,
  );
  return buildXlsx(
    '走访记录',
    [
      { header: '活动', width: 22, value: (d: TVisitDto) => d.campaignName },
      { header: '乡镇', value: (d: TVisitDto) => d.townshipName },
      { header: '村', value: (d: TVisitDto) => d.villageName },
      { header: '户编号', width: 18, value: (d: TVisitDto) => d.householdNo },
      { header: '户主', width: 10, value: (d: TVisitDto) => d.headName ?? '' },
      { header: '走访日期', width: 12, value: (d: TVisitDto) => d.visitedOn },
      { header: '走访人', width: 10, value: (d: TVisitDto) => d.visitorName },
      { header: '身份', width: 14, value: (d: TVisitDto) => d.visitorRoleLabel },
      { header: '入户情况', width: 18, value: (d: TVisitDto) => VISIT_CONTACT_LABELS[d.contact] },
      { header: '走访发现', width: 30, value: (d: TVisitDto) => d.findings ?? '' },
      { header: '帮扶需求', width: 24, value: (d: TVisitDto) => d.needLabels.join('、') },
      { header: '帮扶措施', width: 30, value: (d: TVisitDto) => d.actions ?? '' },
      {
        header: '政策知晓',
        width: 12,
        value: (d: TVisitDto) =>
          d.survey
            ? `${d.survey.correct}/${d.survey.asked}${d.survey.isAware ? '（知晓）' : '（不知晓）'}`
            : '',
      },
    ],
    rows.map(visitDto),
  );
}

// ------------------------------------------------------------------ kits

function kitDto(row: KitRow): TKitDto {
  return {
    id: row.id,
    householdId: row.household_id,
    householdNo: row.household_no,
    headName: row.head_name,
    villageName: row.village_name,
    townshipName: row.township_name,
    visitId: row.visit_id,
    kind: row.kind as KitKind,
    kindLabel: KIT_KIND_LABELS[row.kind as KitKind] ?? row.kind,
    kitCount: row.kit_count,
    valueFen: Number(row.value_fen),
    contents: row.contents,
    distributedOn: row.distributed_on,
    recipientName: row.recipient_name,
    distributedBy: row.distributed_by,
    note: row.note,
    isVoided: row.is_voided,
    voidReason: row.void_reason,
  };
}

async function kitOrFail(db: Db, scope: DataScope, id: number) {
  const row = await findKitInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', `保健箱发放记录（编号${id}）不存在或不在您的管辖范围内`);
  }
  return row;
}

export async function createKit(db: Db, request: FastifyRequest, actor: Actor, body: TKitBody) {
  const scope = dataScopeOf(actor);
  const household = await householdOrFail(db, scope, body.householdId);
  const { valueFen, problems } = parseKit(body, body.distributedOn, todayInChina());
  if (problems.length > 0) {
    fail(problems);
  }
  const id = await db
    .transaction()
    .execute((trx) => insertKit(trx, request, actor, household, { ...body, valueFen, visitId: null }));
  return kitDto(await kitOrFail(db, scope, id));
}

export async function voidKit(db: Db, request: FastifyRequest, actor: Actor, id: number, reason: string) {
  const scope = dataScopeOf(actor);
  const row = await kitOrFail(db, scope, id);
  if (row.is_voided) {
    fail(['该发放记录已作废']);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('support_kit')
      .set({ is_voided: true, void_reason: reason })
      .where('county_code', '=', row.county_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, request, {
      action: 'support.kit_voided',
      entityType: 'support_kit',
      entityId: id,
      regionCode: row.village_code,
      result: 'success',
      detail: { reason, kitCount: row.kit_count, kind: row.kind },
    });
  });
  return kitDto(await kitOrFail(db, scope, id));
}

export async function listKitsPage(db: Db, scope: DataScope, filter: TKitFilter, page: Page) {
  const { total, kits, rows } = await listKits(db, scope, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items: rows.map(kitDto), total, kits, page: page.page, pageSize: page.pageSize };
}

export async function exportKits(db: Db, request: FastifyRequest, region: RegionScope, filter: TKitFilter) {
  const { total, rows } = await listKits(db, region.scope, filter, { limit: EXPORT_LIMIT, offset: 0 });
  await auditExport(
    db,
    request,
    {
      action: 'support.kits_exported',
      entityType: 'support_kit',
      label: '发放记录',
      regionCode: region.regionCode,
      filter,
    },
    total,
    rows.length,
  );
  return buildXlsx(
    '保健箱发放',
    [
      { header: '乡镇', value: (d: TKitDto) => d.townshipName },
      { header: '村', value: (d: TKitDto) => d.villageName },
      { header: '户编号', width: 18, value: (d: TKitDto) => d.householdNo },
      { header: '户主', width: 10, value: (d: TKitDto) => d.headName ?? '' },
      { header: '发放日期', width: 12, value: (d: TKitDto) => d.distributedOn },
      { header: '类型', width: 14, value: (d: TKitDto) => d.kindLabel },
      { header: '数量（个）', width: 10, value: (d: TKitDto) => d.kitCount },
      { header: '价值（元）', width: 12, value: (d: TKitDto) => formatFen(d.valueFen, { grouping: false }) },
      { header: '物品', width: 36, value: (d: TKitDto) => d.contents.join('、') },
      { header: '领取人', width: 10, value: (d: TKitDto) => d.recipientName },
      { header: '发放人', width: 10, value: (d: TKitDto) => d.distributedBy ?? '' },
      { header: '已作废', width: 8, value: (d: TKitDto) => (d.isVoided ? '是' : '否') },
    ],
    rows.map(kitDto),
  );
}

// ------------------------------------------------------------------ surveys

/** 政策知晓率 of a region and period, by child region and per question (the policies poorly known). */
export async function surveySummary(db: Db, region: RegionRow, query: SourceQuery) {
  const questionnaire = questionnaireOn(query.to);
  if (!questionnaire) {
    fail([`${query.to}没有适用的政策知晓调查表`]);
  }
  const childLength = childPrefixLength(query.prefix);
  const [figures, children] = await Promise.all([
    surveyFigures(db, { ...query, groupLength: childLength }),
    db
      .selectFrom('region')
      .select(['code', 'name'])
      .where('parent_code', '=', region.code)
      .orderBy('code')
      .execute(),
  ]);
  const surveyed = figures.latest.reduce((a, r) => a + r.surveyed, 0);
  const aware = figures.latest.reduce((a, r) => a + r.aware, 0);
  const rateBp = ratioBp(aware, surveyed);
  const byKey = new Map(figures.latest.map((r) => [r.group_key, r]));
  return {
    region: { code: region.code, name: region.name },
    from: query.from,
    to: query.to,
    questionnaire: {
      code: questionnaire.code,
      version: questionnaire.version,
      name: questionnaire.name,
      awareThresholdBp: questionnaire.awareThresholdBp,
      minAsked: questionnaire.minAsked,
      questions: questionnaire.questions.map((q) => ({
        code: q.code,
        policy: q.policy,
        text: q.text,
        options: q.options.map((o) => ({ ...o })),
        correct: q.correct,
      })),
    },
    surveyed,
    aware,
    rateBp,
    display: rateBp === null ? '—' : formatBp(rateBp),
    perQuestion: questionnaire.questions.map((q) => {
      const rows = figures.answers.filter((a) => a.question === q.code);
      const asked = rows.reduce((a, r) => a + r.n, 0);
      const correct = rows.filter((r) => r.answer === q.correct).reduce((a, r) => a + r.n, 0);
      return { code: q.code, policy: q.policy, asked, correct, rateBp: ratioBp(correct, asked) };
    }),
    children: children.map((child) => {
      const r = byKey.get(child.code.slice(0, childLength));
      return {
        code: child.code,
        name: child.name,
        surveyed: r?.surveyed ?? 0,
        aware: r?.aware ?? 0,
        rateBp: r ? ratioBp(r.aware, r.surveyed) : null,
      };
    }),
  };
}

// ------------------------------------------------------------------ household tab

export async function householdSupport(db: Db, scope: DataScope, householdId: number) {
  await householdOrFail(db, scope, householdId);
  const [visits, kits] = await Promise.all([
    listVisits(db, scope, { householdId, includeVoided: true }, { limit: 200, offset: 0 }),
    listKits(db, scope, { householdId, includeVoided: true }, { limit: 200, offset: 0 }),
  ]);
  return { visits: visits.rows.map(visitDto), kits: kits.rows.map(kitDto) };
}
