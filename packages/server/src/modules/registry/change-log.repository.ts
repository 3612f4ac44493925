import { type Kysely, sql, type Transaction } from 'kysely';
import type { ChangeLogTable, DB } from '../../db/schema.ts';

export type ChangeInput = {
  countyCode: string;
  entityType: 'household' | 'person' | 'person_category' | 'household_income';
  entityId: number;
  personId: number | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reasonType: ChangeLogTable['reason_type'];
  reasonRef: string | null;
  changedBy: number | null;
};

/** Writes history rows (one per changed field) in the caller's transaction. */
export async function insertChanges(db: Kysely<DB> | Transaction<DB>, changes: readonly ChangeInput[]) {
  if (changes.length === 0) {
    return;
  }
  await db
    .insertInto('change_log')
    .values(
      changes.map((c) => ({
        county_code: c.countyCode,
        entity_type: c.entityType,
        entity_id: c.entityId,
        person_id: c.personId,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
        reason_type: c.reasonType,
        reason_ref: c.reasonRef,
        changed_by: c.changedBy,
      })),
    )
    .execute();
}

const changeColumns = [
  'c.id',
  'c.entity_type',
  'c.entity_id',
  'c.field',
  'c.old_value',
  'c.new_value',
  'c.reason_type',
  'c.reason_ref',
  'c.changed_at',
  'u.display_name as changed_by_name',
] as const;

/** History of one person (its own fields and its categories), newest first. */
export function findPersonChanges(db: Kysely<DB>, countyCode: string, personId: number, limit = 500) {
  return db
    .selectFrom('change_log as c')
    .leftJoin('app_user as u', 'u.id', 'c.changed_by')
    .select(changeColumns)
    .where('c.county_code', '=', countyCode)
    .where('c.person_id', '=', personId)
    .orderBy('c.changed_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** History of one household (its fields and incomes), newest first. */
export function findHouseholdChanges(db: Kysely<DB>, countyCode: string, householdId: number, limit = 500) {
  return (
    db
      .selectFrom('change_log as c')
      .leftJoin('app_user as u', 'u.id', 'c.changed_by')
      .select(changeColumns)
      .where('c.county_code', '=', countyCode)
      // Written as literals, the partial index change_log_household_idx's own predicate, so every plan can use it.
      .where(sql<boolean>`c.entity_type IN ('household', 'household_income')`)
      .where('c.entity_id', '=', householdId)
      .orderBy('c.changed_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .execute()
  );
}
export type ChangeRow = Awaited<ReturnType<typeof findPersonChanges>>[number];
