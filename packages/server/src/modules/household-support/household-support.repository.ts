import { ancestorRegionCodes } from '@healthaid/domain';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DataScope } from '../auth/data-scope.ts';
import { containsPattern, regionNameOf, townshipNameOf } from '../shared/sql-fragments.ts';
import type { TChecklistFilter, TKitFilter, TVisitFilter } from './household-support.schema.ts';
import { householdInPrefix, targetHouseholds, visitedHouseholds } from './support-indicator-sources.ts';

type Db = Kysely<DB> | Transaction<DB>;

const villageName = regionNameOf('h.village_code');
const townshipName = townshipNameOf('h.village_code');

// ------------------------------------------------------------------ campaigns

/** Campaigns a caller works on: inside his region, or covering it (a county campaign for a township user). */
export function listCampaignRows(db: Db, scope: DataScope, regionCode: string) {
  const ancestors = ancestorRegionCodes(regionCode);
  return db
    .selectFrom('support_campaign as c')
    .select([
      'c.county_code',
      'c.id',
      'c.name',
      'c.region_code',
      'c.start_on',
      'c.end_on',
      'c.description',
      regionNameOf('c.region_code').as('region_name'),
    ])
    .where((eb) =>
      eb.or([
        eb('c.region_code', 'like', `${scope.villagePrefix}%`),
        ...(ancestors.length > 0 ? [eb('c.region_code', 'in', ancestors)] : []),
      ]),
    )
    .$if(scope.countyCode !== null, (q) => q.where('c.county_code', '=', scope.countyCode ?? ''))
    .orderBy('c.start_on', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}
export type CampaignRow = Awaited<ReturnType<typeof listCampaignRows>>[number];

export async function findCampaignRow(db: Db, scope: DataScope, regionCode: string, id: number) {
  const rows = await listCampaignRows(db, scope, regionCode);
  return rows.find((r) => r.id === id);
}

export type CoverageCounts = { group_key: string; in_scope: number; visited: number; not_home: number };

type Campaign = { id: number; county_code: string; start_on: string; end_on: string };

/**
 * Households in scope of a campaign on `scopeDate` (`t`, `h`), whether they were met at home in the
 * campaign (`vis`) and whether they have any (not voided) visit of it (`anyv`).
 */
function campaignFrom(campaign: Campaign, scopeDate: string): RawBuilder<unknown> {
  return sql`(${targetHouseholds(campaign.county_code, scopeDate)}) t
    JOIN household h ON h.county_code = t.county_code AND h.id = t.household_id
    LEFT JOIN (${visitedHouseholds(campaign.county_code, campaign.start_on, campaign.end_on, campaign.id)}) vis
      ON vis.county_code = t.county_code AND vis.household_id = t.household_id
    LEFT JOIN (SELECT DISTINCT v.county_code, v.household_id FROM support_visit v
      WHERE v.county_code = ${campaign.county_code} AND v.campaign_id = ${campaign.id} AND NOT v.is_voided) anyv
      ON anyv.county_code = t.county_code AND anyv.household_id = t.household_id`;
}

/** Households in scope of a campaign and their visit status, grouped by village prefix. */
export async function campaignCoverage(
  db: Db,
  q: { prefix: string; countyCode: string | null; groupLength: number },
  campaign: Campaign,
  scopeDate: string,
): Promise<CoverageCounts[]> {
  const { rows } = await sql<CoverageCounts>`
    SELECT substr(h.village_code, 1, ${q.groupLength}) AS group_key,
      count(*)::int AS in_scope,
      count(vis.household_id)::int AS visited,
      count(*) FILTER (WHERE vis.household_id IS NULL AND anyv.household_id IS NOT NULL)::int AS not_home
    FROM ${campaignFrom(campaign, scopeDate)}
    WHERE ${householdInPrefix(q.prefix, q.countyCode)}
    GROUP BY 1`.execute(db);
  return rows;
}

/** Needs ticked at the campaign's visits (households per need). */
export async function campaignNeeds(db: Db, prefix: string, countyCode: string | null, campaignId: number) {
  const { rows } = await sql<{ need: string; n: number }>`
    SELECT need, count(DISTINCT v.household_id)::int AS n
    FROM support_visit v
    JOIN household h ON h.county_code = v.county_code AND h.id = v.household_id
    CROSS JOIN LATERAL unnest(v.needs) AS need
    WHERE ${householdInPrefix(prefix, countyCode)} AND v.campaign_id = ${campaignId} AND NOT v.is_voided
    GROUP BY need`.execute(db);
  return rows;
}

export async function campaignKitsAndSurveys(
  db: Db,
  prefix: string,
  countyCode: string | null,
  campaignId: number,
) {
  const kits = await sql<{ records: number; kits: number; value_fen: number }>`
    SELECT count(*)::int AS records, coalesce(sum(k.kit_count), 0)::int AS kits,
      coalesce(sum(k.value_fen), 0)::bigint AS value_fen
    FROM support_kit k
    JOIN support_visit v ON v.county_code = k.county_code AND v.id = k.visit_id
    JOIN household h ON h.county_code = k.county_code AND h.id = k.household_id
    WHERE ${householdInPrefix(prefix, countyCode)} AND v.campaign_id = ${campaignId}
      AND NOT k.is_voided AND NOT v.is_voided`.execute(db);
  const surveys = await sql<{ surveyed: number; aware: number }>`
    SELECT count(*)::int AS surveyed, count(*) FILTER (WHERE latest.is_aware)::int AS aware
    FROM (
      SELECT DISTINCT ON (s.household_id) s.household_id, s.is_aware
      FROM policy_survey s
      JOIN support_visit v ON v.county_code = s.county_code AND v.id = s.visit_id
      JOIN household h ON h.county_code = s.county_code AND h.id = s.household_id
      WHERE ${householdInPrefix(prefix, countyCode)} AND v.campaign_id = ${campaignId} AND NOT v.is_voided
      ORDER BY s.household_id, s.surveyed_on DESC, s.id DESC
    ) latest`.execute(db);
  return {
    kits: kits.rows[0] ?? { records: 0, kits: 0, value_fen: 0 },
    surveys: surveys.rows[0] ?? { surveyed: 0, aware: 0 },
  };
}

export function countVisitsAfter(db: Db, countyCode: string, campaignId: number, date: string) {
  return db
    .selectFrom('support_visit')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('county_code', '=', countyCode)
    .where('campaign_id', '=', campaignId)
    .where('visited_on', '>', date)
    .where('is_voided', '=', false)
    .executeTakeFirstOrThrow();
}

// ------------------------------------------------------------------ checklist (走访清单)

function checklistWhere(
  q: { prefix: string; countyCode: string | null },
  filter: TChecklistFilter,
): RawBuilder<unknown> {
  const status =
    filter.status === 'visited'
      ? sql`vis.household_id IS NOT NULL`
      : filter.status === 'not_home'
        ? sql`vis.household_id IS NULL AND anyv.household_id IS NOT NULL`
        : filter.status === 'unvisited'
          ? sql`anyv.household_id IS NULL`
          : sql`TRUE`;
  const search = filter.q
    ? sql`AND (h.household_no LIKE ${containsPattern(filter.q)} OR h.head_name LIKE ${containsPattern(filter.q)})`
    : sql``;
  return sql`${householdInPrefix(q.prefix, q.countyCode)} AND ${status} ${search}`;
}

export async function listChecklist(
  db: Db,
  q: { prefix: string; countyCode: string | null },
  campaign: Campaign,
  scopeDate: string,
  filter: TChecklistFilter,
  page: { limit: number; offset: number },
) {
  const from = campaignFrom(campaign, scopeDate);
  const where = checklistWhere(q, filter);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(db);
  const { rows } = await sql<{
    id: number;
    household_no: string;
    head_name: string | null;
    village_code: string;
    village_name: string;
    township_name: string;
    address: string | null;
    visits: number;
    met: number;
    last_visited_on: string | null;
    last_visitor_name: string | null;
  }>`
    SELECT h.id, h.household_no, h.head_name, h.village_code, h.address,
      ${villageName} AS village_name, ${townshipName} AS township_name,
      coalesce(agg.visits, 0)::int AS visits, coalesce(agg.met, 0)::int AS met,
      agg.last_visited_on, agg.last_visitor_name
    FROM ${from}
    LEFT JOIN LATERAL (
      SELECT count(*) AS visits, count(*) FILTER (WHERE v.contact = 'met') AS met,
        max(v.visited_on) AS last_visited_on,
        (array_agg(v.visitor_name ORDER BY v.visited_on DESC, v.id DESC))[1] AS last_visitor_name
      FROM support_visit v
      WHERE v.county_code = h.county_code AND v.household_id = h.id AND v.campaign_id = ${campaign.id}
        AND NOT v.is_voided
    ) agg ON TRUE
    WHERE ${where}
    ORDER BY h.village_code, h.household_no
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return { total: total.rows[0]?.n ?? 0, rows };
}

// ------------------------------------------------------------------ households and persons

export function findHouseholdInScope(db: Db, scope: DataScope, id: number) {
  let query = db
    .selectFrom('household as h')
    .select([
      'h.county_code',
      'h.id',
      'h.household_no',
      'h.head_name',
      'h.village_code',
      villageName.as('village_name'),
    ])
    .where('h.id', '=', id)
    .where('h.village_code', 'like', `${scope.villagePrefix}%`);
  if (scope.countyCode) {
    query = query.where('h.county_code', '=', scope.countyCode);
  }
  return query.executeTakeFirst();
}
export type HouseholdInScope = NonNullable<Awaited<ReturnType<typeof findHouseholdInScope>>>;

export function findMember(db: Db, countyCode: string, householdId: number, personId: number) {
  return db
    .selectFrom('person')
    .select(['id', 'name', 'status'])
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ visits

function visitBase(db: Db, scope: DataScope) {
  let query = db
    .selectFrom('support_visit as v')
    .innerJoin('household as h', (j) =>
      j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'),
    )
    .innerJoin('support_campaign as c', (j) =>
      j.onRef('c.county_code', '=', 'v.county_code').onRef('c.id', '=', 'v.campaign_id'),
    )
    .leftJoin('person as rp', (j) =>
      j.onRef('rp.county_code', '=', 'v.county_code').onRef('rp.id', '=', 'v.respondent_person_id'),
    )
    .leftJoin('policy_survey as s', (j) =>
      j.onRef('s.county_code', '=', 'v.county_code').onRef('s.visit_id', '=', 'v.id'),
    )
    .where('h.village_code', 'like', `${scope.villagePrefix}%`);
  if (scope.countyCode) {
    query = query.where('v.county_code', '=', scope.countyCode);
  }
  return query;
}

const VISIT_COLUMNS = [
  'v.county_code',
  'v.id',
  'v.campaign_id',
  'c.name as campaign_name',
  'v.household_id',
  'h.household_no',
  'h.head_name',
  'h.village_code',
  'v.visited_on',
  'v.visitor_name',
  'v.visitor_role',
  'v.contact',
  'rp.name as respondent_name',
  'v.findings',
  'v.needs',
  'v.actions',
  's.asked as survey_asked',
  's.correct as survey_correct',
  's.is_aware as survey_is_aware',
  'v.is_voided',
  'v.void_reason',
  'v.created_by_name',
] as const;

type VisitQuery = TVisitFilter & { householdId?: number; includeVoided?: boolean };

function filteredVisits(db: Db, scope: DataScope, filter: VisitQuery) {
  let query = visitBase(db, scope);
  if (!filter.includeVoided) {
    query = query.where('v.is_voided', '=', false);
  }
  if (filter.householdId !== undefined) {
    query = query.where('v.household_id', '=', filter.householdId);
  }
  if (filter.campaignId !== undefined) {
    query = query.where('v.campaign_id', '=', filter.campaignId);
  }
  if (filter.from) {
    query = query.where('v.visited_on', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('v.visited_on', '<=', filter.to);
  }
  if (filter.contact) {
    query = query.where('v.contact', '=', filter.contact);
  }
  if (filter.need) {
    query = query.where(sql<boolean>`${filter.need} = ANY(v.needs)`);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb('h.household_no', 'like', like),
        eb('h.head_name', 'like', like),
        eb('v.visitor_name', 'like', like),
      ]),
    );
  }
  return query;
}

export async function listVisits(
  db: Db,
  scope: DataScope,
  filter: VisitQuery,
  page: { limit: number; offset: number },
) {
  const total = await filteredVisits(db, scope, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredVisits(db, scope, filter)
    .select(VISIT_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: total.n, rows };
}
export type VisitRow = Awaited<ReturnType<typeof listVisits>>['rows'][number];

export function findVisitInScope(db: Db, scope: DataScope, id: number) {
  return visitBase(db, scope)
    .select(VISIT_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ kits

function kitBase(db: Db, scope: DataScope) {
  let query = db
    .selectFrom('support_kit as k')
    .innerJoin('household as h', (j) =>
      j.onRef('h.county_code', '=', 'k.county_code').onRef('h.id', '=', 'k.household_id'),
    )
    .where('h.village_code', 'like', `${scope.villagePrefix}%`);
  if (scope.countyCode) {
    query = query.where('k.county_code', '=', scope.countyCode);
  }
  return query;
}

const KIT_COLUMNS = [
  'k.county_code',
  'k.id',
  'k.household_id',
  'h.household_no',
  'h.head_name',
  'h.village_code',
  'k.visit_id',
  'k.kind',
  'k.kit_count',
  'k.value_fen',
  'k.contents',
  'k.distributed_on',
  'k.recipient_name',
  'k.distributed_by',
  'k.note',
  'k.is_voided',
  'k.void_reason',
] as const;

type KitQuery = TKitFilter & { householdId?: number; includeVoided?: boolean };

function filteredKits(db: Db, scope: DataScope, filter: KitQuery) {
  let query = kitBase(db, scope);
  if (!filter.includeVoided) {
    query = query.where('k.is_voided', '=', false);
  }
  if (filter.householdId !== undefined) {
    query = query.where('k.household_id', '=', filter.householdId);
  }
  if (filter.from) {
    query = query.where('k.distributed_on', '>=', filter.from);
  }
  if (filter.to) {
    query = query.where('k.distributed_on', '<=', filter.to);
  }
  if (filter.kind) {
    query = query.where('k.kind', '=', filter.kind);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb('h.household_no', 'like', like),
        eb('h.head_name', 'like', like),
        eb('k.recipient_name', 'like', like),
      ]),
    );
  }
  return query;
}

export async function listKits(
  db: Db,
  scope: DataScope,
  filter: KitQuery,
  page: { limit: number; offset: number },
) {
  const total = await filteredKits(db, scope, filter)
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(k.kit_count), 0)::int`.as('kits')])
    .executeTakeFirstOrThrow();
  const rows = await filteredKits(db, scope, filter)
    .select(KIT_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .orderBy('k.distributed_on', 'desc')
    .orderBy('k.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: total.n, kits: total.kits, rows };
}
export type KitRow = Awaited<ReturnType<typeof listKits>>['rows'][number];

export function findKitInScope(db: Db, scope: DataScope, id: number) {
  return kitBase(db, scope)
    .select(KIT_COLUMNS)
    .select([villageName.as('village_name'), townshipName.as('township_name')])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ surveys

/** Latest survey per household in the period (visits not voided), grouped; and answers for per-question rates. */
export async function surveyFigures(
  db: Db,
  q: { prefix: string; countyCode: string | null; from: string; to: string; groupLength: number },
) {
  const latest = await sql<{ group_key: string; surveyed: number; aware: number }>`
    SELECT substr(l.village_code, 1, ${q.groupLength}) AS group_key, count(*)::int AS surveyed,
      count(*) FILTER (WHERE l.is_aware)::int AS aware
    FROM (
      SELECT DISTINCT ON (s.county_code, s.household_id) h.village_code, s.is_aware
      FROM policy_survey s
      JOIN support_visit v ON v.county_code = s.county_code AND v.id = s.visit_id AND NOT v.is_voided
      JOIN household h ON h.county_code = s.county_code AND h.id = s.household_id
      WHERE ${householdInPrefix(q.prefix, q.countyCode)} AND s.surveyed_on BETWEEN ${q.from} AND ${q.to}
      ORDER BY s.county_code, s.household_id, s.surveyed_on DESC, s.id DESC
    ) l
    GROUP BY 1`.execute(db);
  const answers = await sql<{ question: string; answer: string; n: number }>`
    SELECT a.key AS question, a.value AS answer, count(*)::int AS n
    FROM policy_survey s
    JOIN support_visit v ON v.county_code = s.county_code AND v.id = s.visit_id AND NOT v.is_voided
    JOIN household h ON h.county_code = s.county_code AND h.id = s.household_id
    CROSS JOIN LATERAL jsonb_each_text(s.answers) AS a(key, value)
    WHERE ${householdInPrefix(q.prefix, q.countyCode)} AND s.surveyed_on BETWEEN ${q.from} AND ${q.to}
    GROUP BY 1, 2`.execute(db);
  return { latest: latest.rows, answers: answers.rows };
}
