import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { applyDataScope, type DataScope } from '../auth/data-scope.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function listCatalogRows(db: Db) {
  return db.selectFrom('disease_catalog').selectAll().orderBy('effective_from').orderBy('code').execute();
}
export type CatalogRow = Awaited<ReturnType<typeof listCatalogRows>>[number];

export function findCatalogRow(db: Db, code: string) {
  return db.selectFrom('disease_catalog').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Every diagnosis of the persons in scope whose village lies in `regionPrefix`, with what the
 * classification needs, ordered by person then date (the order classifyPersonDiseases keeps).
 */
export function listDiagnosesForReclassification(db: Db, scope: DataScope, regionPrefix: string) {
  let query = applyDataScope(
    db
      .selectFrom('diagnosis as d')
      .innerJoin('person as p', (j) =>
        j.onRef('p.county_code', '=', 'd.county_code').onRef('p.id', '=', 'd.person_id'),
      ),
    scope,
    'p',
  ).where('p.village_code', 'like', `${regionPrefix}%`);
  if (scope.countyCode) {
    query = query.where('d.county_code', '=', scope.countyCode);
  }
  return query
    .select([
      'd.county_code',
      'd.id',
      'd.person_id',
      'd.icd_code',
      'd.name',
      'd.diagnosed_on',
      'd.verification_status',
      'd.disease_line',
      'd.person_disease_key',
      'd.item_code',
      'd.item_name',
      'd.classification_reason',
      'p.name as person_name',
      'p.birth_date',
      'p.village_code',
    ])
    .orderBy('d.county_code')
    .orderBy('d.person_id')
    .orderBy('d.diagnosed_on')
    .orderBy('d.id')
    .execute();
}
export type ReclassificationRow = Awaited<ReturnType<typeof listDiagnosesForReclassification>>[number];

export function listRuns(db: Db, scope: DataScope, catalogCode: string) {
  let query = db
    .selectFrom('reclassification_run')
    .selectAll()
    .where('catalog_code', '=', catalogCode)
    .where('region_code', 'like', `${scope.villagePrefix}%`);
  if (scope.countyCode) {
    query = query.where('county_code', '=', scope.countyCode);
  }
  return query.orderBy('applied_at', 'desc').execute();
}

export async function listRunChanges(
  db: Db,
  scope: DataScope,
  runId: number,
  page: { limit: number; offset: number },
) {
  const base = () =>
    applyDataScope(
      db
        .selectFrom('classification_change as c')
        .innerJoin('person as p', (j) =>
          j.onRef('p.county_code', '=', 'c.county_code').onRef('p.id', '=', 'c.person_id'),
        )
        .innerJoin('diagnosis as d', (j) =>
          j.onRef('d.county_code', '=', 'c.county_code').onRef('d.id', '=', 'c.diagnosis_id'),
        ),
      scope,
      'p',
    ).where('c.run_id', '=', runId);
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base()
    .select([
      'c.person_id',
      'c.diagnosis_id',
      'c.from_line',
      'c.to_line',
      'c.from_item_name',
      'c.to_item_name',
      'c.reason',
      'p.name as person_name',
      'p.village_code',
      'd.name as diagnosis_name',
      'd.icd_code',
    ])
    .orderBy('c.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total.n), rows };
}

export function listClassificationChangesOfPerson(db: Db, countyCode: string, personId: number) {
  return db
    .selectFrom('classification_change as c')
    .innerJoin('reclassification_run as r', (j) =>
      j.onRef('r.county_code', '=', 'c.county_code').onRef('r.id', '=', 'c.run_id'),
    )
    .innerJoin('diagnosis as d', (j) =>
      j.onRef('d.county_code', '=', 'c.county_code').onRef('d.id', '=', 'c.diagnosis_id'),
    )
    .select([
      'c.diagnosis_id',
      'c.from_line',
      'c.to_line',
      'c.from_item_name',
      'c.to_item_name',
      'c.reason',
      'r.catalog_code',
      'r.applied_at',
      'r.applied_by_name',
      'd.name as diagnosis_name',
    ])
    .where('c.county_code', '=', countyCode)
    .where('c.person_id', '=', personId)
    .orderBy('c.id', 'desc')
    .execute();
}
