import { describe, expect, it } from 'vitest';
import { INSTITUTION_LEVELS, type InstitutionLevel } from '../disease/institution-standardisation.ts';
import { HOSPITAL_LEVELS, type HospitalLevel } from '../settlement/settlement-vocabulary.ts';
import { settlementLevelOf } from './settlement-level.ts';

describe('settlementLevelOf', () => {
  const table: [InstitutionLevel, HospitalLevel][] = [
    ['village_clinic', 'township'],
    ['township_health_centre', 'township'],
    ['community_health_centre', 'township'],
    ['county', 'county'],
    ['city', 'city'],
    ['province', 'province'],
  ];
  it.each(table)('%s settles at %s level', (level, expected) => {
    expect(settlementLevelOf(level)).toBe(expected);
  });

  it('covers every institution level with a known hospital level', () => {
    expect(table.map(([level]) => level).sort()).toEqual([...INSTITUTION_LEVELS].sort());
    for (const level of INSTITUTION_LEVELS) {
      expect(HOSPITAL_LEVELS).toContain(settlementLevelOf(level));
    }
  });
});
