import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';
import { containsPattern, regionNameOf, townshipNameOf } from '../shared/sql-fragments.ts';

type Db = Kysely<DB> | Transaction<DB>;

const regionName = regionNameOf('i.region_code');
const townshipName = townshipNameOf('i.region_code', { shouldSkipCountyLevel: true });

export type InstitutionFilter = {
  /** Significant region prefix the institutions must lie in. */
  regionPrefix: string;
  q?: string | undefined;
  level?: string | undefined;
  isStandard?: 'yes' | 'no' | 'unchecked' | undefined;
  isActive?: boolean | undefined;
  designatedFor?: string | undefined;
};

function filtered(db: Db, filter: InstitutionFilter) {
  let query = db
    .selectFrom('medical_institution as i')
    .where('i.region_code', 'like', `${filter.regionPrefix}%`);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('i.name', 'like', like), eb('i.code', 'ilike', like)]));
  }
  if (filter.level) {
    query = query.where('i.level', '=', filter.level);
  }
  if (filter.isActive !== undefined) {
    query = query.where('i.active', '=', filter.isActive);
  }
  if (filter.isStandard === 'yes') {
    query = query.where('i.is_standard', '=', true);
  } else if (filter.isStandard === 'no') {
    query = query.where('i.is_standard', '=', false);
  } else if (filter.isStandard === 'unchecked') {
    query = query.where('i.is_standard', 'is', null);
  }
  if (filter.designatedFor) {
    query = query.where(
      sql<boolean>`i.designated_disease_codes @> ${JSON.stringify([filter.designatedFor])}::jsonb`,
    );
  }
  return query;
}

const LEVEL_ORDER = sql<number>`CASE i.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 WHEN 'county' THEN 2
  WHEN 'community_health_centre' THEN 3 WHEN 'township_health_centre' THEN 4 ELSE 5 END`;

export async function listInstitutions(
  db: Db,
  filter: InstitutionFilter,
  page: { limit: number; offset: number },
) {
  const total = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, filter)
    .selectAll('i')
    .select([regionName.as('region_name'), townshipName.as('township_name')])
    .orderBy(LEVEL_ORDER)
    .orderBy('i.region_code')
    .orderBy('i.code')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), rows };
}
export type InstitutionRow = Awaited<ReturnType<typeof listInstitutions>>['rows'][number];

export function findInstitution(db: Db, code: string) {
  return db
    .selectFrom('medical_institution as i')
    .selectAll('i')
    .select([regionName.as('region_name'), townshipName.as('township_name')])
    .where('i.code', '=', code)
    .executeTakeFirst();
}

/** Active institutions by name or code, any region (reference data for pickers), higher levels first. */
export function searchInstitutionOptions(
  db: Db,
  q: string,
  level: string | undefined,
  limit: number,
  designatedFor?: string,
) {
  let query = db
    .selectFrom('medical_institution as i')
    .select(['i.code', 'i.name', 'i.level', 'i.region_code', 'i.designated_disease_codes'])
    .where('i.active', '=', true);
  if (q) {
    const like = containsPattern(q);
    query = query.where((eb) => eb.or([eb('i.name', 'like', like), eb('i.code', 'ilike', like)]));
  }
  if (level) {
    query = query.where('i.level', '=', level);
  }
  if (designatedFor) {
    query = query.where(
      sql<boolean>`i.designated_disease_codes @> ${JSON.stringify([designatedFor])}::jsonb`,
    );
  }
  return query.orderBy(LEVEL_ORDER).orderBy('i.code').limit(limit).execute();
}

/** Standardisation counts per group of the region code (first `groupLength` digits) and level. */
export async function countStandardisationBy(db: Db, prefix: string, groupLength: number) {
  const { rows } = await sql<{
    group_key: string;
    level: string;
    total: number;
    checked: number;
    standard: number;
  }>`
    SELECT substr(i.region_code, 1, ${groupLength}) AS group_key, i.level,
      count(*)::int AS total,
      sum(CASE WHEN i.is_standard IS NOT NULL THEN 1 ELSE 0 END)::int AS checked,
      sum(CASE WHEN i.is_standard THEN 1 ELSE 0 END)::int AS standard
    FROM medical_institution i
    WHERE i.region_code LIKE ${`${prefix}%`} AND i.active
      AND i.level IN ('village_clinic', 'township_health_centre')
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return rows;
}

// ------------------------------------------------------------------ referrals

function referralBase(db: Db, scope: DataScope) {
  let query = applyDataScope(
    db
      .selectFrom('referral as f')
      .innerJoin('person as p', (j) =>
        j.onRef('p.county_code', '=', 'f.county_code').onRef('p.id', '=', 'f.person_id'),
      )
      .innerJoin('medical_institution as fi', 'fi.code', 'f.from_institution')
      .innerJoin('medical_institution as ti', 'ti.code', 'f.to_institution'),
    scope,
    'p',
  );
  if (scope.countyCode) {
    query = query.where('f.county_code', '=', scope.countyCode);
  }
  return query;
}

const villageName = regionNameOf('p.village_code');
const personTownship = townshipNameOf('p.village_code');

const REFERRAL_COLUMNS = [
  'f.county_code',
  'f.id',
  'f.person_id',
  'f.from_institution',
  'f.to_institution',
  'f.direction',
  'f.reason',
  'f.diagnosis_id',
  'f.referred_on',
  'f.status',
  'f.status_date',
  'f.note',
  'fi.name as from_name',
  'fi.level as from_level',
  'ti.name as to_name',
  'ti.level as to_level',
  'p.name as person_name',
  'p.id_number',
  'p.village_code',
] as const;

export type ReferralFilter = {
  status?: string | undefined;
  direction?: string | undefined;
  institution?: string | undefined;
  personId?: number | undefined;
  q?: string | undefined;
};

function filteredReferrals(db: Db, scope: DataScope, filter: ReferralFilter) {
  let query = referralBase(db, scope);
  if (filter.status) {
    query = query.where('f.status', '=', filter.status);
  }
  if (filter.direction) {
    query = query.where('f.direction', '=', filter.direction);
  }
  if (filter.institution) {
    const code = filter.institution;
    query = query.where((eb) =>
      eb.or([eb('f.from_institution', '=', code), eb('f.to_institution', '=', code)]),
    );
  }
  if (filter.personId !== undefined) {
    query = query.where('f.person_id', '=', filter.personId);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('p.name', 'like', like), eb('fi.name', 'like', like), eb('ti.name', 'like', like)]),
    );
  }
  return query;
}

export async function listReferrals(
  db: Db,
  scope: DataScope,
  filter: ReferralFilter,
  page: { limit: number; offset: number },
) {
  const total = await filteredReferrals(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredReferrals(db, scope, filter)
    .select(REFERRAL_COLUMNS)
    .select([villageName.as('village_name'), personTownship.as('township_name')])
    .orderBy('f.referred_on', 'desc')
    .orderBy('f.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), rows };
}
export type ReferralRow = Awaited<ReturnType<typeof listReferrals>>['rows'][number];

export function findReferralInScope(db: Db, scope: DataScope, id: number) {
  return referralBase(db, scope)
    .select(REFERRAL_COLUMNS)
    .select([villageName.as('village_name'), personTownship.as('township_name')])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export function listReferralEvents(db: Db, countyCode: string, referralId: number) {
  return db
    .selectFrom('referral_event')
    .select(['status', 'event_date', 'note', 'created_by_name'])
    .where('county_code', '=', countyCode)
    .where('referral_id', '=', referralId)
    .orderBy('id')
    .execute();
}
