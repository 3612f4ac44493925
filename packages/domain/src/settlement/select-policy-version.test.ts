import { describe, expect, it } from 'vitest';
import { listPolicyRegionCandidates, selectPolicyVersion } from './select-policy-version.ts';

const versions = [
  { id: 'hebei', regionCode: '130000000000', version: 1, effectiveFrom: '2020-01-01', effectiveTo: null },
  { id: 'qhd', regionCode: '130300000000', version: 1, effectiveFrom: '2023-01-01', effectiveTo: null },
  {
    id: 'ql-1',
    regionCode: '130321000000',
    version: 1,
    effectiveFrom: '2024-01-01',
    effectiveTo: '2024-06-30',
  },
  { id: 'ql-2', regionCode: '130321000000', version: 2, effectiveFrom: '2024-07-01', effectiveTo: null },
  { id: 'ql-2-fix', regionCode: '130321000000', version: 3, effectiveFrom: '2024-07-01', effectiveTo: null },
];

describe('selectPolicyVersion', () => {
  it.each([
    // County version in force on the date; the highest version wins.
    ['130321100201', '2024-03-15', 'ql-1'],
    ['130321', '2024-06-30', 'ql-1'],
    ['130321', '2024-07-01', 'ql-2-fix'],
    // Before the county's first version: falls back to the city, then the province.
    ['130321', '2023-05-01', 'qhd'],
    ['130322', '2024-05-01', 'qhd'],
    ['130100', '2021-05-01', 'hebei'],
  ])('%s on %s → %s', (region, date, id) => {
    expect(selectPolicyVersion(versions, region, date)?.id).toBe(id);
  });

  it('returns null when no version covers the date', () => {
    expect(selectPolicyVersion(versions, '130321', '2019-12-31')).toBeNull();
    expect(selectPolicyVersion(versions, '320900', '2024-01-01')).toBeNull();
  });

  it('names a bad date or region code', () => {
    expect(() => selectPolicyVersion(versions, '130321', '2024-13-01')).toThrow(/服务日期（serviceDate）/);
    expect(() => listPolicyRegionCandidates('13a')).toThrow(/行政区划代码（regionCode）/);
  });

  it('lists region candidates from the most specific', () => {
    expect(listPolicyRegionCandidates('130321100201')).toEqual([
      '130321100201',
      '130321000000',
      '130300000000',
      '130000000000',
    ]);
    expect(listPolicyRegionCandidates('3209')).toEqual(['320900000000', '320000000000']);
  });
});
