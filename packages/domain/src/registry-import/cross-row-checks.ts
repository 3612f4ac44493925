import { type ImportColumnKey, importColumnOf } from './import-columns.ts';
import type { ImportedHousehold, ImportedPerson, RowError } from './validate-person-row.ts';

/**
 * Checks across the rows of one file, fed row by row (the file is streamed, so state is kept here,
 * not in a second pass). Memory is one entry per distinct ID number and one per household.
 */
export type FileChecker = {
  /** Errors of this row against the rows seen before it (none: empty); a row with errors is not recorded. */
  check(
    person: ImportedPerson,
    headerOf?: Readonly<Partial<Record<ImportColumnKey, string>>>,
  ): readonly RowError[];
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

const NO_ERRORS: readonly RowError[] = Object.freeze([]);

const CANONICAL_ID = /^\d{17}[\dX]$/;

/**
 * First row of each ID number of a file, in typed arrays: an 18-character ID number packs into two 32-bit
 * integers (digits 1–9; digits 10–17 and the check character), so the 200k–500k entries of a big list are no
 * JavaScript objects at all. (A Map of 200k string keys growing in the old generation while every key is
 * new made the garbage collector the largest single cost of validating a file.) Other strings, which
 * validated rows never have, go to a Map.
 */
class IdRowTable {
  private high = new Uint32Array(1 << 12);
  private low = new Uint32Array(1 << 12);
  /** Row number + 1; 0 = empty slot. */
  private rows = new Int32Array(1 << 12);
  private used = 0;
  private readonly others = new Map<string, number>();

  get size(): number {
    return this.used + this.others.size;
  }

  get(id: string): number | undefined {
    if (!CANONICAL_ID.test(id)) {
      return this.others.get(id);
    }
    const hi = highOf(id);
    const lo = lowOf(id);
    const mask = this.rows.length - 1;
    for (let slot = hashOf(hi, lo) & mask; ; slot = (slot + 1) & mask) {
      const row = this.rows[slot] ?? 0;
      if (row === 0) {
        return undefined;
      }
      if (this.high[slot] === hi && this.low[slot] === lo) {
        return row - 1;
      }
    }
  }

  /** Records the first row of a new ID number (callers check with get first). */
  add(id: string, rowNumber: number): void {
    if (!CANONICAL_ID.test(id)) {
      this.others.set(id, rowNumber);
      return;
    }
    if ((this.used + 1) * 2 > this.rows.length) {
      this.grow();
    }
    this.put(highOf(id), lowOf(id), rowNumber + 1);
    this.used += 1;
  }

  private put(hi: number, lo: number, stored: number): void {
    const mask = this.rows.length - 1;
    let slot = hashOf(hi, lo) & mask;
    while ((this.rows[slot] ?? 0) !== 0) {
      slot = (slot + 1) & mask;
    }
    this.high[slot] = hi;
    this.low[slot] = lo;
    this.rows[slot] = stored;
  }

  private grow(): void {
    const { high, low, rows } = this;
    this.high = new Uint32Array(rows.length * 2);
    this.low = new Uint32Array(rows.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let slot = 0; slot < rows.length; slot += 1) {
      const stored = rows[slot] ?? 0;
      if (stored !== 0) {
        this.put(high[slot] ?? 0, low[slot] ?? 0, stored);
      }
    }
  }
}

/** Digits 1–9 of a canonical ID number (< 10^9). */
function highOf(id: string): number {
  let value = 0;
  for (let i = 0; i < 9; i += 1) {
    value = value * 10 + (id.charCodeAt(i) - 48);
  }
  return value;
}

/** Digits 10–17 and the check character (X = 10) of a canonical ID number (< 1.1 × 10^9). */
function lowOf(id: string): number {
  let value = 0;
  for (let i = 9; i < 17; i += 1) {
    value = value * 10 + (id.charCodeAt(i) - 48);
  }
  const check = id.charCodeAt(17);
  return value * 11 + (check === 88 ? 10 : check - 48);
}

function hashOf(hi: number, lo: number): number {
  return (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo ^ (lo >>> 15), 0x85ebca77)) >>> 0;
}

export function createFileChecker(): FileChecker {
  const firstRowOfId = new IdRowTable();
  const households = new Map<string, FileHousehold>();
  /** The errors of a row that conflicts with earlier rows (the rare case: built only then). */
  const conflicts = (
    person: ImportedPerson,
    firstRow: number | undefined,
    household: FileHousehold | undefined,
    headerOf: Readonly<Partial<Record<ImportColumnKey, string>>>,
  ): RowError[] => {
    const columnName = (key: ImportColumnKey) => headerOf[key] ?? importColumnOf(key).header;
    const errors: RowError[] = [];
    const { rowNumber } = person;
    if (firstRow !== undefined) {
      errors.push({
        rowNumber,
        column: columnName('idNumber'),
        message: `身份证号与第${firstRow}行重复（同一文件中每人只能出现一次）`,
      });
    }
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
    return errors;
  };
  /** True when the row agrees with the household so far (village, one head, same household values). */
  const agrees = (person: ImportedPerson, household: FileHousehold): boolean => {
    if (household.villageCode !== person.villageCode) {
      return false;
    }
    if (person.relation === '户主' && household.headRow !== undefined) {
      return false;
    }
    const values = person.household;
    if (values !== undefined) {
      for (const key in values) {
        const existing = household.values[key as keyof ImportedHousehold];
        if (existing !== undefined && !sameValue(existing, values[key as keyof ImportedHousehold])) {
          return false;
        }
      }
    }
    return true;
  };
  return {
    check(person, headerOf = {}) {
      const { rowNumber } = person;
      const firstRow = firstRowOfId.get(person.idNumber);
      const household = person.householdNo === undefined ? undefined : households.get(person.householdNo);
      if (firstRow !== undefined || (household !== undefined && !agrees(person, household))) {
        return conflicts(person, firstRow, household, headerOf);
      }
      firstRowOfId.add(person.idNumber, rowNumber);
      if (person.householdNo !== undefined) {
        let entry = household;
        if (entry === undefined) {
          entry = {
            householdNo: person.householdNo,
            villageCode: person.villageCode,
            firstRow: rowNumber,
            values: {},
            valueRows: {},
          };
          households.set(person.householdNo, entry);
        }
        if (person.relation === '户主') {
          entry.headName = person.name;
          entry.headRow = rowNumber;
        }
        const values = person.household;
        if (values !== undefined) {
          for (const key in values) {
            const field = key as keyof ImportedHousehold;
            if (entry.values[field] === undefined) {
              (entry.values as Record<string, unknown>)[field] = values[field];
              entry.valueRows[field] = rowNumber;
            }
          }
        }
      }
      return NO_ERRORS;
    },
    households: () => households,
    size: () => firstRowOfId.size,
  };
}
