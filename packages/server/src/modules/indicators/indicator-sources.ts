import { ILLNESS_MAIN_CAUSE, REGISTRY_METRICS as M, POOR_CATEGORY_CODES } from '@healthaid/domain';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { CHRONIC_INDICATOR_SOURCES } from '../chronic/chronic-indicator-sources.ts';
import { DISEASE_INDICATOR_SOURCES } from '../diseases/disease-indicator-sources.ts';
import { EARLY_WARNING_INDICATOR_SOURCES } from '../early-warning/early-warning-indicator-sources.ts';
import { SUPPORT_INDICATOR_SOURCES } from '../household-support/support-indicator-sources.ts';
import { INSTITUTION_INDICATOR_SOURCES } from '../institutions/institution-indicator-sources.ts';
import { SCREENING_INDICATOR_SOURCES } from '../screenings/screening-indicator-sources.ts';
import { SETTLEMENT_INDICATOR_SOURCES } from '../settlements/settlement-indicator-sources.ts';
import { SUPERVISION_INDICATOR_SOURCES } from '../supervision/supervision-indicator-sources.ts';
import type { GroupFigures, IndicatorSource, MemberRow, SourceQuery } from './indicator-source.types.ts';
import { flushRegistryStats, readRegistryCounts } from './registry-stats.ts';

/**
 * Binds indicator codes of the domain catalogue to SQL. Every source computes its figures for one region
 * prefix and period, grouped by the first `groupLength` digits of the village code (so one query yields a
 * region's total or its children's figures), and can list the records behind a numerator or denominator.
 * Codes without a source yet are reported as "no data source" and never as 0.
 */

export type {
  GroupFigures,
  IndicatorSource,
  MemberPart,
  MemberRow,
  SourceQuery,
} from './indicator-source.types.ts';

function scopeSql(alias: string, q: SourceQuery): RawBuilder<unknown> {
  const like = `${q.prefix}%`;
  return q.countyCode
    ? sql`${sql.ref(`${alias}.county_code`)} = ${q.countyCode} AND ${sql.ref(`${alias}.village_code`)} LIKE ${like}`
    : sql`${sql.ref(`${alias}.village_code`)} LIKE ${like}`;
}

/** Persons alive and present on date D with one of the categories valid on D. */
function personsWithCategoryOn(q: SourceQuery, categories: readonly string[]): RawBuilder<unknown> {
  return sql`${scopeSql('p', q)}
    AND (p.status = 'normal' OR p.status_date > ${q.to})
    AND EXISTS (
      SELECT 1 FROM person_category c
      WHERE c.county_code = p.county_code AND c.person_id = p.id
        AND c.category IN (${sql.join(categories.map((c) => sql.lit(c)))})
        AND c.valid_from <= ${q.to} AND (c.valid_to IS NULL OR c.valid_to >= ${q.to}))`;
}

type Population = { where: (q: SourceQuery) => RawBuilder<unknown>; joinHousehold?: boolean };

const POOR_PERSONS: Population = { where: (q) => personsWithCategoryOn(q, POOR_CATEGORY_CODES) };
const MONITORED_PERSONS: Population = { where: (q) => personsWithCategoryOn(q, ['monitored']) };
const ILLNESS_POOR_PERSONS: Population = {
  where: (q) =>
    sql`${personsWithCategoryOn(q, POOR_CATEGORY_CODES)} AND h.main_cause = ${ILLNESS_MAIN_CAUSE}`,
  joinHousehold: true,
};

function fromPersons(population: Population): RawBuilder<unknown> {
  return population.joinHousehold
    ? sql`person p JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id`
    : sql`person p`;
}

async function listPersons(
  db: Kysely<DB>,
  q: SourceQuery,
  population: Population,
  page: { limit: number; offset: number },
) {
  const total = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${fromPersons(population)} WHERE ${population.where(q)}`.execute(db);
  const { rows } = await sql<{
    id: number;
    county_code: string;
    name: string;
    id_number: string;
    village_code: string;
    household_no: string | null;
  }>`
    SELECT p.id, p.county_code, p.name, p.id_number, p.village_code, hh.household_no
    FROM ${fromPersons(population)}
    LEFT JOIN household hh ON hh.county_code = p.county_code AND hh.id = p.household_id
    WHERE ${population.where(q)}
    ORDER BY p.village_code, hh.household_no, p.id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map(
      (r): MemberRow => ({
        entityType: 'person',
        id: r.id,
        countyCode: r.county_code,
        name: r.name,
        idNumber: r.id_number,
        householdNo: r.household_no,
        villageCode: r.village_code,
      }),
    ),
  };
}

async function listHouseholds(
  db: Kysely<DB>,
  q: SourceQuery,
  population: Population,
  page: { limit: number; offset: number },
) {
  const members = sql`SELECT DISTINCT p.county_code, p.household_id FROM ${fromPersons(population)}
    WHERE ${population.where(q)} AND p.household_id IS NOT NULL`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${members}) m`.execute(db);
  const { rows } = await sql<{
    id: number;
    county_code: string;
    head_name: string | null;
    household_no: string;
    village_code: string;
  }>`
    SELECT h.id, h.county_code, h.head_name, h.household_no, h.village_code
    FROM (${members}) m JOIN household h ON h.county_code = m.county_code AND h.id = m.household_id
    ORDER BY h.village_code, h.household_no
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.map(
      (r): MemberRow => ({
        entityType: 'household',
        id: r.id,
        countyCode: r.county_code,
        name: r.head_name ?? '',
        idNumber: null,
        householdNo: r.household_no,
        villageCode: r.village_code,
      }),
    ),
  };
}

function merge(numerators: Map<string, number>, denominators: Map<string, number> | null): GroupFigures[] {
  const keys = new Set([...numerators.keys(), ...(denominators?.keys() ?? [])]);
  return [...keys].sort().map((groupKey) => ({
    groupKey,
    numerator: numerators.get(groupKey) ?? 0,
    denominator: denominators ? (denominators.get(groupKey) ?? 0) : null,
  }));
}

/** Figures from the incremental aggregates (flushed first, so every committed write is included). */
async function statsFigures(db: Kysely<DB>, q: SourceQuery, numerator: string, denominator: string | null) {
  await flushRegistryStats(db);
  const counts = await readRegistryCounts(db, q, denominator ? [numerator, denominator] : [numerator]);
  return merge(
    counts.get(numerator) ?? new Map(),
    denominator ? (counts.get(denominator) ?? new Map()) : null,
  );
}

function personCount(metric: string, population: Population): IndicatorSource {
  return {
    statsMetrics: { numerator: metric, denominator: null },
    figures: (db, q) => statsFigures(db, q, metric, null),
    members: (db, q, _part, page) => listPersons(db, q, population, page),
  };
}

function householdCount(metric: string, population: Population): IndicatorSource {
  return {
    statsMetrics: { numerator: metric, denominator: null },
    figures: (db, q) => statsFigures(db, q, metric, null),
    members: (db, q, _part, page) => listHouseholds(db, q, population, page),
  };
}

function householdShare(numerator: [string, Population], denominator: [string, Population]): IndicatorSource {
  return {
    statsMetrics: { numerator: numerator[0], denominator: denominator[0] },
    figures: (db, q) => statsFigures(db, q, numerator[0], denominator[0]),
    members: (db, q, part, page) =>
      listHouseholds(db, q, part === 'numerator' ? numerator[1] : denominator[1], page),
  };
}

export const INDICATOR_SOURCES: ReadonlyMap<string, IndicatorSource> = new Map<string, IndicatorSource>([
  ['poor_households', householdCount(M.poorHouseholds, POOR_PERSONS)],
  ['poor_persons', personCount(M.poorPersons, POOR_PERSONS)],
  ['illness_poor_households', householdCount(M.illnessPoorHouseholds, ILLNESS_POOR_PERSONS)],
  ['illness_poor_persons', personCount(M.illnessPoorPersons, ILLNESS_POOR_PERSONS)],
  [
    'illness_poor_household_share',
    householdShare([M.illnessPoorHouseholds, ILLNESS_POOR_PERSONS], [M.poorHouseholds, POOR_PERSONS]),
  ],
  ['monitored_households', householdCount(M.monitoredHouseholds, MONITORED_PERSONS)],
  ['monitored_persons', personCount(M.monitoredPersons, MONITORED_PERSONS)],
  ...DISEASE_INDICATOR_SOURCES,
  ...INSTITUTION_INDICATOR_SOURCES,
  ...SETTLEMENT_INDICATOR_SOURCES,
  ...CHRONIC_INDICATOR_SOURCES,
  ...SUPERVISION_INDICATOR_SOURCES,
  ...EARLY_WARNING_INDICATOR_SOURCES,
  ...SCREENING_INDICATOR_SOURCES,
  ...SUPPORT_INDICATOR_SOURCES,
]);
