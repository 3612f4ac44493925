import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { containsPattern, regionNameOf, townshipNameOf } from './sql-fragments.ts';

const db = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('containsPattern', () => {
  it.each([
    ['张三', '%张三%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['c:\\x', '%c:\\\\x%'],
  ])('%s → %s', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });
});

describe('region name fragments', () => {
  it('falls back to the code when the region is unknown', () => {
    expect(regionNameOf('p.village_code').compile(db).sql).toBe(
      'coalesce((SELECT r.name FROM region r WHERE r.code = "p"."village_code"), "p"."village_code")',
    );
  });

  it('looks the township up by its char(12) code, optionally not for county-level codes', () => {
    expect(townshipNameOf('s.village_code').compile(db).sql.replace(/\s+/g, ' ')).toBe(
      `coalesce((SELECT r.name FROM region r WHERE r.code = rpad(substr("s"."village_code", 1, 9), 12, '0')::char(12)), '')`,
    );
    expect(
      townshipNameOf('i.region_code', { shouldSkipCountyLevel: true }).compile(db).sql.replace(/\s+/g, ' '),
    ).toBe(
      `coalesce((SELECT r.name FROM region r WHERE r.code = rpad(substr("i"."region_code", 1, 9), 12, '0')::char(12) AND substr("i"."region_code", 7, 3) <> '000'), '')`,
    );
  });
});
