import { describe, expect, it } from 'vitest';
import { findStatisticsTable, metricsOfTable, STATISTICS_TABLES } from './statistics-tables.ts';

describe('statistics tables', () => {
  it('have unique column keys and ratios that refer to columns of the same table', () => {
    for (const table of STATISTICS_TABLES) {
      const keys = table.groups.flatMap((g) => g.columns.map((c) => c.key));
      expect(new Set(keys).size).toBe(keys.length);
      for (const column of table.groups.flatMap((g) => g.columns)) {
        if ('ratioOf' in column) {
          expect(keys).toContain(column.ratioOf.numerator);
          expect(keys).toContain(column.ratioOf.denominator);
        }
      }
    }
  });

  it('list the poverty causes of the registry and read their metrics', () => {
    const causes = findStatisticsTable('poverty_causes');
    expect(causes?.groups[1]?.columns.map((c) => c.title)).toContain('自身发展动力不足');
    expect(metricsOfTable(causes as NonNullable<typeof causes>)).toContain('cause:因病');
  });
});
