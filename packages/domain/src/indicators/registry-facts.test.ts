import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/iso-date.ts';
import { countsOn, type FactHousehold, type FactPerson, householdFactEvents } from './registry-facts.ts';

const poor = (validFrom: string, validTo: string | null = null) => ({
  category: 'poor_registered',
  validFrom,
  validTo,
});
const person = (
  categories: FactPerson['categories'],
  status: FactPerson['status'] = 'normal',
  statusDate: string | null = null,
): FactPerson => ({
  status,
  statusDate,
  categories,
});

describe('householdFactEvents', () => {
  it('counts a household while any member is poor, and members only while alive', () => {
    const household: FactHousehold = {
      isHousehold: true,
      mainCause: '因病',
      persons: [
        person([poor('2016-01-01')], 'dead', '2026-06-01'),
        person([
          poor('2020-03-01', '2025-12-31'),
          { category: 'monitored', validFrom: '2026-01-01', validTo: null },
        ]),
      ],
    };
    const events = householdFactEvents(household);
    const on = (day: string) => countsOn(events, day);
    expect(on('2015-12-31').get('poor_households') ?? 0).toBe(0);
    expect(on('2016-01-01').get('poor_persons')).toBe(1);
    expect(on('2021-01-01').get('poor_persons')).toBe(2);
    expect(on('2021-01-01').get('illness_poor_households')).toBe(1);
    expect(on('2026-01-01').get('poor_persons')).toBe(1);
    expect(on('2026-01-01').get('monitored_persons')).toBe(1);
    // Died on 2026-06-01: counted on 05-31, not on 06-01.
    expect(on('2026-05-31').get('poor_persons')).toBe(1);
    expect(on('2026-06-01').get('poor_persons')).toBe(0);
    expect(on('2026-06-01').get('poor_households')).toBe(0);
    expect(on('2026-06-01').get('monitored_households')).toBe(1);
    expect(on('2026-06-01').get('cause:因病')).toBe(0);
    expect(on('2021-01-01').get('category:poor_registered')).toBe(2);
  });

  it('ignores persons gone with no date, and lone persons count in person metrics only', () => {
    const events = householdFactEvents({
      isHousehold: false,
      mainCause: null,
      persons: [person([poor('2016-01-01')]), person([poor('2016-01-01')], 'moved_out', null)],
    });
    expect(countsOn(events, '2026-01-01').get('poor_persons')).toBe(1);
    expect(countsOn(events, '2026-01-01').has('poor_households')).toBe(false);
  });

  const dayArb = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2015-01-01', n));
  const categoryArb = fc
    .tuple(
      fc.constantFrom('poor_registered', 'poverty_exited', 'monitored', 'dibao'),
      dayArb,
      fc.option(dayArb),
    )
    .map(([category, a, b]) => ({ category, validFrom: a, validTo: b }));
  const personArb = fc
    .tuple(
      fc.array(categoryArb, { maxLength: 4 }),
      fc.constantFrom('normal', 'dead', 'moved_out'),
      fc.option(dayArb),
    )
    .map(([categories, status, statusDate]) =>
      person(categories, status as FactPerson['status'], statusDate),
    );

  it('agrees with counting person by person on any day (property)', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 5 }), dayArb, (persons, day) => {
        const isCounted = (p: FactPerson, categories: string[]) =>
          (p.status === 'normal' || (p.statusDate !== null && p.statusDate > day)) &&
          p.categories.some(
            (c) =>
              categories.includes(c.category) &&
              c.validFrom <= day &&
              (c.validTo === null || c.validTo >= day),
          );
        const counts = countsOn(householdFactEvents({ isHousehold: true, mainCause: '因病', persons }), day);
        const poorCats = ['poor_registered', 'poverty_exited'];
        const poorCount = persons.filter((p) => isCounted(p, poorCats)).length;
        expect(counts.get('poor_persons') ?? 0).toBe(poorCount);
        expect(counts.get('illness_poor_persons') ?? 0).toBe(poorCount);
        expect(counts.get('poor_households') ?? 0).toBe(poorCount > 0 ? 1 : 0);
        expect(counts.get('monitored_persons') ?? 0).toBe(
          persons.filter((p) => isCounted(p, ['monitored'])).length,
        );
        expect(counts.get('category:dibao') ?? 0).toBe(persons.filter((p) => isCounted(p, ['dibao'])).length);
      }),
      { numRuns: 500 },
    );
  });
});
