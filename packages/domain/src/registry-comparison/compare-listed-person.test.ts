import { describe, expect, it } from 'vitest';
import type { ImportedPerson } from '../registry-import/validate-person-row.ts';
import {
  type ComparedRegistryPerson,
  categoriesOfSource,
  compareListedPerson,
  isComparisonSource,
} from './compare-listed-person.ts';

const registry: ComparedRegistryPerson = {
  name: '张三',
  status: 'normal',
  householdNo: 'H1',
  villageCode: '130321100201',
  categories: ['poverty_exited', 'dibao'],
};
const listed: ImportedPerson = {
  rowNumber: 2,
  idNumber: '130321198005060012',
  name: '张三',
  sex: 'M',
  birthDate: '1980-05-06',
  villageCode: '130321100201',
};

describe('compareListedPerson', () => {
  it('finds nothing when the listed values agree and blank cells are not compared', () => {
    expect(compareListedPerson(registry, listed, { hasCategoryColumn: false, source: '医保局' })).toEqual([]);
  });

  it('reports name, household and village differences', () => {
    const result = compareListedPerson(
      registry,
      { ...listed, name: '张叁', householdNo: 'H2', villageCode: '130321100202' },
      { hasCategoryColumn: false, source: '医保局' },
    );
    expect(result).toEqual([
      { field: 'name', listValue: '张叁', registryValue: '张三' },
      { field: 'household', listValue: 'H2', registryValue: 'H1' },
      { field: 'village', listValue: '130321100202', registryValue: '130321100201' },
    ]);
  });

  it('compares only the categories the source is responsible for', () => {
    const options = { hasCategoryColumn: true, source: '民政' } as const;
    // 民政 lists 低保: 脱贫人口 is the poverty office's business.
    expect(compareListedPerson(registry, { ...listed, categories: ['dibao'] }, options)).toEqual([]);
    expect(compareListedPerson(registry, { ...listed, categories: ['tekun'] }, options)).toEqual([
      { field: 'categories', listValue: '特困供养', registryValue: '低保' },
    ]);
    expect(compareListedPerson(registry, listed, options)).toEqual([
      { field: 'categories', listValue: null, registryValue: '低保' },
    ]);
  });

  it('takes a listed person without a status to be alive and resident', () => {
    expect(
      compareListedPerson({ ...registry, status: 'dead' }, listed, {
        hasCategoryColumn: false,
        source: '其他',
      }),
    ).toEqual([{ field: 'status', listValue: '正常（名单在列）', registryValue: '死亡' }]);
    expect(
      compareListedPerson(
        { ...registry, status: 'dead' },
        { ...listed, status: 'dead', statusDate: '2026-01-01' },
        { hasCategoryColumn: false, source: '其他' },
      ),
    ).toEqual([]);
  });

  it('knows the sources and their categories', () => {
    expect(isComparisonSource('民政')).toBe(true);
    expect(isComparisonSource('税务局')).toBe(false);
    expect(categoriesOfSource('医保局')).toBeNull();
    expect(categoriesOfSource('扶贫办')).toContain('poor_registered');
  });
});
