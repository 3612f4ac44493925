import { categoriesOnDate, parseCitizenId } from '@healthaid/domain';
import { describe, expect, it } from 'vitest';
import { createRandom, generateDemoPopulation } from './demo-population.ts';

const villages = Array.from({ length: 40 }, (_, i) => ({
  code: `130321${(100 + Math.floor(i / 10)).toString()}${(201 + (i % 10)).toString()}`,
  name: `第${i + 1}村村民委员会`,
  townshipName: `第${Math.floor(i / 10) + 1}镇`,
}));
const options = { countyCode: '130321', villages, households: 600, seed: 7, asOf: '2026-11-01' };

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

describe('generateDemoPopulation', () => {
  const population = generateDemoPopulation(options);

  it('is deterministic for a seed', () => {
    expect(generateDemoPopulation(options)).toEqual(population);
    expect(generateDemoPopulation({ ...options, seed: 8 }).persons[0]).not.toEqual(population.persons[0]);
  });

  it('produces valid, unique citizen IDs matching sex and birth date', () => {
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

  it('has about 3 persons per household, 因病 near 40 %, and one head per household', () => {
    const perHousehold = population.persons.length / population.households.length;
    expect(perHousehold).toBeGreaterThan(2.5);
    expect(perHousehold).toBeLessThan(3.5);
    const illness =
      population.households.filter((h) => h.main_cause === '因病').length / population.households.length;
    expect(illness).toBeGreaterThan(0.34);
    expect(illness).toBeLessThan(0.46);
    const heads = population.persons.filter((p) => p.relation === '户主');
    expect(heads).toHaveLength(population.households.length);
  });

  it('keeps category periods well-formed, non-overlapping per category, and within the person life', () => {
    for (const person of population.persons) {
      const byCategory = new Map<string, { from: string; to: string | null }[]>();
      for (const c of person.categories) {
        expect(c.valid_from >= person.birth_date).toBe(true);
        expect(c.valid_to === null || c.valid_to >= c.valid_from).toBe(true);
        if (person.status_date) {
          expect(c.valid_to !== null && c.valid_to <= person.status_date).toBe(true);
        }
        byCategory.set(c.category, [
          ...(byCategory.get(c.category) ?? []),
          { from: c.valid_from, to: c.valid_to },
        ]);
      }
      for (const periods of byCategory.values()) {
        expect(periods).toHaveLength(1);
      }
    }
    const exitedToday = population.persons.filter((p) =>
      categoriesOnDate(
        p.categories.map((c) => ({ category: c.category, validFrom: c.valid_from, validTo: c.valid_to })),
        options.asOf,
      ).includes('poverty_exited'),
    );
    expect(exitedToday.length).toBeGreaterThan(population.persons.length * 0.7);
  });

  it('keeps incomes in whole yuan (integer fen, multiple of 100)', () => {
    expect(population.incomes.length).toBeGreaterThan(population.households.length * 5);
    for (const income of population.incomes) {
      expect(Number.isInteger(income.per_capita_net_income_fen)).toBe(true);
      expect(income.per_capita_net_income_fen % 100).toBe(0);
    }
  });
});
