import { describe, expect, it } from 'vitest';
import { changeText, diffFields } from './registry-diff.ts';

describe('changeText', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    [true, 'true'],
    [false, 'false'],
    [[], null],
    [['因病', '因学'], '因病,因学'],
    [2020, '2020'],
    ['张三', '张三'],
  ])('%j → %j', (value, expected) => {
    expect(changeText(value)).toBe(expected);
  });
});

describe('diffFields', () => {
  const current = { name: '张三', phone: null, is_insured: true, other_causes: ['因病'] };
  const columns = { name: 'name', phone: 'phone', isInsured: 'is_insured', otherCauses: 'other_causes' };

  it('reports only changed keys that are present', () => {
    expect(
      diffFields(current, { name: '张三', phone: '13800000000', isInsured: undefined }, columns),
    ).toEqual([{ field: 'phone', oldValue: null, newValue: '13800000000' }]);
  });

  it('treats null, empty string and empty array alike, and compares booleans and arrays', () => {
    expect(diffFields(current, { phone: '' }, columns)).toEqual([]);
    expect(diffFields(current, { isInsured: false, otherCauses: ['因病', '因学'] }, columns)).toEqual([
      { field: 'is_insured', oldValue: 'true', newValue: 'false' },
      { field: 'other_causes', oldValue: '因病', newValue: '因病,因学' },
    ]);
  });
});
