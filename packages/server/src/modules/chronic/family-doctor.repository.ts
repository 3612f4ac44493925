import { sql } from 'kysely';
import type { FdContractTable } from '../../db/schema.ts';
import type { Db } from './chronic.repository.ts';
import { applyChronicScope, type ChronicScope } from './chronic-data-scope.ts';

/** Teams serving at least one village of the scope. */
export function teamsInScope(db: Db, scope: ChronicScope, q?: string) {
  let query = db
    .selectFrom('fd_team as t')
    .where((eb) =>
      eb.exists(
        applyChronicScope(
          eb
            .selectFrom('fd_team_village as tv')
            .whereRef('tv.county_code', '=', 't.county_code')
            .whereRef('tv.team_id', '=', 't.id')
            .select(sql`1`.as('one')),
          scope,
          'tv',
        ),
      ),
    );
  if (q) {
    query = query.where('t.name', 'like', `%${q}%`);
  }
  return query;
}

export function findTeamVillages(db: Db, countyCode: string, teamIds: readonly number[]) {
  if (teamIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('fd_team_village as tv')
    .innerJoin('region as r', 'r.code', 'tv.village_code')
    .where('tv.county_code', '=', countyCode)
    .where('tv.team_id', 'in', teamIds)
    .select(['tv.team_id', 'tv.village_code', 'r.name'])
    .orderBy('tv.village_code')
    .execute();
}

export function findPackages(db: Db, countyCode: string | null, ids?: readonly number[]) {
  let query = db.selectFrom('fd_package').selectAll().where('status', '=', 'active');
  if (countyCode) {
    query = query.where('county_code', '=', countyCode);
  }
  if (ids) {
    if (ids.length === 0) {
      return Promise.resolve([]);
    }
    query = query.where('id', 'in', ids);
  }
  return query.orderBy('kind').orderBy('id').execute();
}

export function findPackageItems(db: Db, countyCode: string | null, packageIds: readonly number[]) {
  if (packageIds.length === 0) {
    return Promise.resolve([]);
  }
  let query = db.selectFrom('fd_package_item').selectAll().where('package_id', 'in', packageIds);
  if (countyCode) {
    query = query.where('county_code', '=', countyCode);
  }
  return query.orderBy('id').execute();
}

export type ContractFilter = {
  status?: FdContractTable['status'] | undefined;
  personId?: number | undefined;
  q?: string | undefined;
  /** In force on this date: signed or renewed, started and not yet ended. */
  inForceOn?: string | undefined;
  /** Ending on or before this date and not renewed yet (no successor that is not cancelled). */
  renewalDueBy?: string | undefined;
};

export function contractsInScope(db: Db, scope: ChronicScope, filter: ContractFilter) {
  let query = applyChronicScope(
    db
      .selectFrom('fd_contract as c')
      .innerJoin('person as p', (j) =>
        j.onRef('p.county_code', '=', 'c.county_code').onRef('p.id', '=', 'c.person_id'),
      )
      .innerJoin('fd_team as t', (j) =>
        j.onRef('t.county_code', '=', 'c.county_code').onRef('t.id', '=', 'c.team_id'),
      ),
    scope,
    'c',
  );
  if (filter.status) {
    query = query.where('c.status', '=', filter.status);
  }
  if (filter.personId) {
    query = query.where('c.person_id', '=', filter.personId);
  }
  if (filter.inForceOn) {
    query = query
      .where('c.status', 'in', ['signed', 'renewed'])
      .where('c.start_date', '<=', filter.inForceOn)
      .where('c.end_date', '>=', filter.inForceOn);
  }
  if (filter.renewalDueBy) {
    query = query
      .where('c.end_date', '<=', filter.renewalDueBy)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('fd_contract as n')
              .select('n.id')
              .whereRef('n.county_code', '=', 'c.county_code')
              .whereRef('n.renewed_from_id', '=', 'c.id')
              .where('n.status', '<>', 'cancelled'),
          ),
        ),
      );
  }
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        eb('p.name', 'like', `${q}%`),
        eb('p.id_number', 'like', `${q}%`),
        eb('c.contract_no', 'like', `%${q}%`),
      ]),
    );
  }
  return query;
}

/** How many contracts match (the `total` of the contract list), in one COUNT query. */
export async function countContracts(db: Db, scope: ChronicScope, filter: ContractFilter): Promise<number> {
  const row = await contractsInScope(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function selectContracts(db: Db, scope: ChronicScope, filter: ContractFilter) {
  return contractsInScope(db, scope, filter).select([
    'c.county_code',
    'c.id',
    'c.contract_no',
    'c.person_id',
    'c.household_id',
    'c.village_code',
    'c.team_id',
    'c.package_ids',
    'c.start_date',
    'c.end_date',
    'c.status',
    'c.cancel_reason',
    'c.cancel_date',
    'c.cancel_note',
    'c.renewed_from_id',
    'c.doctor_name',
    'c.created_at',
    'p.name as person_name',
    'p.id_number',
    'p.sex',
    'p.birth_date',
    'p.phone',
    't.name as team_name',
    sql<
      number | null
    >`(SELECT n.id FROM fd_contract n WHERE n.county_code = c.county_code AND n.renewed_from_id = c.id ORDER BY n.id DESC LIMIT 1)`.as(
      'renewed_to_id',
    ),
  ]);
}

export type ContractRow = Awaited<ReturnType<ReturnType<typeof selectContracts>['executeTakeFirstOrThrow']>>;

/** Contracts of a person that are not cancelled and overlap [from, to]. */
export function findOverlappingContracts(
  db: Db,
  options: { countyCode: string; personId: number; from: string; to: string; exceptId?: number },
) {
  let query = db
    .selectFrom('fd_contract')
    .where('county_code', '=', options.countyCode)
    .where('person_id', '=', options.personId)
    .where('status', '<>', 'cancelled')
    .where('start_date', '<=', options.to)
    .where('end_date', '>=', options.from);
  if (options.exceptId) {
    query = query.where('id', '<>', options.exceptId);
  }
  return query.select(['id', 'contract_no', 'start_date', 'end_date']).execute();
}

export async function nextContractSequence(db: Db, countyCode: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('fd_contract')
    .where('county_code', '=', countyCode)
    .where('contract_no', 'like', `HT-${countyCode}-${year}-%`)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

export function findFulfilments(db: Db, countyCode: string, contractId: number) {
  return db
    .selectFrom('fd_fulfilment as f')
    .innerJoin('fd_package_item as i', (j) =>
      j.onRef('i.county_code', '=', 'f.county_code').onRef('i.id', '=', 'f.item_id'),
    )
    .where('f.county_code', '=', countyCode)
    .where('f.contract_id', '=', contractId)
    .select([
      'f.id',
      'f.contract_id',
      'f.item_id',
      'i.name as item_name',
      'f.service_date',
      'f.performed_by',
      'f.visit_id',
      'f.checkup_id',
      'f.note',
    ])
    .orderBy('f.service_date')
    .orderBy('f.id')
    .execute();
}

/** The in-force contract of a person on a date and its item for a service code (for automatic 履约). */
export function findContractItemForService(
  db: Db,
  options: { countyCode: string; personId: number; on: string; serviceCode: string },
) {
  return db
    .selectFrom('fd_contract as c')
    .innerJoin('fd_package_item as i', (j) =>
      j.onRef('i.county_code', '=', 'c.county_code').on(sql<boolean>`i.package_id = ANY(c.package_ids)`),
    )
    .where('c.county_code', '=', options.countyCode)
    .where('c.person_id', '=', options.personId)
    .where('c.status', 'in', ['signed', 'renewed'])
    .where('c.start_date', '<=', options.on)
    .where('c.end_date', '>=', options.on)
    .where('i.service_code', '=', options.serviceCode)
    .select(['c.id as contract_id', 'i.id as item_id'])
    .orderBy('c.start_date', 'desc')
    .orderBy('i.id')
    .executeTakeFirst();
}

/**
 * Villages served by the active teams that have this account as a member (`members[].userId`), within
 * one county.
 */
export async function findVillagesOfTeamMember(
  db: Db,
  countyCode: string,
  userId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('fd_team as t')
    .innerJoin('fd_team_village as tv', (j) =>
      j.onRef('tv.county_code', '=', 't.county_code').onRef('tv.team_id', '=', 't.id'),
    )
    .where('t.county_code', '=', countyCode)
    .where('t.status', '=', 'active')
    .where(sql<boolean>`t.members @> ${JSON.stringify([{ userId }])}::jsonb`)
    .where('tv.village_code', 'like', `${countyCode}%`)
    .select('tv.village_code')
    .distinct()
    .orderBy('tv.village_code')
    .execute();
  return rows.map((r) => r.village_code);
}

/** Active village-doctor accounts whose region is under a prefix (name or username search). */
export function findDoctorAccounts(db: Db, prefix: string, q: string | undefined) {
  let query = db
    .selectFrom('app_user')
    .where('role', '=', 'village_doctor')
    .where('status', '=', 'active')
    .where('region_code', 'like', `${prefix}%`);
  if (q) {
    query = query.where((eb) =>
      eb.or([eb('display_name', 'like', `%${q}%`), eb('username', 'like', `${q}%`)]),
    );
  }
  return query
    .select(['id', 'username', 'display_name', 'region_code'])
    .orderBy('region_code')
    .orderBy('username')
    .limit(200)
    .execute();
}

export function findDoctorAccountsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('app_user')
    .where('id', 'in', [...ids])
    .select(['id', 'username', 'role', 'region_code', 'status'])
    .execute();
}
