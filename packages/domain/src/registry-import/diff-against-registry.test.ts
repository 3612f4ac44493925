import { describe, expect, it } from 'vitest';
import {
  classifyImportedPerson,
  diffHouseholdFields,
  planCategoryChanges,
  type RegistryPersonSnapshot,
} from './diff-against-registry.ts';
import type { ImportedPerson } from './validate-person-row.ts';

const TODAY = '2026-11-23';
const existing: RegistryPersonSnapshot = {
  name: '张三',
  sex: 'M',
  birthDate: '1980-01-01',
  villageCode: '130321100201',
  householdNo: 'H1',
  relation: '户主',
  phone: null,
  isInsured: true,
  hasPremiumSubsidy: false,
  disabilityCert: null,
  status: 'normal',
  statusDate: null,
  openCategories: [
    { id: 7, category: 'dibao', validFrom: '2020-01-01', source: '民政' },
    { id: 8, category: 'poverty_exited', validFrom: '2019-01-01', source: '扶贫办' },
  ],
};
const row: ImportedPerson = {
  rowNumber: 2,
  idNumber: '130321198001010011',
  name: '张三',
  sex: 'M',
  birthDate: '1980-01-01',
  villageCode: '130321100201',
};
const options = { hasCategoryColumn: false, source: '民政', today: TODAY };

describe('classifyImportedPerson', () => {
  it('new when the registry has no such person', () => {
    expect(classifyImportedPerson(null, row, options).kind).toBe('new');
  });

  it('unchanged when every given value matches; blank cells never clear', () => {
    expect(classifyImportedPerson(existing, row, options)).toEqual({
      kind: 'unchanged',
      changes: [],
      categories: { open: [], close: [] },
    });
  });

  it('lists each changed field with old and new text', () => {
    const result = classifyImportedPerson(
      existing,
      { ...row, name: '张叁', phone: '13800001234', hasPremiumSubsidy: true, householdNo: 'H2' },
      options,
    );
    expect(result.kind).toBe('changed');
    expect(result.changes).toEqual([
      { field: 'name', oldValue: '张三', newValue: '张叁' },
      { field: 'household_no', oldValue: 'H1', newValue: 'H2' },
      { field: 'phone', oldValue: null, newValue: '13800001234' },
      { field: 'has_premium_subsidy', oldValue: 'false', newValue: 'true' },
    ]);
  });
});

describe('planCategoryChanges', () => {
  it('opens listed categories and closes only those of the same department', () => {
    const plan = planCategoryChanges({
      existing: existing.openCategories,
      incoming: { ...row, categories: ['tekun'], categoryFrom: '2026-01-01' },
      hasCategoryColumn: true,
      source: '民政',
      today: TODAY,
    });
    expect(plan).toEqual({
      open: [{ category: 'tekun', validFrom: '2026-01-01' }],
      close: [{ id: 7, category: 'dibao', validTo: '2026-11-22' }],
    });
  });

  it('never closes before the period start', () => {
    const plan = planCategoryChanges({
      existing: [{ id: 1, category: 'dibao', validFrom: TODAY, source: '民政' }],
      incoming: row,
      hasCategoryColumn: true,
      source: '民政',
      today: TODAY,
    });
    expect(plan.close).toEqual([{ id: 1, category: 'dibao', validTo: TODAY }]);
  });

  it('does nothing without the category column', () => {
    expect(
      planCategoryChanges({
        existing: existing.openCategories,
        incoming: row,
        hasCategoryColumn: false,
        source: '民政',
        today: TODAY,
      }),
    ).toEqual({ open: [], close: [] });
  });
});

describe('diffHouseholdFields', () => {
  it('compares the given fields only', () => {
    const changes = diffHouseholdFields(
      {
        villageCode: '130321100201',
        address: null,
        headName: '张三',
        povertyAttribute: 'general',
        mainCause: '因病',
        otherCauses: [],
        registeredYear: 2014,
        exitStatus: 'not_exited',
        exitYear: null,
        monitoringType: null,
        riskStatus: null,
      },
      {
        villageCode: '130321100201',
        values: { exitStatus: 'exited', exitYear: 2019, otherCauses: ['因残'] },
      },
    );
    expect(changes).toEqual([
      { field: 'other_causes', oldValue: null, newValue: '因残' },
      { field: 'exit_status', oldValue: 'not_exited', newValue: 'exited' },
      { field: 'exit_year', oldValue: null, newValue: '2019' },
    ]);
  });
});
