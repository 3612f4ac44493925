import { describe, expect, it } from 'vitest';
import { buildExportFilename } from './api.ts';

describe('buildExportFilename', () => {
  it.each([
    [{}, '审计日志.xlsx'],
    [{ from: '2026-01-01', to: '2026-01-31' }, '审计日志_2026-01-01至2026-01-31.xlsx'],
    [{ from: '2026-01-01' }, '审计日志_2026-01-01.xlsx'],
    [{ username: 'admin' }, '审计日志.xlsx'],
  ])('names the export of %j %s', (filters, expected) => {
    expect(buildExportFilename(filters)).toBe(expected);
  });
});
