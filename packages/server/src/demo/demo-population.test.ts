import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { categoriesOnDate, IMPORT_COLUMNS, parseCitizenId } from '@healthaid/domain';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField, PgArray } from './bulk-copy.ts';
import { writePersonList } from './demo-files.ts';
import {
  createRandom,
  type DemoPerson,
  generateDemoPopulation,
  generateHouseholds,
} from './demo-population.ts';

const villages = Array.from({ length: 40 }, (_, i) => ({
  code: `130321${(100 + Math.floor(i / 10)).toString()}${(201 + (i % 10)).toString()}`,
  name: `第${i + 1}村村民委员会`,
  townshipName: `第${Math.floor(i / 10) + 1}镇`,
}));
const options = { countyCode: '130321', villages, persons: 10_000, seed: 7, asOf: '2026-11-01' };
const periodsOf = (p: DemoPerson) =>
  p.categories.map((c) => ({ category: c.category, validFrom: c.valid_from, validTo: c.valid_to }));

describe('createRandom', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const draws = Array.from({ length: 1000 }, () => a.int(3, 9));
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b.int(3, 9)));
    expect(Math.min(...draws)).toBe(3);
    expect(Math.max(...draws)).toBe(9);
  });
});

describe('generateDemoPopulation', { timeout: 60_000 }, () => {
  const population = generateDemoPopulation(options);

  it('is deterministic for a seed and produces exactly the persons asked for', () => {
    expect(generateDemoPopulation(options)).toEqual(population);
    expect(generateDemoPopulation({ ...options, seed: 8 }).persons[0]).not.toEqual(population.persons[0]);
    expect(population.persons).toHaveLength(10_000);
    expect(generateDemoPopulation({ ...options, persons: 1 }).persons).toHaveLength(1);
  });

  it('numbers households and persons from the given first ids, consecutively', () => {
    const shifted = generateDemoPopulation({
      ...options,
      persons: 300,
      firstHouseholdId: 50,
      firstPersonId: 900,
    });
    expect(shifted.households.map((h) => h.id)).toEqual(shifted.households.map((_, i) => 50 + i));
    expect(shifted.persons.map((p) => p.id)).toEqual(shifted.persons.map((_, i) => 900 + i));
  });

  it('produces valid, unique citizen IDs of the county matching sex and birth date', () => {
    const seen = new Set<string>();
    for (const person of population.persons) {
      const parsed = parseCitizenId(person.id_number, { today: options.asOf });
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.value).toMatchObject({
          countyCode: '130321',
          sex: person.sex,
          birthDate: person.birth_date,
        });
      }
      seen.add(person.id_number);
    }
    expect(seen.size).toBe(population.persons.length);
  });

  it('has about 3 persons per household, 因病 near 40 %, one head per household, plausible ages', () => {
    const perHousehold = population.persons.length / population.households.length;
    expect(perHousehold).toBeGreaterThan(2.6);
    expect(perHousehold).toBeLessThan(3.3);
    const illness =
      population.households.filter((h) => h.main_cause === '因病').length / population.households.length;
    expect(illness).toBeGreaterThan(0.36);
    expect(illness).toBeLessThan(0.44);
    const heads = population.persons.filter((p) => p.relation === '户主');
    expect(heads).toHaveLength(population.households.length);
    for (const p of population.persons) {
      expect(p.birth_date > '1920-01-01' && p.birth_date < options.asOf).toBe(true);
    }
  });

  it('mixes the categories as a county does, consistently with the household', () => {
    const householdOf = new Map(population.households.map((h) => [h.household_no, h]));
    const onAsOf = (p: (typeof population.persons)[number]) => categoriesOnDate(periodsOf(p), options.asOf);
    for (const person of population.persons) {
      const household = householdOf.get(person.household_no);
      expect(household).toBeDefined();
      if (!household) {
        continue;
      }
      const has = (c: string) => person.categories.some((x) => x.category === c);
      const bornBeforeExit =
        household.exit_year !== null && person.birth_date <= `${household.exit_year}-12-31`;
      // 建档立卡 only in registered households, 脱贫 exactly when the household exited.
      expect(has('poor_registered')).toBe(
        household.registered_year !== null && (bornBeforeExit || household.exit_year === null),
      );
      if (person.status === 'normal') {
        expect(has('poverty_exited')).toBe(household.exit_year !== null);
        expect(has('monitored')).toBe(
          household.monitoring_type !== null && person.birth_date < '2021-01-01' ? true : has('monitored'),
        );
        expect(!has('monitored') || household.monitoring_type !== null).toBe(true);
      }
      // 边缘易致贫户 were never poor; 低保 and 低保边缘 never together.
      if (household.monitoring_type === 'edge') {
        expect(has('poor_registered') || has('poverty_exited')).toBe(false);
      }
      expect(has('dibao') && has('dibao_edge')).toBe(false);
      expect(person.has_premium_subsidy).toBe(onAsOf(person).some((c) => c !== 'dibao_edge'));
    }
    const share = (test: (p: (typeof population.persons)[number]) => boolean) =>
      population.persons.filter(test).length / population.persons.length;
    expect(share((p) => onAsOf(p).includes('poverty_exited'))).toBeGreaterThan(0.75);
    expect(share((p) => onAsOf(p).includes('monitored'))).toBeGreaterThan(0.05);
    expect(share((p) => onAsOf(p).includes('monitored'))).toBeLessThan(0.15);
    expect(share((p) => onAsOf(p).includes('dibao'))).toBeGreaterThan(0.15);
    expect(share((p) => onAsOf(p).includes('tekun'))).toBeGreaterThan(0.01);
    expect(share((p) => onAsOf(p).includes('severe_disability'))).toBeGreaterThan(0.03);
    expect(share((p) => onAsOf(p).includes('dibao_edge'))).toBeGreaterThan(0.01);
    const monitored = population.households.filter((h) => h.monitoring_type !== null);
    expect(new Set(monitored.map((h) => h.monitoring_type))).toEqual(new Set(['unstable', 'edge', 'sudden']));
    expect(new Set(monitored.map((h) => h.risk_status))).toEqual(new Set(['eliminated', 'not_eliminated']));
  });

  it('keeps category periods well-formed, one per category, within the person life and up to the as-of date', () => {
    for (const person of population.persons) {
      // A death or move-out comes after the birth (the import and the comparison refuse anything else).
      expect(person.status_date === null || person.status_date > person.birth_date).toBe(true);
      const seen = new Set<string>();
      for (const c of person.categories) {
        expect(c.valid_from >= person.birth_date).toBe(true);
        expect(c.valid_from <= options.asOf).toBe(true);
        expect(c.valid_to === null || c.valid_to >= c.valid_from).toBe(true);
        if (person.status_date) {
          expect(c.valid_to !== null && c.valid_to <= person.status_date).toBe(true);
        }
        expect(seen.has(c.category)).toBe(false);
        seen.add(c.category);
      }
    }
  });

  it('keeps incomes in whole yuan (integer fen, multiple of 100), one per household and year', () => {
    expect(population.incomes.length).toBeGreaterThan(population.households.length * 4);
    const keys = new Set<string>();
    for (const income of population.incomes) {
      expect(Number.isInteger(income.per_capita_net_income_fen)).toBe(true);
      expect(income.per_capita_net_income_fen % 100).toBe(0);
      keys.add(`${income.household_no}|${income.year}`);
    }
    expect(keys.size).toBe(population.incomes.length);
  });

  it('weights the demo accounts’ village so its lists are full', () => {
    const emphasised = generateDemoPopulation({ ...options, emphasisedVillages: [villages[0]?.code ?? ''] });
    const inVillage = emphasised.persons.filter((p) => p.village_code === villages[0]?.code).length;
    expect(inVillage).toBeGreaterThan((emphasised.persons.length / villages.length) * 1.5);
  });

  it('refuses a county without villages and a non-positive size', () => {
    expect(() => generateDemoPopulation({ ...options, villages: [] })).toThrow('没有村级区划');
    expect(() => [...generateHouseholds({ ...options, persons: 0 })]).toThrow('人数');
  });
});

describe('COPY fields', () => {
  it('quotes strings, keeps NULL distinct from the empty string, writes arrays and JSON', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('a"b,c')).toBe('"a""b,c"');
    expect(csvField(12)).toBe('12');
    expect(csvField(true)).toBe('t');
    expect(csvField(new PgArray(['因病', 'x"y']))).toBe('"{""因病"",""x\\""y""}"');
    expect(csvField(new PgArray([1, 2]))).toBe('"{1,2}"');
    expect(csvField({ a: [1, 'x'] })).toBe('"{""a"":[1,""x""]}"');
    expect(() => csvField(Number.NaN)).toThrow();
  });
});

describe('person list files in the import template layout', () => {
  it('writes the same rows as CSV and .xlsx, with the template headers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-list-'));
    const small = { ...options, persons: 200 };
    const csvFile = path.join(dir, 'list.csv');
    const xlsxFile = path.join(dir, 'list.xlsx');
    expect(await writePersonList(csvFile, generateHouseholds(small), small.asOf)).toBe(200);
    expect(await writePersonList(xlsxFile, generateHouseholds(small), small.asOf)).toBe(200);
    const csv = fs.readFileSync(csvFile, 'utf8');
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toBe(`\uFEFF${IMPORT_COLUMNS.map((c) => `"${c.header}"`).join(',')}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.getWorksheet('人员名单');
    expect(sheet?.rowCount).toBe(201);
    const first = generateDemoPopulation(small).persons[0];
    expect(sheet?.getRow(2).getCell(1).value).toBe(first?.id_number);
    expect(lines[1]?.startsWith(`"${first?.id_number}","${first?.name}"`)).toBe(true);
    await expect(writePersonList(path.join(dir, 'x.txt'), [], small.asOf)).rejects.toThrow('.csv 或 .xlsx');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
