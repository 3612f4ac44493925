import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Insertable } from 'kysely';
import Papa from 'papaparse';
import type { RegionTable } from '../../db/schema.ts';

/**
 * Turns the shipped division CSVs (and imported village files) into region rows with 12-digit codes
 * and explicit parent links. The CSVs' own parent columns are authoritative (e.g. 东莞市's townships
 * hang under the county-level entry 441900).
 */
export const REGION_DATA_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../db/data/regions',
);

export type RegionInsert = Insertable<RegionTable>;

const pad12 = (code: string) => code.padEnd(12, '0');

type CsvRow = Record<string, string>;

function readCsv(file: string): CsvRow[] {
  const result = Papa.parse<CsvRow>(fs.readFileSync(file, 'utf8'), {
    header: true,
    skipEmptyLines: true,
    transform: (value) => value.trim(),
    transformHeader: (header) => header.trim(),
  });
  const problem = result.errors[0];
  if (problem) {
    throw new Error(`${path.basename(file)} 第${(problem.row ?? 0) + 2}行格式有误：${problem.message}`);
  }
  return result.data;
}

function field(row: CsvRow, name: string, file: string, line: number): string {
  const value = row[name];
  if (value === undefined || value === '') {
    throw new Error(`${path.basename(file)} 第${line}行缺少“${name}”`);
  }
  return value;
}

export function readBuiltinRegions(dir = REGION_DATA_DIR): RegionInsert[] {
  const rows: RegionInsert[] = [];
  const seen = new Set<string>();
  const load = (file: string, toRow: (row: CsvRow, line: number) => RegionInsert | null) => {
    const full = path.join(dir, file);
    readCsv(full).forEach((row, index) => {
      const region = toRow(row, index + 2);
      // A few placeholder rows repeat their parent's code (e.g. the township "350527000" of 金门县).
      if (region && !seen.has(region.code)) {
        seen.add(region.code);
        rows.push(region);
      }
    });
  };
  load('provinces.csv', (r, l) => ({
    code: pad12(field(r, 'code', 'provinces.csv', l)),
    name: field(r, 'name', 'provinces.csv', l),
    level: 'province',
    parent_code: null,
    county_code: null,
  }));
  load('cities.csv', (r, l) => ({
    code: pad12(field(r, 'code', 'cities.csv', l)),
    name: field(r, 'name', 'cities.csv', l),
    level: 'city',
    parent_code: pad12(field(r, 'provinceCode', 'cities.csv', l)),
    county_code: null,
  }));
  // Cities without counties (东莞 441900, 中山 442000, 儋州 460400) list themselves as a county whose
  // 12-digit code equals the city's; their townships hang directly under the city.
  load('areas.csv', (r, l) => {
    const code = field(r, 'code', 'areas.csv', l);
    if (code.endsWith('00')) {
      return null;
    }
    return {
      code: pad12(code),
      name: field(r, 'name', 'areas.csv', l),
      level: 'county',
      parent_code: pad12(field(r, 'cityCode', 'areas.csv', l)),
      county_code: code,
    };
  });
  load('streets.csv', (r, l) => {
    const county = field(r, 'areaCode', 'streets.csv', l);
    return {
      code: pad12(field(r, 'code', 'streets.csv', l)),
      name: field(r, 'name', 'streets.csv', l),
      level: 'township',
      parent_code: county.endsWith('00') ? pad12(county.slice(0, 4)) : pad12(county),
      county_code: county,
    };
  });
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /^villages-.*\.csv$/.test(f))
    .sort()) {
    rows.push(...readVillageCsv(path.join(dir, file)));
  }
  return rows;
}

/** Village file columns: code,name,streetCode,provinceCode,cityCode,areaCode (as shipped). */
export function readVillageCsv(file: string): RegionInsert[] {
  return readCsv(file).map((r, index) => {
    const line = index + 2;
    const code = field(r, 'code', file, line);
    const township = field(r, 'streetCode', file, line);
    if (!/^\d{12}$/.test(code)) {
      throw new Error(`${path.basename(file)} 第${line}行：村级代码“${code}”应为12位数字`);
    }
    if (!/^\d{9}$/.test(township) || !code.startsWith(township)) {
      throw new Error(`${path.basename(file)} 第${line}行：乡镇代码“${township}”与村级代码“${code}”不一致`);
    }
    return {
      code,
      name: field(r, 'name', file, line),
      level: 'village' as const,
      parent_code: pad12(township),
      county_code: code.slice(0, 6),
    };
  });
}
