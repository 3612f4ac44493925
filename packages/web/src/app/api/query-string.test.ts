import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildQuery, parseContentDispositionFilename } from './query-string.ts';

describe('buildQuery', () => {
  it.each([
    [undefined, ''],
    [{}, ''],
    [{ q: '', role: undefined, status: null }, ''],
    [{ page: 1, pageSize: 20 }, '?page=1&pageSize=20'],
    [{ q: '张 三', result: 'denied' }, '?q=%E5%BC%A0+%E4%B8%89&result=denied'],
    [{ isActive: false }, '?isActive=false'],
  ])('builds %j as %s', (params, expected) => {
    expect(buildQuery(params)).toBe(expected);
  });

  it('round-trips every non-empty value through URLSearchParams', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string({ minLength: 1 })), (params) => {
        const parsed = new URLSearchParams(buildQuery(params).slice(1));
        expect(Object.fromEntries(parsed)).toEqual(params);
      }),
    );
  });
});

describe('parseContentDispositionFilename', () => {
  it.each([
    [null, null],
    ['attachment', null],
    ['attachment; filename="audit.xlsx"', 'audit.xlsx'],
    ['attachment; filename=audit.xlsx', 'audit.xlsx'],
    [
      `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`,
      '审计日志.xlsx',
    ],
    ["attachment; filename*=UTF-8''%E0%A4%A", '%E0%A4%A'],
  ])('reads %s as %s', (header, expected) => {
    expect(parseContentDispositionFilename(header)).toBe(expected);
  });
});
