import { type ImportColumnKey, importColumnOf } from './import-columns.ts';
import type { ImportedHousehold, ImportedPerson, RowError } from './validate-person-row.ts';

/**
 * Checks across the rows of one file, fed row by row (the file is streamed, so state is kept here,
 * not in a second pass). Memory is one entry per distinct ID number and one per household.
 */
export type FileChecker = {
  /** Errors of this row against the rows seen before it; a row with errors is not recorded. */
  check(person: ImportedPerson, headerOf?: Readonly<Partial<Record<ImportColumnKey, string>>>): RowError[];
  /** The households of the valid rows, their values merged (first non-empty value of each field). */
  households(): ReadonlyMap<string, FileHousehold>;
  /** Number of valid rows recorded so far. */
  size(): number;
};

export type FileHousehold = {
  householdNo: string;
  villageCode: string;
  /** The first row of the household. */
  firstRow: number;
  headName?: string;
  headRow?: number;
  values: ImportedHousehold;
  /** Row of the first value of each household field (for messages). */
  valueRows: Partial<Record<keyof ImportedHousehold, number>>;
};

const sameValue = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? a.join('、') === b.join('、') : a === b;

/** Duplicate ID numbers in a file: first row of each ID → later rows with the same ID (row numbers). */
export function findDuplicateIdRows(
  rows: readonly { rowNumber: number; idNumber: string }[],
): Map<number, number> {
  const firstRowOf = new Map<string, number>();
  const duplicateOf = new Map<number, number>();
  for (const { rowNumber, idNumber } of rows) {
    const first = firstRowOf.get(idNumber);
    if (first === undefined) {
      firstRowOf.set(idNumber, rowNumber);
    } else {
      duplicateOf.set(rowNumber, first);
    }
  }
  return duplicateOf;
}

export function createFileChecker(): FileChecker {
  const firstRowOfId = new Map<string, number>();
  const households = new Map<string, FileHousehold>();
  return {
    check(person, headerOf = {}) {
      const columnName = (key: ImportColumnKey) => headerOf[key] ?? importColumnOf(key).header;
      const errors: RowError[] = [];
      const { rowNumber } = person;
      const firstRow = firstRowOfId.get(person.idNumber);
      if (firstRow !== undefined) {
        errors.push({
          rowNumber,
          column: columnName('idNumber'),
          message: `身份证号与第${firstRow}行重复（同一文件中每人只能出现一次）`,
        });
      }
      const household = person.householdNo === undefined ? undefined : households.get(person.householdNo);
      if (household) {
        if (household.villageCode !== person.villageCode) {
          errors.push({
            rowNumber,
            column: columnName('villageCode'),
            message: `户编号“${household.householdNo}”在第${household.firstRow}行的村代码为${household.villageCode}，与本行${person.villageCode}不一致`,
          });
        }
        if (person.relation === '户主' && household.headRow !== undefined) {
          errors.push({
            rowNumber,
            column: columnName('relation'),
            message: `户编号“${household.householdNo}”的户主已在第${household.headRow}行，一户只能有一个户主`,
          });
        }
        for (const [key, value] of Object.entries(person.household ?? {}) as [
          keyof ImportedHousehold,
          unknown,
        ][]) {
          const existing = household.values[key];
          if (existing !== undefined && !sameValue(existing, value)) {
            errors.push({
              rowNumber,
              column: columnName(key),
              message: `与同户第${household.valueRows[key]}行的“${columnName(key)}”不一致（同一户的户信息应相同）`,
            });
          }
        }
      }
      if (errors.length > 0) {
        return errors;
      }
      firstRowOfId.set(person.idNumber, rowNumber);
      if (person.householdNo !== undefined) {
        const entry: FileHousehold = household ?? {
          householdNo: person.householdNo,
          villageCode: person.villageCode,
          firstRow: rowNumber,
          values: {},
          valueRows: {},
        };
        if (person.relation === '户主') {
          entry.headName = person.name;
          entry.headRow = rowNumber;
        }
        for (const [key, value] of Object.entries(person.household ?? {}) as [
          keyof ImportedHousehold,
          never,
        ][]) {
          if (entry.values[key] === undefined) {
            entry.values[key] = value;
            entry.valueRows[key] = rowNumber;
          }
        }
        households.set(person.householdNo, entry);
      }
      return errors;
    },
    households: () => households,
    size: () => firstRowOfId.size,
  };
}
